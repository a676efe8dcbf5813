"""Wire one configured kiosk together: hub client, store, sync, devices, journey.

The CLI commands, the headless journey, the benches and the UI all start the
kiosk through :func:`open_runtime`, so "which store, which devices" is decided
in one place. Which hub is the caller's choice (a :class:`HubLink`): by default
the one ``hub.url`` names, enrolled with ``hub.enrollment_token``. The embedded
reference hub of the simulated profile is a development tool; the CLI starts it
and hands it in here, so a production start never imports it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from devices.factory import DeviceSet, open_devices
from devices.simulation import SampleCards
from kiosk import __version__
from kiosk.app import journey as j
from kiosk.app.circle import slips
from kiosk.app.devicewatch import DeviceWatch
from kiosk.app.enrolment import (
    DEFAULT_RETRY,
    ONE_ATTEMPT,
    CredentialsProblem,
    EnrolResult,
    credentials_path,
    enrol,
    saved_credentials,
)
from kiosk.app.heartbeat import HeartbeatSender, JourneyCounts
from kiosk.app.metrics import KioskMetrics, MetricsServer
from kiosk.app.metrics import serve as serve_metrics
from kiosk.app.receipt import (
    ReceiptData,
    ReceiptOptions,
    ResultMode,
    default_next_steps,
    layout,
)
from kiosk.app.technician.problems import ProblemLog
from kiosk.base import tracking
from kiosk.base.config.devices import PrinterOptions
from kiosk.base.context import Context
from kiosk.base.events import Ident, Version, emit
from kiosk.base.events.catalogue import KioskCannotStart, KioskStarted, KioskStopped
from kiosk.base.receipt_record import ReceiptRecord
from kiosk.hub.client import HubClient, TerminalCredentials
from kiosk.hub.errors import HubError, HubUnreachable
from kiosk.hub.schema import (
    Appointment,
    CallReason,
    CallStaffResult,
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
from offline_cache.cache import Cached, CatalogCache
from offline_cache.crypto import KeyProvider, StoreKeyError
from offline_cache.crypto import key_provider as store_key_provider
from offline_cache.db import StorageFault, Store
from offline_cache.errands import ErrandLog
from offline_cache.outbox import Enqueued, Outbox, SubmissionDraft
from offline_cache.ratings import RatingDraft, RatingOutbox
from offline_cache.sync import SyncWorker

# The home screen's "most used" counts this terminal's errands of the last 90 days.
USAGE_WINDOW = dt.timedelta(days=90)


class StartupError(Exception):
    """The kiosk cannot start; the message says what to do."""


def key_provider(ctx: Context) -> KeyProvider:
    """The store key source the config asks for."""
    cfg = ctx.config.store
    return store_key_provider(cfg.key_source, cfg.credential_name, ctx.data_dir)


def open_store(ctx: Context) -> Store:
    """The terminal's store; a new one is sealed with the crypto profile's cipher."""
    return Store.open(ctx.data_dir, key_provider(ctx), ctx.clock,
                      cipher=ctx.config.crypto.store_cipher)


class HubLink(Protocol):
    """The hub this kiosk talks to, as the composition root set it up."""

    @property
    def url(self) -> str:
        """The hub's base URL, without a trailing slash."""
        ...

    def credentials(self, ctx: Context, path: Path) -> TerminalCredentials | None:
        """This terminal's credentials for the hub, saved at ``path``; ``None`` if not enrolled."""
        ...

    def stop(self) -> None:
        """Release what the link started (nothing, for a remote hub)."""
        ...


class EnrolmentFailed(StartupError):
    """The terminal has no usable credentials and could not enrol; ``result`` says why."""

    def __init__(self, url: str, result: EnrolResult) -> None:
        fix = f" Fix: {result.fix}" if result.fix else ""
        super().__init__(f"this terminal cannot enrol with the hub at {url}: "
                         f"{result.detail}.{fix}")
        self.result = result


