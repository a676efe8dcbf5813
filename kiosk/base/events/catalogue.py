"""Every event the kiosk logs: its name, level, typed fields and meaning, in one place.

``docs/events.md`` is generated from this module (``kiosk events --markdown``)
and a test fails when the two differ. Fields hold only numbers, flags and the
token types of ``kiosk.base.events.fields``: no event can carry a resident's
name, ID number, phone, address or any other free text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.base.events.event import Event, Level
from kiosk.base.events.fields import ClientId, Ident, Version

DeviceState = Literal["ok", "degraded", "fault", "absent"]
EndReason = Literal["finished", "timeout", "exit", "card_removed"]
IdentityKind = Literal["id_card", "citizen_card", "eid_qr"]


# --- the process --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class KioskStarted(Event):
    """The kiosk opened its store, hub link and devices and is ready to serve."""

    NAME = "kiosk.started"
    LEVEL = Level.INFO
    terminal: Ident
    profile: Ident
    version: Version
    crypto_profile: Ident
    devices: bool


@dataclass(frozen=True, kw_only=True)
class KioskStopped(Event):
    """The kiosk closed its workers, devices, store and hub link."""

    NAME = "kiosk.stopped"
    LEVEL = Level.INFO
    uptime_s: float


@dataclass(frozen=True, kw_only=True)
class KioskCannotStart(Event):
    """The kiosk cannot start here; ``problem`` is store, store_key, hub_enrolment or config."""

    NAME = "kiosk.cannot_start"
    LEVEL = Level.ERROR
    problem: Ident


@dataclass(frozen=True, kw_only=True)
class KioskOutOfService(Event):
    """The out-of-service screen shows; ``problem`` is its fault code (store, not_enrolled,
    hub_unreachable, device), ``device`` the required device that is missing."""

    NAME = "kiosk.out_of_service"
    LEVEL = Level.WARNING
    problem: Ident
    device: Ident | None = None


@dataclass(frozen=True, kw_only=True)
class KioskInService(Event):
    """The fault behind the out-of-service screen cleared; residents are served again."""

    NAME = "kiosk.in_service"
    LEVEL = Level.WARNING


@dataclass(frozen=True, kw_only=True)
class ServiceCheckFailed(Event):
    """A check of the out-of-service monitor raised; ``error`` is the exception type."""

    NAME = "kiosk.service_check_failed"
    LEVEL = Level.ERROR
    check: Ident
    error: Ident


@dataclass(frozen=True, kw_only=True)
class ListenerFailed(Event):
    """An event subscriber (the metrics) raised; the event was still logged."""

    NAME = "log.listener_failed"
    LEVEL = Level.ERROR
    listener: Ident
    exc_type: Ident


@dataclass(frozen=True, kw_only=True)
class MetricsServing(Event):
    """The Prometheus endpoint is listening (on a loopback address)."""

    NAME = "metrics.serving"
    LEVEL = Level.INFO
    port: int


@dataclass(frozen=True, kw_only=True)
class MetricsCannotServe(Event):
    """The Prometheus endpoint could not listen (port taken?); the kiosk runs on without it."""

    NAME = "metrics.cannot_serve"
    LEVEL = Level.ERROR
    port: int
    error: Ident


# --- devices ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DeviceStatusChanged(Event):
    """A device's status changed (first seen: ``previous`` is null)."""

    NAME = "device.status_changed"
    LEVEL = Level.INFO
    LEVEL_NOTE = "warning when the new state is fault or absent"
    device: Ident
    status: Ident
    state: DeviceState
    previous: Ident | None
    required: bool

    def level(self) -> Level:
        """Warning for a device that failed or went away, else info."""
        return Level.WARNING if self.state in ("fault", "absent") else Level.INFO


@dataclass(frozen=True, kw_only=True)
class DeviceDriverProblem(Event):
    """A device driver hit an error it turned into a status (the type only, never data)."""

    NAME = "device.driver_problem"
    LEVEL = Level.WARNING
    device: Ident
    operation: Ident
    exc_type: Ident


@dataclass(frozen=True, kw_only=True)
class CardReadFailed(Event):
    """A card or QR could not be used; ``reason`` is the message key the resident saw."""

    NAME = "device.card_read_failed"
    LEVEL = Level.INFO
    reason: Ident


@dataclass(frozen=True, kw_only=True)
class ReceiptNotPrinted(Event):
    """The receipt did not print (the QR was shown on screen instead)."""

    NAME = "device.receipt_not_printed"
    LEVEL = Level.WARNING
    reason: Ident


# --- the hub ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HubEnrolled(Event):
    """This terminal enrolled with the hub and saved its credentials."""

    NAME = "hub.enrolled"
    LEVEL = Level.INFO
    terminal: Ident
    signature_algorithm: Ident


@dataclass(frozen=True, kw_only=True)
class HubEnrolFailed(Event):
    """Enrolment with the hub failed (token used, expired or wrong; hub unreachable)."""

    NAME = "hub.enrol_failed"
    LEVEL = Level.ERROR
    kind: Ident
    status: int | None
    reason: Ident | None


