"""The sync worker: one background thread that delivers the outbox to the hub.

It wakes on enqueue, on a timer, and when a hub health probe shows the network
is back. Each submission's materials are uploaded first (idempotent ``PUT`` by
SHA-256), then the submission itself (idempotent ``PUT`` by client id), and the
hub's answer is stored with the row. Failures that may pass (5xx, timeouts,
resets, garbage) are retried with exponential backoff, full jitter and a cap;
a hub answer that says the submission itself is invalid moves the row to
``needs_attention`` for staff: never retried forever, never dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import ValidationError

from kiosk.base.clock import Clock
from kiosk.base.config import SyncConfig
from kiosk.hub.errors import HubError, HubErrorKind
from kiosk.hub.schema import Rating, RatingResult, Submission, SubmissionResult
from offline_cache import faults
from offline_cache.crypto import UnsealError
from offline_cache.db import StorageFault
from offline_cache.outbox import NEEDS_ATTENTION, SENT, Outbox
from offline_cache.ratings import RatingOutbox

log = logging.getLogger(__name__)

# Hub answers that will not change if the same submission is sent again.
_ATTENTION_KINDS = frozenset({HubErrorKind.REJECTED, HubErrorKind.TOO_LARGE,
                              HubErrorKind.CONFLICT})
# Failures that mean the hub cannot be reached at all: stop the pass and probe.
_OFFLINE_KINDS = frozenset({HubErrorKind.UNREACHABLE, HubErrorKind.TIMEOUT})
SETTLED = (SENT, NEEDS_ATTENTION)
BREAKER_FAILURES = 3  # retryable failures in a row that end a pass (e.g. a 503 "down" hub)


class SyncClient(Protocol):
    """The part of ``kiosk.hub.client.HubClient`` the worker uses."""

    def put_document(self, sha256: str, data: bytes, content_type: str) -> Any:
        """Upload one material (idempotent)."""

    def submit(self, submission: Submission) -> SubmissionResult:
        """Submit (idempotent by client id)."""

    def health(self) -> Any:
        """Unsigned liveness probe."""

    def rate(self, rating: Rating) -> RatingResult:
        """Send a rating (idempotent by client id)."""


ClientSource = Callable[[], SyncClient | None]


@dataclass
class SyncReport:
    """What one pass did."""

    sent: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    needs_attention: list[str] = field(default_factory=list)
    offline: bool = False
    errors: list[str] = field(default_factory=list)
    purged: int = 0
    ratings_sent: list[str] = field(default_factory=list)


def backoff_delay(attempts: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Full-jitter exponential backoff: uniform in ``[0, min(cap, base * 2**(attempts-1))]``."""
    exponent = min(max(attempts, 1) - 1, 60)
    return rng.uniform(0.0, min(cap_s, base_s * (2.0 ** exponent)))


def describe_error(err: HubError) -> str:
    """A short, non-personal summary for ``last_error`` (codes and field names only)."""
    parts = [err.kind.value]
    if err.status is not None:
        parts.append(str(err.status))
    if err.reason:
        parts.append(err.reason)
    problems = ",".join(f"{p.code}@{p.field}" if p.field else p.code for p in err.problems[:8])
    if problems:
        parts.append(problems)
    return ":".join(parts)


