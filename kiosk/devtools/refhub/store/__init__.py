"""The reference hub's state and rules, persisted in SQLite inside the hub folder.

Enrolments, sessions, documents, submissions, cases, appointments, call-staff
requests and heartbeats survive restarts, one module per resource behind the
``HubStore`` facade. Document bytes live as files named by their SHA-256 beside
the database. Time always comes from the injected clock, so tests can move a case
along or expire a code without waiting.
"""

from .database import LOCAL_TZ, HubProblem
from .hub_store import HubStore

__all__ = ["LOCAL_TZ", "HubProblem", "HubStore"]
