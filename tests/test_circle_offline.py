"""Offline: the kept map and points still show, a slip still prints, booking says it needs
the network; a terminal that never fetched them says the points need the network."""

from __future__ import annotations

from pathlib import Path

from fakes import card_for

from devices.printer.simulator import EscposInterpreter
from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config
from kiosk.base.context import Context
from kiosk.devtools.refhub.embedded import open_simulated


def test_offline_the_kept_map_and_points_are_shown(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime  # warmed at start-up: catalog, forms, map and points are kept
    rt.offline = True
    journey = build_journey(rt)
    journey.handle(j.ShowServicePoints())
    circle = journey.view().circle
    assert circle is not None and circle.from_cache
    assert [p.id for p in circle.points][:3] == ["P06", "P02", "P09"]
    assert circle.lines and circle.here is not None
    assert journey.message is not None and journey.message.key == "journey.points_cached"
    journey.handle(j.SelectPoint("P01"))
    circle = journey.view().circle
    assert circle is not None and len(circle.route) >= 2
    journey.handle(j.PrintPointSlip("P01"))
    assert journey.view().slip == j.SlipView("point", True, None)
    assert rt.devices is not None
    interpreter = EscposInterpreter(80)
    interpreter.feed(rt.devices.printer.jobs[-1])  # type: ignore[attr-defined]
    (job,) = interpreter.jobs
    text = job.text()
    assert "服务点指引" in text and "文一西路88号" in text and "约12分钟（900米）" in text
    assert len(job.rasters) >= 2  # the map excerpt and the QR


def test_offline_booking_says_it_needs_the_network(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    rt.offline = True
    journey = build_journey(rt)
    journey.handle(card_for("R0010"))
    journey.handle(j.ShowServicePoints())
    journey.handle(j.StartAppointment("P02", "residence_permit"))
    assert journey.step is j.Step.APPOINTMENT_SLOTS
    slots = journey.view().slots
    assert slots is not None and not slots.online and slots.slots == ()
    assert slots.point.name_zh == "和睦街道便民服务中心" and slots.days
    assert journey.message == j.Message("journey.booking_needs_network")
    journey.handle(j.BookAppointment())
    assert journey.message == j.Message("journey.choose_slot")
    journey.handle(j.ShowMyAppointments())
    assert journey.message == j.Message("journey.appointments_need_network")


def test_a_terminal_that_never_fetched_the_points_says_so(isolated_kiosk_env: Path) -> None:
    config = default_config()
    rt = open_simulated(Context(config, isolated_kiosk_env, SystemClock()), offline=True)
    try:
        journey = build_journey(rt)
        journey.handle(j.ShowServicePoints())
        circle = journey.view().circle
        assert circle is not None and circle.points == () and circle.lines == ()
        assert journey.message == j.Message("journey.points_offline")
    finally:
        rt.close()
