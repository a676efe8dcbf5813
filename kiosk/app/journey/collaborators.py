"""What the journey needs from outside: the hub, the catalog, the outbox and a receipt printer job.

Each is a protocol, so the runtime wires the real hub client, catalog cache and
outbox in, and the unit tests wire in-memory fakes (``tests/fakes.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from kiosk.base.receipt_record import ReceiptRecord
from kiosk.hub.schema import (
    CallReason,
    CardIdentity,
    CaseStatus,
    Catalog,
    CodeSent,
    FormSchema,
    IdentitySession,
    Prefill,
    ServicePoint,
)
from offline_cache.outbox import Enqueued, SubmissionDraft


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


# (record, locale, paper width mm) -> one ESC/POS job. The builder knows its terminal:
# the terminal id and tracking link it prints come from the same configuration.
ReceiptBuilder = Callable[[ReceiptRecord, str, int], bytes]