@dataclass(frozen=True, kw_only=True)
class HubRequest(Event):
    """One HTTP attempt to the hub (``status`` 0: no answer)."""

    NAME = "hub.request"
    LEVEL = Level.DEBUG
    operation: Ident
    method: Ident
    status: int
    duration_s: float
    attempt: int


@dataclass(frozen=True, kw_only=True)
class HubCallFailed(Event):
    """A hub call failed after its retries; ``kind`` is the error kind."""

    NAME = "hub.call_failed"
    LEVEL = Level.WARNING
    operation: Ident
    kind: Ident
    status: int | None
    reason: Ident | None


@dataclass(frozen=True, kw_only=True)
class HubClockSkew(Event):
    """The local clock is more than 60 s off the hub's; requests are signed in hub time."""

    NAME = "hub.clock_skew"
    LEVEL = Level.WARNING
    skew_s: float


# --- the outbox and its sync --------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SubmissionQueued(Event):
    """A submission was written to the outbox (sealed), to be sent by the sync worker."""

    NAME = "sync.queued"
    LEVEL = Level.INFO
    client_id: ClientId
    service: Ident
    materials: int
    bytes: int


@dataclass(frozen=True, kw_only=True)
class SubmissionSent(Event):
    """The hub accepted a submission after ``attempts`` tries (this one included)."""

    NAME = "sync.sent"
    LEVEL = Level.INFO
    client_id: ClientId
    attempts: int


@dataclass(frozen=True, kw_only=True)
class SubmissionRetried(Event):
    """Sending a submission failed in a way that may pass; it is retried after ``delay_s``."""

    NAME = "sync.retried"
    LEVEL = Level.INFO
    client_id: ClientId
    attempts: int
    kind: Ident
    status: int | None
    delay_s: float


@dataclass(frozen=True, kw_only=True)
class SubmissionFailed(Event):
    """The hub refused a submission for good (or the stored copy is unreadable): staff must look."""

    NAME = "sync.failed"
    LEVEL = Level.WARNING
    client_id: ClientId
    kind: Ident
    status: int | None
    reason: Ident | None


@dataclass(frozen=True, kw_only=True)
class SyncOffline(Event):
    """The hub cannot be reached; the worker probes its health until it can."""

    NAME = "sync.offline"
    LEVEL = Level.INFO


@dataclass(frozen=True, kw_only=True)
class SyncOnline(Event):
    """The hub is reachable again; every waiting submission is due now."""

    NAME = "sync.online"
    LEVEL = Level.INFO


@dataclass(frozen=True, kw_only=True)
class SyncNoClient(Event):
    """The sync worker has no hub client (credentials cannot be used)."""

    NAME = "sync.no_client"
    LEVEL = Level.WARNING
    kind: Ident


@dataclass(frozen=True, kw_only=True)
class SyncPassCrashed(Event):
    """A sync pass raised unexpectedly; the worker keeps running (a bug to report)."""

    NAME = "sync.pass_crashed"
    LEVEL = Level.ERROR
    exc_type: Ident


@dataclass(frozen=True, kw_only=True)
class PersonalDataPurged(Event):
    """The personal data of sent submissions past the retention time was erased."""

    NAME = "store.purged"
    LEVEL = Level.INFO
    count: int


@dataclass(frozen=True, kw_only=True)
class StoreFault(Event):
    """The store hit a disk fault (full, read-only, I/O); reported in the heartbeat too."""

    NAME = "store.fault"
    LEVEL = Level.ERROR
    kind: Ident


@dataclass(frozen=True, kw_only=True)
class StoreRequeued(Event):
    """Submissions a stop left half-sent were set back to pending at start-up."""

    NAME = "store.requeued"
    LEVEL = Level.WARNING
    count: int


@dataclass(frozen=True, kw_only=True)
class StoreDamaged(Event):
    """The store failed its integrity check and was moved aside for ``kiosk queue repair``."""

    NAME = "store.damaged"
    LEVEL = Level.CRITICAL


@dataclass(frozen=True, kw_only=True)
class StoreMigrated(Event):
    """The store's schema was migrated to ``version``."""

    NAME = "store.migrated"
    LEVEL = Level.INFO
    version: int


@dataclass(frozen=True, kw_only=True)
class StoreRecoverFallback(Event):
    """``sqlite3 .recover`` failed; the repair reads the tables as far as they go instead."""

    NAME = "store.recover_fallback"
    LEVEL = Level.WARNING
    exc_type: Ident


@dataclass(frozen=True, kw_only=True)
class CacheStaleUsed(Event):
    """The catalog or a form could not be revalidated with the hub; the cached copy is used."""

    NAME = "cache.stale_used"
    LEVEL = Level.INFO
    item: Ident
    kind: Ident


# --- the resident's journey ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class JourneyStarted(Event):
    """A resident identified (card or e-ID QR): a session began."""

    NAME = "journey.started"
    LEVEL = Level.INFO
    identity: IdentityKind
    online: bool