@dataclass(frozen=True)
class ConfiguredHub:
    """A hub at a URL: saved credentials, or an enrolment with the configured token.

    ``enrollment_token`` (the CLI's ``--enrol-token``) is used instead of
    ``hub.enrollment_token`` when given.
    """

    url: str
    enrollment_token: str | None = None

    def credentials(self, ctx: Context, path: Path) -> TerminalCredentials | None:
        """The saved credentials, else enrol once with ``hub.enrollment_token`` if there is one.

        ``StartupError`` when saved credentials cannot be used, :class:`EnrolmentFailed`
        when the token was refused or the hub did not answer (``kiosk enroll`` retries;
        this is one attempt, so a start is never held up).
        """
        try:
            saved = saved_credentials(ctx, path)
        except CredentialsProblem as exc:
            raise StartupError(str(exc)) from exc
        if saved is not None:
            return saved
        token = self.enrollment_token or ctx.config.hub.enrollment_token
        if token is None:
            return None
        # A kiosk start tries once (its out-of-service monitor retries in the background);
        # a token handed over on the command line is worth waiting for.
        retry = DEFAULT_RETRY if self.enrollment_token else ONE_ATTEMPT
        result = enrol(ctx, self.url, token, retry=retry)
        if result.credentials is None:
            raise EnrolmentFailed(self.url, result)
        return result.credentials

    def stop(self) -> None:
        """Nothing to stop: the hub runs elsewhere."""


def configured_hub(ctx: Context) -> ConfiguredHub:
    """The hub ``hub.url`` names; ``StartupError`` if the config names none."""
    if not ctx.config.hub.url:
        raise StartupError("hub.url is not set. Fix: set hub.url in the config file "
                           "(the simulated profile's embedded hub is started by the kiosk "
                           "command, e.g. kiosk demo or kiosk journey --headless)")
    return ConfiguredHub(ctx.config.hub.url.rstrip("/"))


@dataclass
class Runtime:
    """Everything a running kiosk holds; ``close()`` releases it all."""

    ctx: Context
    hub: HubLink
    credentials: TerminalCredentials | None
    client: HubClient | None
    store: Store
    outbox: Outbox
    sync: SyncWorker
    cache: CatalogCache
    devices: DeviceSet | None
    counts: JourneyCounts
    heartbeat: HeartbeatSender
    ratings: RatingOutbox
    errands: ErrandLog
    offline: bool = False
    enrolment: EnrolResult | None = None  # why ``credentials`` is None, when a start deferred it
    watch: DeviceWatch | None = None
    metrics: MetricsServer | None = None
    started_at: float = 0.0
    # The last warnings and errors, for the technician screen (collected from the start).
    problems: ProblemLog | None = None
    _closed: bool = field(default=False, repr=False)

    def online(self) -> bool:
        """Whether the journey should try the hub at all."""
        return not self.offline and self.client is not None

    def attach(self, credentials: TerminalCredentials) -> None:
        """Start using credentials that an enrolment after the start produced."""
        if self._closed or self.client is not None:
            return
        self.credentials = credentials
        # Codes minted from now on carry the terminal's own prefix (nothing was taken before).
        self.outbox.terminal_id = credentials.terminal_id
        self.outbox.tracking_prefix = credentials.tracking_prefix
        self.client = HubClient(self.hub.url, credentials, clock=self.ctx.clock,
                                timeout_s=self.ctx.config.hub.timeout_s,
                                ca_bundle=self.ctx.config.hub.ca_bundle)
        self.enrolment = None
        self.sync.trigger()

    def close(self) -> None:
        """Stop workers and devices, close the store, then stop the hub link."""
        if self._closed:
            return
        self._closed = True
        self.heartbeat.stop()
        if self.watch is not None:
            self.watch.stop()
        self.sync.stop()
        if self.devices is not None:
            self.devices.close()
        if self.client is not None:
            self.client.close()
        if self.metrics is not None:
            self.metrics.close()
        self.store.close()
        self.hub.stop()
        if self.problems is not None:
            self.problems.stop()
        emit(KioskStopped(uptime_s=self.ctx.clock.monotonic() - self.started_at))

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_runtime(
    ctx: Context,
    *,
    hub: HubLink | None = None,
    samples: SampleCards | None = None,
    with_devices: bool = True,
    start_sync: bool = True,
    offline: bool = False,
    defer_enrolment: bool = False,
    keep_hub_on_failure: bool = False,
    metrics: bool = False,
) -> Runtime:
    """Start everything one kiosk needs, in dependency order; ``hub`` stops with the runtime.

    Without ``hub``, the one ``hub.url`` names (``StartupError`` if none). ``samples``
    are the cards simulated readers may be configured to hold (the demo residents').
    With ``defer_enrolment`` a terminal that cannot enrol yet still starts, not
    enrolled (``enrolment`` says why); its caller enrols later and calls ``attach``.
    ``keep_hub_on_failure`` leaves ``hub`` running when the start fails, for a caller
    that tries again with it (and stops it when it gives up). ``metrics`` serves the
    Prometheus endpoint (when ``[metrics] enabled``); ``start_sync`` also starts the
    heartbeat and the device watch.
    """
    # Started first, so the technician screen also lists what went wrong while starting.
    problems = ProblemLog(ctx.clock)
    problems.start()
    try:
        rt = _open_runtime(ctx, problems, hub=hub, samples=samples, with_devices=with_devices,
                           start_sync=start_sync, offline=offline,
                           defer_enrolment=defer_enrolment,
                           keep_hub_on_failure=keep_hub_on_failure, metrics=metrics)
    except BaseException:
        problems.stop()
        raise
    return rt


