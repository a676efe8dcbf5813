"""Structured logging: one event catalogue, typed fields, JSON lines on stderr.

``emit(SubmissionSent(client_id=..., attempts=1, age_s=0.4))`` is how every layer
logs; ``subscribe`` lets the metrics count the same events.
"""

from kiosk.base.events.catalogue import CATALOGUE
from kiosk.base.events.event import Event, Level, collected, emit, subscribe
from kiosk.base.events.fields import ClientId, Ident, Version
from kiosk.base.events.logsetup import LEVELS, configure, resolve_level

__all__ = ["CATALOGUE", "LEVELS", "ClientId", "Event", "Ident", "Level", "Version", "collected",
           "configure", "emit", "resolve_level", "subscribe"]