@dataclass(frozen=True, kw_only=True)
class JourneyStep(Event):
    """The journey moved from ``previous`` to ``step`` after ``seconds`` on ``previous``."""

    NAME = "journey.step"
    LEVEL = Level.DEBUG
    step: Ident
    previous: Ident
    seconds: float


@dataclass(frozen=True, kw_only=True)
class JourneySubmitted(Event):
    """A submission was made: sent to the hub at once, or queued; the receipt followed."""

    NAME = "journey.submitted"
    LEVEL = Level.INFO
    service: Ident
    status: Literal["sent", "queued"]
    client_id: ClientId
    identity_to_receipt_s: float
    printed: bool


@dataclass(frozen=True, kw_only=True)
class JourneySubmitFailed(Event):
    """The submission could not be saved (a store fault); the resident was sent to staff."""

    NAME = "journey.submit_failed"
    LEVEL = Level.ERROR
    service: Ident
    reason: Ident


@dataclass(frozen=True, kw_only=True)
class JourneyEnded(Event):
    """A session ended and everything personal in it was wiped."""

    NAME = "journey.ended"
    LEVEL = Level.INFO
    reason: EndReason
    step: Ident
    service: Ident | None
    identified: bool
    submitted: bool
    seconds: float


# --- the technician screen ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TechnicianSignedIn(Event):
    """The technician screen opened; ``method`` card or pin, ``staff`` the staff id (or pin)."""

    NAME = "technician.signed_in"
    LEVEL = Level.WARNING
    method: Ident
    staff: Ident


@dataclass(frozen=True, kw_only=True)
class TechnicianSignInRefused(Event):
    """A technician sign-in was refused; ``reason`` says why (hub reason, wrong_pin, locked …)."""

    NAME = "technician.sign_in_refused"
    LEVEL = Level.WARNING
    method: Ident
    reason: Ident


@dataclass(frozen=True, kw_only=True)
class TechnicianLockedOut(Event):
    """Too many wrong technician PINs: the PIN is refused for ``retry_after_s`` seconds."""

    NAME = "technician.locked_out"
    LEVEL = Level.WARNING
    retry_after_s: float
    failures: int


@dataclass(frozen=True, kw_only=True)
class TechnicianSignedOut(Event):
    """The technician screen closed; ``reason`` is signout, idle or left."""

    NAME = "technician.signed_out"
    LEVEL = Level.INFO
    reason: Ident


@dataclass(frozen=True, kw_only=True)
class TechnicianCheckRun(Event):
    """A technician ran a check (test receipt, card read, camera) and saw ``outcome``."""

    NAME = "technician.check_run"
    LEVEL = Level.INFO
    check: Ident
    outcome: Ident


@dataclass(frozen=True, kw_only=True)
class KioskLeftByTechnician(Event):
    """A signed-in technician left the kiosk application from the technician screen."""

    NAME = "technician.left_kiosk"
    LEVEL = Level.WARNING


# --- telemetry and the UI -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class HeartbeatSent(Event):
    """A heartbeat reached the hub."""

    NAME = "heartbeat.sent"
    LEVEL = Level.DEBUG
    pending: int


@dataclass(frozen=True, kw_only=True)
class HeartbeatFailed(Event):
    """A heartbeat did not reach the hub."""

    NAME = "heartbeat.failed"
    LEVEL = Level.INFO
    kind: Ident


@dataclass(frozen=True, kw_only=True)
class UiReady(Event):
    """The kiosk window is up and showing the idle screen."""

    NAME = "ui.ready"
    LEVEL = Level.INFO


@dataclass(frozen=True, kw_only=True)
class UiWorkerFailed(Event):
    """A UI worker thread caught an unexpected error and carried on (a bug to report)."""

    NAME = "ui.worker_failed"
    LEVEL = Level.ERROR
    worker: Ident
    exc_type: Ident


CATALOGUE: tuple[type[Event], ...] = (
    KioskStarted, KioskStopped, KioskCannotStart, KioskOutOfService, KioskInService,
    ServiceCheckFailed, ListenerFailed, MetricsServing,
    MetricsCannotServe,
    DeviceStatusChanged, DeviceDriverProblem, CardReadFailed, ReceiptNotPrinted,
    HubEnrolled, HubEnrolFailed, HubRequest, HubCallFailed, HubClockSkew,
    SubmissionQueued, SubmissionSent, SubmissionRetried, SubmissionFailed, SyncOffline,
    SyncOnline, SyncNoClient, SyncPassCrashed, PersonalDataPurged, StoreFault, StoreRequeued,
    StoreDamaged, StoreMigrated, StoreRecoverFallback, CacheStaleUsed,
    JourneyStarted, JourneyStep, JourneySubmitted, JourneySubmitFailed, JourneyEnded,
    TechnicianSignedIn, TechnicianSignInRefused, TechnicianLockedOut, TechnicianSignedOut,
    TechnicianCheckRun, KioskLeftByTechnician,
    HeartbeatSent, HeartbeatFailed, UiReady, UiWorkerFailed,
)