def _open_runtime(ctx: Context, problems: ProblemLog, *, hub: HubLink | None,
                  samples: SampleCards | None, with_devices: bool, start_sync: bool,
                  offline: bool, defer_enrolment: bool, keep_hub_on_failure: bool,
                  metrics: bool) -> Runtime:
    link = hub if hub is not None else configured_hub(ctx)
    enrolment: EnrolResult | None = None
    try:
        try:
            credentials = link.credentials(ctx, credentials_path(ctx))
        except EnrolmentFailed as exc:
            if not defer_enrolment:
                raise
            credentials, enrolment = None, exc.result
        client = None if credentials is None else HubClient(
            link.url, credentials, clock=ctx.clock, timeout_s=ctx.config.hub.timeout_s,
            ca_bundle=ctx.config.hub.ca_bundle)
        store = open_store(ctx)
    except StorageFault as exc:
        if not keep_hub_on_failure:
            link.stop()
        emit(KioskCannotStart(problem=Ident("store")))
        # Out of service with a message for staff, never a silently emptied queue.
        raise StartupError(f"the store cannot be used ({exc.kind}): {exc.detail}") from exc
    except StoreKeyError as exc:
        if not keep_hub_on_failure:
            link.stop()
        emit(KioskCannotStart(problem=Ident("store_key")))
        raise StartupError(f"the store key cannot be used ({exc.problem.value}): "
                           f"{exc.detail}") from exc
    except EnrolmentFailed:
        if not keep_hub_on_failure:
            link.stop()
        emit(KioskCannotStart(problem=Ident("hub_enrolment")))
        raise
    except HubError as exc:
        if not keep_hub_on_failure:
            link.stop()
        emit(KioskCannotStart(problem=Ident("hub_enrolment")))
        raise StartupError(f"this terminal cannot enrol with the hub at {link.url}: "
                           f"{exc}") from exc
    except BaseException:
        if not keep_hub_on_failure:
            link.stop()
        raise
    prefix = credentials.tracking_prefix if credentials else "0000"
    terminal = credentials.terminal_id if credentials else ctx.config.terminal.id
    outbox = Outbox(store, terminal, prefix)
    ratings = RatingOutbox(store, terminal)
    errands = ErrandLog(store)
    sync = SyncWorker(outbox, lambda: None if rt.offline else rt.client, ctx.clock,
                      ctx.config.sync, probe_interval_s=ctx.config.timeouts.health_probe_s,
                      ratings=ratings)
    cache = CatalogCache(store)
    devices = open_devices(ctx.config, ctx.clock, ctx.data_dir, samples) if with_devices else None
    counts = JourneyCounts()
    heartbeat = HeartbeatSender(outbox, devices, counts,
                                lambda: None if rt.offline else rt.client, ctx.clock,
                                ctx.config.timeouts.heartbeat_s, errands=errands)
    rt = Runtime(ctx, link, credentials, client, store, outbox, sync, cache, devices,
                 counts, heartbeat, ratings, errands, offline, enrolment,
                 started_at=ctx.clock.monotonic(), problems=problems)
    if metrics and ctx.config.metrics.enabled:
        # Counting starts before the first events, so the device gauges are there at once.
        rt.metrics = serve_metrics(KioskMetrics(ctx.config, outbox.status,
                                                errands=errands.figures), ctx.config.metrics)
    cfg = ctx.config
    emit(KioskStarted(terminal=Ident.of(terminal), profile=Ident.of(cfg.profile),
                      version=Version(__version__), crypto_profile=Ident.of(cfg.crypto.name),
                      devices=devices is not None))
    if devices is not None:
        rt.watch = DeviceWatch(devices, cfg.timeouts.device_status_s)
    if start_sync:
        sync.start()
        heartbeat.start()
        if rt.watch is not None:
            rt.watch.start()
    return rt


