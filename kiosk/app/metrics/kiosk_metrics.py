"""The kiosk's Prometheus metrics, counted from the event catalogue's events.

Every metric but the queue's is fed by ``kiosk.base.events`` (the same events
that are logged), so a log line and a sample never disagree; the queue's depth
and oldest age are read from the outbox when Prometheus scrapes. Labels hold
only code-side identifiers (service ids, device names, statuses, operations).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from kiosk import __version__
from kiosk.base.config import KioskConfig
from kiosk.base.events import Event, subscribe
from kiosk.base.events import catalogue as ev
from offline_cache.errands import OneVisitFigures
from offline_cache.outbox import STATES, QueueStatus

PREFIX = "kiosk"
STEP_BUCKETS = (1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0)
JOURNEY_BUCKETS = (10.0, 20.0, 30.0, 60.0, 90.0, 120.0, 180.0, 300.0, 600.0, 1200.0)
HUB_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
DEVICE_STATES = ("ok", "degraded", "fault", "absent")


class _QueueCollector(Collector):
    """Outbox depth per state and the oldest waiting submission's age, read at scrape time."""

    def __init__(self, status: Callable[[], QueueStatus] | None) -> None:
        self._status = status

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily(f"{PREFIX}_queue_depth",
                                  "Submissions in the outbox, by state", labels=["state"])
        oldest = GaugeMetricFamily(
            f"{PREFIX}_queue_oldest_pending_age_seconds",
            "Age of the oldest submission waiting to be sent (0 when none waits)")
        try:
            status = None if self._status is None else self._status()
        except Exception:
            # A store fault or a closed store: no queue samples this scrape (the store.fault
            # event and metric say why); the endpoint itself keeps answering.
            status = None
        if status is not None:
            for state in STATES:
                depth.add_metric([state], float(status.counts.get(state, 0)))
            oldest.add_metric([], status.oldest_pending_age_s or 0.0)
        yield depth
        yield oldest


class _OneVisitCollector(Collector):
    """The one-visit measures (最多跑一次) of the errands in the store, read at scrape time.

    Counts, not shares: the city's Prometheus divides (and sums over terminals), e.g.
    ``sum(kiosk_errands{measure="one_visit"}) / sum(kiosk_errands{measure="all"})``.
    """

    MEASURES = ("all", "within_30_min", "result_on_spot", "one_visit")

    def __init__(self, figures: Callable[[], OneVisitFigures] | None) -> None:
        self._figures = figures

    def collect(self) -> Iterator[GaugeMetricFamily]:
        errands = GaugeMetricFamily(
            f"{PREFIX}_errands",
            "Errands recorded on this terminal: all, done within 30 minutes of identifying, "
            "with the result on the spot, finished in this one visit", labels=["measure"])
        saved = GaugeMetricFamily(f"{PREFIX}_errand_materials_saved",
                                  "Materials residents did not bring because the hub had them")
        try:
            figures = None if self._figures is None else self._figures()
        except Exception:
            # As for the queue: a store fault leaves these out of one scrape, nothing more.
            figures = None
        if figures is not None:
            counts = (figures.errands, figures.within_30_min, figures.result_on_spot,
                      figures.one_visit)
            for measure, count in zip(self.MEASURES, counts, strict=True):
                errands.add_metric([measure], float(count))
            saved.add_metric([], float(figures.materials_saved))
        yield errands
        yield saved


