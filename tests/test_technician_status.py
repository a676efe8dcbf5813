"""The technician screen's picture of the terminal, over a whole simulated kiosk.

The hub is the embedded reference hub on 127.0.0.1; its fault switch takes it down.
"""

from __future__ import annotations

from typing import Any

from kiosk.app.technician.status import terminal_status
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import ReceiptNotPrinted, SyncOnline, UiWorkerFailed
from kiosk.devtools.refhub.embedded import admin_of


def test_status_lists_version_hub_queue_devices_and_problems(kiosk_runtime: Any) -> None:
    rt = kiosk_runtime
    assert rt.problems is not None
    emit(UiWorkerFailed(worker=Ident("status_check"), exc_type=Ident("OSError")))
    status = terminal_status(rt, rt.problems)
    assert status.version and status.terminal_id == rt.credentials.terminal_id
    assert status.hub.enrolled and status.hub.reachable and status.hub.latency_ms is not None
    assert status.queue.pending == 0 and status.queue.oldest_pending_age_s is None
    assert [d.name for d in status.devices] == ["idcard", "citizen_card", "camera", "printer",
                                                "barcode"]
    assert all(d.state == "ok" for d in status.devices), status.devices
    newest = status.problems[0]
    assert newest.name == UiWorkerFailed.NAME and newest.level == "error"
    assert "exc_type=OSError" in newest.fields


def test_a_hub_that_does_not_answer_is_shown_with_the_reason(kiosk_runtime: Any) -> None:
    rt = kiosk_runtime
    admin = admin_of(rt.hub)
    assert admin is not None
    admin.set_faults("down=1")
    try:
        status = terminal_status(rt, rt.problems)
    finally:
        admin.set_faults("")
    assert status.hub.enrolled and not status.hub.reachable
    assert status.hub.problem


def test_only_warnings_and_errors_are_kept_newest_first(kiosk_runtime: Any) -> None:
    rt = kiosk_runtime
    for n in range(30):
        emit(ReceiptNotPrinted(reason=Ident(f"paper_end_{n}")))
        emit(SyncOnline())  # info: not a problem
    newest = rt.problems.newest()
    assert len(newest) == 20
    assert {p.name for p in newest} == {ReceiptNotPrinted.NAME}
    assert newest[0].fields == "reason=paper_end_29"
    assert newest[-1].fields == "reason=paper_end_10"
