"""Everything personal about one resident's visit, in one object that is wiped at the end."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.app import forms
from kiosk.base.receipt_record import ReceiptRecord
from kiosk.hub.schema import Appointment, CodeSent, IdentitySession, Prefill, Service


@dataclass(repr=False)
class Identity:
    """Who the resident is, as far as this session knows."""

    kind: str  # "id_card" | "citizen_card" | "eid_qr"
    card: forms.CardFacts
    card_number: str | None
    hub_session: IdentitySession | None

    @property
    def level(self) -> int:
        """1 for a card read alone, 2 after a one-time code or an e-ID QR."""
        return self.hub_session.level if self.hub_session else 1


@dataclass(frozen=True, repr=False)
class SubmitOutcome:
    """What submitting produced: the receipt record (``queued`` until the hub confirmed it),
    its tracking link, and whether the receipt printed or why not."""

    receipt: ReceiptRecord
    tracking_url: str
    printed: bool
    print_failure: str | None  # a message key when the receipt did not print
    take_card: bool  # an ID card was read: remind the resident to take it
    job: bytes  # the ESC/POS job as sent (or not) to the printer

    @property
    def status(self) -> str:
        """``sent`` once the hub confirmed the submission, else ``queued``."""
        return "queued" if self.receipt.queued else "sent"

    def __repr__(self) -> str:
        return f"SubmitOutcome(status={self.status!r}, printed={self.printed})"


@dataclass(repr=False)
class Session:
    """Every personal value of one resident's visit; wiped at the end."""

    identity: Identity | None = None
    service: Service | None = None
    form: forms.FormState | None = None
    prefill: Prefill | None = None
    code_sent: CodeSent | None = None
    pages: dict[str, list[tuple[bytes, str]]] = field(default_factory=dict)
    signature_png: bytes | None = None
    outcome: SubmitOutcome | None = None
    pending_service_id: str | None = None
    # What the resident asked for before identifying: "book" or "my_appointments".
    pending_action: str | None = None
    # The service details screen's hub answer (materials on file), for that service only.
    details_prefill: Prefill | None = None
    delivery_mode: str | None = None
    pickup_point_id: str | None = None
    mail_form: forms.FormState | None = None
    appointments: list[Appointment] = field(default_factory=list)
    booked: Appointment | None = None

    def __repr__(self) -> str:
        return f"Session(identified={self.identity is not None}, personal=<masked>)"

    def wipe(self) -> None:
        """Drop every reference to the resident's data."""
        if self.form is not None:
            self.form.wipe()
        if self.mail_form is not None:
            self.mail_form.wipe()
        for pages in self.pages.values():
            pages.clear()
        self.pages.clear()
        self.identity = None
        self.service = None
        self.form = None
        self.prefill = None
        self.code_sent = None
        self.signature_png = None
        self.outcome = None
        self.pending_service_id = None
        self.pending_action = None
        self.details_prefill = None
        self.delivery_mode = None
        self.pickup_point_id = None
        self.mail_form = None
        self.appointments.clear()
        self.appointments = []
        self.booked = None
