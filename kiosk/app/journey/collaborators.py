"""What the journey needs from outside: hub, catalog, outbox, circle data, printer jobs.

Each is a protocol, so the runtime wires the real hub client, catalog cache and
outbox in, and the unit tests wire in-memory fakes (``tests/fakes.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from kiosk.app.circle.slips import Slip
from kiosk.base.receipt_record import ReceiptRecord
from kiosk.hub.schema import (
    Appointment,
    CallReason,
    CardIdentity,
    CaseStatus,
    Catalog,
    CodeSent,
    DistrictMap,
    FormSchema,
    IdentitySession,
    Prefill,
    ServicePoint,
    ServicePoints,
    Slots,
)
from offline_cache.cache import Cached
from offline_cache.errands import ErrandRecord
from offline_cache.outbox import Enqueued, SubmissionDraft
from offline_cache.ratings import RatingDraft


class HubAccess(Protocol):
    """The hub calls the journey makes (``kiosk.hub.client.HubClient`` provides them)."""

    def identify_card(self, identity: CardIdentity) -> IdentitySession: ...
    def request_code(self, session_id: str) -> CodeSent: ...
    def verify_code(self, session_id: str, code: str) -> IdentitySession: ...
    def resolve_qr(self, payload: str) -> IdentitySession: ...
    def prefill(self, session_id: str, service_id: str) -> Prefill: ...
    def case_status(self, tracking_code: str) -> CaseStatus: ...
    def service_points(
        self, lat: float, lon: float, service_id: str | None = None
    ) -> list[ServicePoint]: ...
    def call_staff(
        self, reason: CallReason, *, elder_mode: bool = False, locale: str = "zh-CN"
    ) -> Any: ...
    def slots(self, point_id: str, service_id: str, day: dt.date) -> Slots: ...
    def book(self, session_id: str, point_id: str, service_id: str,
             slot_start: dt.datetime) -> Appointment: ...
    def cancel(self, appointment_id: str, session_id: str | None = None) -> Appointment: ...
    def my_appointments(self, session_id: str) -> list[Appointment]: ...


class CircleSource(Protocol):
    """The district map and the service points around this terminal: from the hub when it
    answers (and kept), else the kept copy; ``None`` when there never was one."""

    def district_map(self) -> Cached[DistrictMap] | None: ...
    def service_points(self) -> Cached[ServicePoints] | None: ...


class RatingSink(Protocol):
    """The ratings outbox: a rating is stored, then delivered by the sync worker."""

    def enqueue_rating(self, draft: RatingDraft) -> str:
        """Store the rating; its client id. ``StorageFault`` if the disk refuses."""
        ...


class ErrandSink(Protocol):
    """Where each errand's one-visit measures go (no personal data)."""

    def record(self, errand: ErrandRecord) -> None: ...


class CatalogSource(Protocol):
    """Catalog and forms, from the hub when reachable, else from the local cache."""

    def catalog(self) -> Catalog | None: ...
    def form(self, service_id: str) -> FormSchema | None: ...


class SubmissionSink(Protocol):
    """The durable outbox plus its sync worker."""

    def enqueue(self, draft: SubmissionDraft, receipt: ReceiptRecord) -> Enqueued:
        """Store the submission and its receipt record; ``StorageFault`` if the disk refuses."""
        ...

    def wait_sent(self, client_id: str, timeout_s: float) -> bool:
        """Nudge the sync worker and wait up to ``timeout_s`` for delivery."""
        ...


# (slip, locale, paper width mm) -> one ESC/POS job, for this terminal's printer.
SlipBuilder = Callable[[Slip, str, int], bytes]

# (record, locale, paper width mm) -> one ESC/POS job. The builder knows its terminal:
# the terminal id and tracking link it prints come from the same configuration.
ReceiptBuilder = Callable[[ReceiptRecord, str, int], bytes]