class _CatalogSource:
    """Catalog and forms from the hub when online, else the cache."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def _client(self) -> HubClient | None:
        return self.rt.client if self.rt.online() else None

    def catalog(self) -> Catalog | None:
        return self.rt.cache.catalog(self._client())

    def form(self, service_id: str) -> FormSchema | None:
        return self.rt.cache.form(service_id, self._client())


class _Circle:
    """The district map and the points around this terminal, from the hub or the cache."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def district_map(self) -> Cached[DistrictMap] | None:
        return self.rt.cache.district_map(self.rt.client if self.rt.online() else None)

    def service_points(self) -> Cached[ServicePoints] | None:
        terminal = self.rt.ctx.config.terminal
        return self.rt.cache.service_points(terminal.lat, terminal.lon,
                                            self.rt.client if self.rt.online() else None)


class _Ratings:
    """The journey's rating sink over the ratings outbox; the sync worker delivers."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def enqueue_rating(self, draft: RatingDraft) -> str:
        client_id = self.rt.ratings.enqueue(draft)
        self.rt.sync.trigger()
        return client_id


class _RuntimeHub:
    """The journey's hub: whichever client the runtime holds now (none before enrolment)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def _c(self) -> HubClient:
        client = self.rt.client
        if client is None:
            raise HubUnreachable("this terminal is not enrolled with the hub yet")
        return client

    def identify_card(self, identity: CardIdentity) -> IdentitySession:
        return self._c().identify_card(identity)

    def request_code(self, session_id: str) -> CodeSent:
        return self._c().request_code(session_id)

    def verify_code(self, session_id: str, code: str) -> IdentitySession:
        return self._c().verify_code(session_id, code)

    def resolve_qr(self, payload: str) -> IdentitySession:
        return self._c().resolve_qr(payload)

    def prefill(self, session_id: str, service_id: str) -> Prefill:
        return self._c().prefill(session_id, service_id)

    def case_status(self, tracking_code: str) -> CaseStatus:
        return self._c().case_status(tracking_code)

    def service_points(self, lat: float, lon: float,
                       service_id: str | None = None) -> list[ServicePoint]:
        return self._c().service_points(lat, lon, service_id)

    def call_staff(self, reason: CallReason, *, elder_mode: bool = False,
                   locale: str = "zh-CN") -> CallStaffResult:
        return self._c().call_staff(reason, elder_mode=elder_mode, locale=locale)

    def slots(self, point_id: str, service_id: str, day: dt.date) -> Slots:
        return self._c().slots(point_id, service_id, day)

    def book(self, session_id: str, point_id: str, service_id: str,
             slot_start: dt.datetime) -> Appointment:
        return self._c().book(session_id, point_id, service_id, slot_start)

    def cancel(self, appointment_id: str, session_id: str | None = None) -> Appointment:
        return self._c().cancel(appointment_id, session_id)

    def my_appointments(self, session_id: str) -> list[Appointment]:
        return self._c().my_appointments(session_id)


