"""In service or not: what a running kiosk still lacks, retried in the background until it is back.

A kiosk that cannot enrol, whose required device is missing or whose store
cannot be opened does not exit (under systemd's ``Restart=always`` that would be
a crash loop): it shows the out-of-service screen with the reason, what still
works, and keeps trying on its own thread with a growing wait. A
:class:`ServiceMonitor` runs one ``check`` function over and over and hands each
changed :class:`ServiceState` to its listener; :func:`runtime_check` is the check
for an open runtime (enrol with the configured token, required devices) and
:func:`startup_check` the one for a kiosk whose runtime could not even open.
Nothing here imports Qt; the UI draws the state it is handed.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kiosk.app.enrolment import (
    DEFAULT_RETRY,
    ONE_ATTEMPT,
    EnrolOutcome,
    EnrolResult,
    RetryPolicy,
    enrol,
)
from kiosk.app.heartbeat import device_statuses
from kiosk.app.runtime import Runtime, StartupError
from kiosk.base.clock import Clock
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import KioskInService, KioskOutOfService, ServiceCheckFailed
from kiosk.base.i18n import translate
from offline_cache.cache import NeverCached

# A required device in one of these hub states cannot serve a resident.
_UNUSABLE_DEVICE_STATES = frozenset({"absent", "fault"})


class Fault(enum.StrEnum):
    """Why a kiosk is out of service."""

    NOT_ENROLLED = "not_enrolled"
    HUB_UNREACHABLE = "hub_unreachable"
    DEVICE = "device"
    STORE = "store"


class StillWorks(enum.StrEnum):
    """What a resident can still do on a kiosk that is out of service."""

    BROWSE = "browse"
    SERVICE_POINTS = "service_points"


@dataclass(frozen=True)
class ServiceProblem:
    """One reason for being out of service: resident text by key, and the staff's detail."""

    fault: Fault
    message_key: str
    params: Mapping[str, str] = field(default_factory=dict)
    staff_detail: str = ""  # English, for the technician (``kiosk doctor`` says the same)

    @property
    def code(self) -> str:
        """A short language-neutral code a resident can read out to staff."""
        device = self.params.get("device_name", "")
        return f"{self.fault.value}:{device}" if device else self.fault.value

    def text(self, locale: str) -> str:
        """The resident's sentence in ``locale``."""
        params = dict(self.params)
        if "device_name" in params:
            params["device"] = translate(f"service.device.{params['device_name']}", locale)
        return translate(self.message_key, locale, **params)


@dataclass(frozen=True)
class ServiceState:
    """In service, or the problems in the way and what still works meanwhile."""

    problems: tuple[ServiceProblem, ...] = ()
    still_works: tuple[StillWorks, ...] = ()

    @property
    def in_service(self) -> bool:
        """Whether residents can be served."""
        return not self.problems


IN_SERVICE = ServiceState()
Check = Callable[[], ServiceState]


def runtime_check(rt: Runtime) -> Check:
    """The check for an open runtime: enrol if not enrolled yet, then the required devices."""

    def check() -> ServiceState:
        problems = [*_enrolment_problems(rt), *_device_problems(rt)]
        if not problems:
            return IN_SERVICE
        return ServiceState(tuple(problems), _still_works(rt))

    return check


def initial_state(rt: Runtime) -> ServiceState:
    """What is known at start without asking anything: whether the start could enrol."""
    if rt.credentials is not None:
        return IN_SERVICE
    if rt.enrolment is None:
        result = EnrolResult(EnrolOutcome.NO_TOKEN, "not enrolled and no hub.enrollment_token",
                             "run kiosk enroll --token <token>")
    else:
        result = rt.enrolment
    return ServiceState((_enrolment_problem(result),), _still_works(rt))


def _enrolment_problems(rt: Runtime) -> list[ServiceProblem]:
    if rt.credentials is not None:
        return []
    result = enrol(rt.ctx, rt.hub.url, rt.ctx.config.hub.enrollment_token, retry=ONE_ATTEMPT)
    if result.credentials is not None:
        rt.attach(result.credentials)  # the hub client logged hub.enrolled
        return []
    return [_enrolment_problem(result)]


def _enrolment_problem(result: EnrolResult) -> ServiceProblem:
    staff = f"{result.detail}. Fix: {result.fix}" if result.fix else result.detail
    if result.outcome is EnrolOutcome.HUB_DOWN:
        return ServiceProblem(Fault.HUB_UNREACHABLE, "service.hub_unreachable",
                              staff_detail=staff)
    return ServiceProblem(Fault.NOT_ENROLLED, "service.not_enrolled", staff_detail=staff)