class SyncWorker:
    """Delivers the outbox; one background thread, or ``sync_once`` called directly."""

    def __init__(
        self,
        outbox: Outbox,
        client: SyncClient | ClientSource,
        clock: Clock,
        config: SyncConfig,
        *,
        rng: random.Random | None = None,
        probe_interval_s: float | None = None,
        batch: int = 50,
        ratings: RatingOutbox | None = None,
    ) -> None:
        self.outbox = outbox
        self.ratings = ratings
        self.clock = clock
        self.config = config
        self.rng = rng or random.Random()
        self.probe_interval_s = probe_interval_s or min(config.interval_s, 15.0)
        self.batch = batch
        if hasattr(client, "submit"):
            fixed: SyncClient = client  # type: ignore[assignment]
            self._client_source: ClientSource = lambda: fixed
        else:
            self._client_source = client
        self.offline = False
        self.backoffs: list[float] = []  # every backoff delay chosen, for tests and the bench
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pass_lock = threading.Lock()
        self._settled = threading.Condition()
        self._thread: threading.Thread | None = None
        outbox.add_listener(lambda _cid: self.trigger())

    # --- lifecycle -----------------------------------------------------------

    def start(self) -> None:
        """Start the background thread (the store must be owned by this process)."""
        if not self.outbox.store.owner:
            raise RuntimeError("another process owns the store; it syncs by itself")
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """Stop the thread after the current attempt."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def trigger(self) -> None:
        """Wake the worker now (after an enqueue, or when the journey saw the hub again)."""
        self._wake.set()

    def network_regained(self) -> None:
        """The hub is reachable again: make every pending row due and wake up."""
        self.offline = False
        self.outbox.make_all_due()
        self.trigger()

    # --- waiting -------------------------------------------------------------

    def state(self, client_id: str) -> str | None:
        """The row's current state."""
        return self.outbox.state(client_id)

    def counts(self) -> dict[str, int]:
        """Rows per state."""
        return self.outbox.counts()

    def wait_until_settled(self, client_id: str, timeout_s: float) -> str | None:
        """Wait until the row is ``sent`` or ``needs_attention`` (or the timeout); its state.

        Woken by the worker after every state change, so no polling. The
        timeout is a real-time bound on waiting for another thread.
        """
        self.trigger()
        result: list[str | None] = [None]

        def settled() -> bool:
            result[0] = self.outbox.state(client_id)
            return result[0] in SETTLED or result[0] is None

        with self._settled:
            self._settled.wait_for(settled, timeout=timeout_s)
        return result[0]

    def wait_until(self, condition: Callable[[], bool], timeout_s: float) -> bool:
        """Wait until ``condition()`` holds, re-checked whenever the worker changes state."""
        with self._settled:
            return self._settled.wait_for(condition, timeout=timeout_s)

    def wait_sent(self, client_id: str, timeout_s: float) -> bool:
        """Nudge the worker and wait up to ``timeout_s`` for delivery (the journey's call)."""
        return self.wait_until_settled(client_id, timeout_s) == SENT

    def _notify(self) -> None:
        with self._settled:
            self._settled.notify_all()

    # --- the pass --------------------------------------------------------------

    def _client(self) -> SyncClient | None:
        try:
            return self._client_source()
        except HubError as err:
            log.warning("sync: no hub client (%s)", err.kind.value)
            return None

    def probe(self) -> bool:
        """Ask the hub's health endpoint; on success after an outage, the network is back."""
        client = self._client()
        if client is None:
            return False
        try:
            client.health()
        except HubError:
            self.offline = True
            return False
        if self.offline:
            log.info("sync: the hub is reachable again")
            self.network_regained()
        return True

    def sync_once(self) -> SyncReport:
        """One pass over the due rows, then the retention purge."""
        with self._pass_lock:
            report = SyncReport()
            client = self._client()
            if client is None:
                report.offline = True
            else:
                failures_in_a_row = 0
                for client_id in self.outbox.due(self.batch):
                    if self._stop.is_set():
                        break
                    outcome = self._send(client, client_id, report)
                    self._notify()
                    failures_in_a_row = failures_in_a_row + 1 if outcome == "retry" else 0
                    # Unreachable, or failing every time: stop hammering it and probe health.
                    if outcome == "offline" or failures_in_a_row >= BREAKER_FAILURES:
                        report.offline = True
                        break
                    if outcome == "storage":
                        break
                if not report.offline and self.ratings is not None:
                    self._send_ratings(client, self.ratings, report)
            self.offline = report.offline
            self._notify()
            try:
                report.purged = self.outbox.purge_sent(
                    dt.timedelta(hours=self.config.retention_hours))
            except StorageFault as fault:
                report.errors.append(f"purge:{fault.kind}")
            self._notify()
            return report

    def _send(self, client: SyncClient, client_id: str, report: SyncReport) -> str:
        try:
            if not self.outbox.mark_sending(client_id):
                return "skipped"
        except StorageFault as fault:
            report.errors.append(f"store:{fault.kind}")
            self.outbox.store.record_fault(fault.kind)
            return "storage"
        faults.checkpoint(faults.SYNC_MARKED_SENDING)
        try:
            try:
                submission = Submission.model_validate(self.outbox.submission(client_id))
            except (UnsealError, KeyError, ValidationError) as exc:
                # The stored copy cannot be read back or is not valid: staff must look at it.
                self.outbox.mark_attention(client_id, f"local:{type(exc).__name__}")
                report.needs_attention.append(client_id)
                return "attention"
            try:
                for upload in self.outbox.pending_uploads(client_id):
                    data = self.outbox.material(upload.sha256)
                    client.put_document(upload.sha256, data, upload.content_type)
                    self.outbox.mark_uploaded(client_id, upload.sha256)
                    faults.checkpoint(faults.SYNC_MATERIAL_UPLOADED)
                result = client.submit(submission)
            except HubError as err:
                return self._failed(client_id, err, report)
            faults.checkpoint(faults.SYNC_HUB_ANSWERED)
            self.outbox.mark_sent(client_id, result.case_id, result.status)
            faults.checkpoint(faults.SYNC_UPDATED)
            report.sent.append(client_id)
            return "sent"
        except StorageFault as fault:
            # The row stays 'sending'; the next start-up sets it back to pending.
            report.errors.append(f"store:{fault.kind}")
            self.outbox.store.record_fault(fault.kind)
            return "storage"

    def _failed(self, client_id: str, err: HubError, report: SyncReport) -> str:
        summary = describe_error(err)
        if err.kind in _ATTENTION_KINDS:
            self.outbox.mark_attention(client_id, summary)
            report.needs_attention.append(client_id)
            return "attention"
        attempts = self.outbox.attempts(client_id)
        delay = backoff_delay(attempts, self.config.backoff_base_s, self.config.backoff_cap_s,
                              self.rng)
        self.backoffs.append(delay)
        self.outbox.mark_retry(client_id, summary,
                               self.clock.now() + dt.timedelta(seconds=delay))
        report.retried.append(client_id)
        report.errors.append(summary)
        log.info("sync: attempt %d of %s failed (%s); retry in %.1f s", attempts, client_id,
                 summary, delay)
        return "offline" if err.kind in _OFFLINE_KINDS else "retry"

    def _send_ratings(self, client: SyncClient, ratings: RatingOutbox,
                      report: SyncReport) -> None:
        """Deliver due ratings (after their submissions); stop at the first outage."""
        try:
            due = ratings.due(self.batch)
        except StorageFault as fault:
            report.errors.append(f"store:{fault.kind}")
            return
        for client_id in due:
            if self._stop.is_set():
                return
            try:
                try:
                    rating = Rating.model_validate(ratings.payload(client_id))
                except (UnsealError, KeyError, ValidationError) as exc:
                    ratings.mark_attention(client_id, f"local:{type(exc).__name__}")
                    continue
                try:
                    client.rate(rating)
                except HubError as err:
                    summary = describe_error(err)
                    report.errors.append(summary)
                    if err.kind in _ATTENTION_KINDS:
                        ratings.mark_attention(client_id, summary)
                        continue
                    delay = backoff_delay(ratings.attempts(client_id) + 1,
                                          self.config.backoff_base_s,
                                          self.config.backoff_cap_s, self.rng)
                    ratings.mark_retry(client_id, summary,
                                       self.clock.now() + dt.timedelta(seconds=delay))
                    if err.kind in _OFFLINE_KINDS:
                        report.offline = True
                        return
                    continue
                ratings.mark_sent(client_id)
                report.ratings_sent.append(client_id)
            except StorageFault as fault:
                report.errors.append(f"store:{fault.kind}")
                self.outbox.store.record_fault(fault.kind)
                return
            finally:
                self._notify()

    # --- the thread ------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                if self.offline:
                    self.probe()
                if not self.offline:
                    self.sync_once()
            except Exception as exc:
                # Keep the worker alive; the type only, since messages could carry data.
                log.error("sync: pass failed with %s", type(exc).__name__)
            if self._stop.is_set():
                break
            self._wake.wait(self._next_delay())

    def _next_delay(self) -> float:
        if self.offline:
            return self.probe_interval_s
        delay = self.config.interval_s
        try:
            due = self.outbox.next_due_at()
        except StorageFault:
            return delay
        if due is not None:
            delay = min(delay, (due - self.clock.now()).total_seconds())
        # A floor, so rows that stay due (a full batch) cannot spin the thread.
        return max(delay, 0.01)