class _Sink:
    """The journey's submission sink over the outbox and its sync worker."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def enqueue(self, draft: SubmissionDraft, receipt: ReceiptRecord) -> Enqueued:
        # A StorageFault passes through to the journey, which tells the resident to ask staff.
        return self.rt.outbox.enqueue(draft, receipt)

    def wait_sent(self, client_id: str, timeout_s: float) -> bool:
        if not self.rt.online():
            return False
        self.rt.sync.trigger()
        return self.rt.sync.wait_until_settled(client_id, timeout_s) == "sent"


# The hub contract's result modes as the receipt layout types them; anything else prints
# as "pickup" (the hub offers no other today).
_RESULT_MODES: dict[str, ResultMode] = {"on_the_spot": "on_the_spot", "pickup": "pickup",
                                        "mail": "mail"}


def receipt_builder(rt: Runtime) -> j.ReceiptBuilder:
    """Turn a receipt record into an ESC/POS job for this terminal's configured printer."""
    config = rt.ctx.config
    opts = config.device("printer").options
    if not isinstance(opts, PrinterOptions):
        raise StartupError("the printer section holds no printer options")  # the loader's job

    def build(record: ReceiptRecord, locale: str, width_mm: int) -> bytes:
        mode = _RESULT_MODES.get(record.result_mode, "pickup")
        data = ReceiptData(
            record=dataclasses.replace(record, result_mode=mode),
            terminal_id=config.terminal.id,
            tracking_url=tracking.tracking_url(config.hub.tracking_base_url,
                                               record.tracking_code),
            next_steps=default_next_steps(mode),
            locale=locale,
        )
        return layout(data, ReceiptOptions(
            width_mm=width_mm,
            qr=opts.qr,
            font_coverage=opts.font_coverage,
        ))

    return build


def slip_builder(rt: Runtime) -> j.SlipBuilder:
    """Turn a slip into an ESC/POS job for this terminal's configured printer."""
    opts = rt.ctx.config.device("printer").options
    if not isinstance(opts, PrinterOptions):
        raise StartupError("the printer section holds no printer options")

    def build(slip: slips.Slip, locale: str, width_mm: int) -> bytes:
        return slips.layout(slip, locale, ReceiptOptions(
            width_mm=width_mm, qr=opts.qr, font_coverage=opts.font_coverage))

    return build


def build_journey(rt: Runtime, *,
                  step_changed: Callable[[j.Step], None] | None = None) -> j.Journey:
    """A journey over this runtime's hub, store, printer and catalog cache.

    ``step_changed`` is told every new step (the UI's activity marker).
    """
    if rt.devices is None:
        raise StartupError("the journey needs devices; open the runtime with with_devices=True")
    return j.Journey(
        rt.ctx.config,
        rt.ctx.clock,
        _RuntimeHub(rt),
        _CatalogSource(rt),
        _Sink(rt),
        rt.devices.printer,
        receipt_builder(rt),
        online=rt.online,
        count=rt.counts.add,
        circle=_Circle(rt),
        ratings=_Ratings(rt),
        errands=rt.errands,
        build_slip=slip_builder(rt),
        step_changed=step_changed or (lambda step: None),
        usage=lambda: rt.errands.service_counts(rt.ctx.clock.now() - USAGE_WINDOW),
    )


def warm_cache(rt: Runtime) -> bool:
    """Fetch the catalog and every form once, as a terminal does at start-up."""
    if rt.client is None:
        return False
    try:
        catalog = rt.cache.catalog(rt.client)
        if catalog is None:
            return False
        for service in catalog.services:
            rt.cache.form(service.id, rt.client)
        # The map and the points around the terminal, so the circle works offline too.
        rt.cache.district_map(rt.client)
        terminal = rt.ctx.config.terminal
        rt.cache.service_points(terminal.lat, terminal.lon, rt.client)
    except HubError:
        return False
    return True