def _device_problems(rt: Runtime) -> list[ServiceProblem]:
    if rt.devices is None:
        return []
    required = {name for name, dev in rt.devices.configs.items() if dev.required}
    return [ServiceProblem(Fault.DEVICE, "service.device", {"device_name": status.name},
                           f"required device {status.name} is {status.detail}. Fix: see "
                           "kiosk doctor")
            for status in device_statuses(rt.devices)
            if status.name in required and status.state in _UNUSABLE_DEVICE_STATES]


def _still_works(rt: Runtime) -> tuple[StillWorks, ...]:
    works = []
    try:
        rt.cache.catalog_result(rt.client if rt.online() else None)
        works.append(StillWorks.BROWSE)
    except NeverCached:
        pass
    except Exception as exc:  # a failing store must not stop the monitor; the type only
        emit(ServiceCheckFailed(check=Ident("catalog"), error=Ident.of(type(exc).__name__)))
    if rt.online():
        works.append(StillWorks.SERVICE_POINTS)
    return tuple(works)


def retry_policy(base_s: float, cap_s: float) -> RetryPolicy:
    """The monitor's backoff: the outbox's ``[sync]`` one, capped at a minute.

    Capped so that a fault fixed by hand is noticed within a minute.
    """
    return RetryPolicy(wait_s=float("inf"), base_s=base_s, cap_s=min(cap_s, 60.0))


def startup_check(open_kiosk: Callable[[], Runtime],
                  opened: Callable[[Runtime], None]) -> Check:
    """The check for a kiosk whose runtime would not open: try again; ``opened`` takes it."""

    def check() -> ServiceState:
        try:
            rt = open_kiosk()
        except StartupError as exc:
            return ServiceState((ServiceProblem(Fault.STORE, "service.store",
                                                staff_detail=str(exc)),))
        opened(rt)
        return IN_SERVICE

    return check


def log_state(state: ServiceState) -> None:
    """Log the state for the technician's journal: fault codes and device names only."""
    # The staff detail stays on screen: it is free text (paths, hub answers), which the
    # event catalogue keeps out of the log by design.
    if state.in_service:
        emit(KioskInService())
    for problem in state.problems:
        device = problem.params.get("device_name")
        emit(KioskOutOfService(problem=Ident.of(problem.fault.value),
                               device=Ident.maybe(device)))


class ServiceMonitor:
    """Runs a check on its own thread: every ``interval_s`` in service, with backoff when not."""

    def __init__(self, check: Check, clock: Clock, on_change: Callable[[ServiceState], None],
                 *, interval_s: float = 15.0, retry: RetryPolicy = DEFAULT_RETRY,
                 stop_when_in_service: bool = False) -> None:
        self._check = check
        self._clock = clock
        self._on_change = on_change
        self._interval_s = interval_s
        self._retry = retry
        self._stop_when_in_service = stop_when_in_service
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.state: ServiceState | None = None
        self.checks = 0

    def check_once(self) -> ServiceState:
        """Run the check now (on the caller's thread) and report a change."""
        try:
            state = self._check()
        except Exception as exc:  # a bug in a check must not end the watching
            emit(ServiceCheckFailed(check=Ident("service"), error=Ident.of(type(exc).__name__)))
            state = self.state or IN_SERVICE
        self.checks += 1
        if state != self.state:
            self.state = state
            log_state(state)
            self._on_change(state)
        return state

    def start(self) -> None:
        """Start the background thread (its first check runs at once)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="service-monitor", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Check again now instead of at the end of the current wait."""
        self._wake.set()

    def stop(self) -> None:
        """Stop the thread and wait for it (a check in progress finishes first)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=30)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            state = self.check_once()
            if state.in_service:
                failures = 0
                if self._stop_when_in_service:
                    return
                wait = self._interval_s
            else:
                failures += 1
                wait = self._retry.delay(failures)
            self._wake.clear()
            self._wait(wait)

    def _wait(self, seconds: float) -> None:
        # In short steps through the clock, so stop() and wake() are prompt.
        end = self._clock.monotonic() + seconds
        while not self._stop.is_set() and not self._wake.is_set() \
                and self._clock.monotonic() < end:
            self._clock.sleep(min(0.1, max(0.0, end - self._clock.monotonic())))