class KioskMetrics:
    """Every kiosk metric on its own registry; ``close()`` stops listening to events."""

    def __init__(self, config: KioskConfig, queue: Callable[[], QueueStatus] | None = None,
                 registry: CollectorRegistry | None = None,
                 errands: Callable[[], OneVisitFigures] | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        Info(f"{PREFIX}_build", "Kiosk version and configuration", registry=r).info({
            "version": __version__, "profile": config.profile,
            "crypto_profile": config.crypto.name, "terminal": config.terminal.id})
        self.journeys = Counter(f"{PREFIX}_journeys", "Resident journeys by service and outcome "
                                "(sent, queued, submit_failed, timeout, exit, card_removed)",
                                ["service", "outcome"], registry=r)
        self.step_seconds = Histogram(f"{PREFIX}_journey_step_duration_seconds",
                                      "Time residents spend on each journey step", ["step"],
                                      buckets=STEP_BUCKETS, registry=r)
        self.identity_to_receipt = Histogram(
            f"{PREFIX}_identity_to_receipt_seconds",
            "From the card read (or e-ID QR) to the receipt", buckets=JOURNEY_BUCKETS,
            registry=r)
        self.device_status = Gauge(f"{PREFIX}_device_status",
                                   "1 for each device's current status, 0 for statuses it left",
                                   ["device", "status"], registry=r)
        self.device_state = Gauge(f"{PREFIX}_device_state",
                                  "1 for each device's current state (ok, degraded, fault, "
                                  "absent)", ["device", "state"], registry=r)
        self.device_required = Gauge(f"{PREFIX}_device_required",
                                     "1 when the config requires the device", ["device"],
                                     registry=r)
        self.hub_seconds = Histogram(f"{PREFIX}_hub_request_duration_seconds",
                                     "Hub HTTP attempts by operation", ["operation"],
                                     buckets=HUB_BUCKETS, registry=r)
        self.hub_errors = Counter(f"{PREFIX}_hub_request_errors",
                                  "Hub calls that failed after their retries, by error kind",
                                  ["operation", "kind"], registry=r)
        self.sync = Counter(f"{PREFIX}_sync_submissions",
                            "Sync outcomes: queued, sent, retried, failed", ["outcome"],
                            registry=r)
        self.store_faults = Counter(f"{PREFIX}_store_faults", "Store disk faults by kind",
                                    ["kind"], registry=r)
        r.register(_QueueCollector(queue))
        r.register(_OneVisitCollector(errands))
        self._unsubscribe = subscribe(self.on_event)

    def close(self) -> None:
        """Stop counting events."""
        self._unsubscribe()

    def on_event(self, event: Event) -> None:
        """Count one event (most events count nothing)."""
        match event:
            case ev.JourneySubmitted():
                self.journeys.labels(event.service, event.status).inc()
                self.identity_to_receipt.observe(event.identity_to_receipt_s)
            case ev.JourneySubmitFailed():
                self.journeys.labels(event.service, "submit_failed").inc()
            case ev.JourneyEnded() if event.identified and not event.submitted:
                self.journeys.labels(event.service or "none", event.reason).inc()
            case ev.JourneyStep():
                self.step_seconds.labels(event.previous).observe(event.seconds)
            case ev.DeviceStatusChanged():
                if event.previous is not None:
                    self.device_status.labels(event.device, event.previous).set(0)
                self.device_status.labels(event.device, event.status).set(1)
                for state in DEVICE_STATES:
                    self.device_state.labels(event.device, state).set(
                        1 if state == event.state else 0)
                self.device_required.labels(event.device).set(1 if event.required else 0)
            case ev.HubRequest():
                self.hub_seconds.labels(event.operation).observe(event.duration_s)
            case ev.HubCallFailed():
                self.hub_errors.labels(event.operation, event.kind).inc()
            case ev.SubmissionQueued():
                self.sync.labels("queued").inc()
            case ev.SubmissionSent():
                self.sync.labels("sent").inc()
            case ev.SubmissionRetried():
                self.sync.labels("retried").inc()
            case ev.SubmissionFailed():
                self.sync.labels("failed").inc()
            case ev.StoreFault():
                self.store_faults.labels(event.kind).inc()
            case _:
                pass

    def names(self) -> set[str]:
        """Every sample name this registry can expose (``kiosk_journeys_total``, ``…_bucket``…),
        also for metrics whose labelled series do not exist yet."""
        return {family.name + suffix for family in self.registry.collect()
                for suffix in _SUFFIXES.get(family.type, ("",))}


# The sample names Prometheus' text format gives each metric type.
_SUFFIXES = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_count", "_sum",
                                                             "_created"),
             "info": ("_info",), "gauge": ("",)}
