"""Appointments: booked at one kiosk after identity, seen and cancelled at another (one hub)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import Kit, card_for

from devices.printer.simulator import EscposInterpreter
from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey, open_runtime, warm_cache
from kiosk.base.clock import CHINA_TIME, SystemClock
from kiosk.base.config.loader import parse_config
from kiosk.base.context import Context
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.refhub.embedded import EmbeddedHub
from kiosk.hub import schema as s
from kiosk.hub.client import TerminalCredentials

PERSON = "R0010"


class _SharedHub:
    """One embedded hub for two terminals; the test stops it, not the runtimes."""

    def __init__(self, hub: EmbeddedHub) -> None:
        self.hub = hub

    @property
    def url(self) -> str:
        return self.hub.url

    def credentials(self, ctx: Context, path: Path) -> TerminalCredentials:
        return self.hub.credentials(ctx, path)

    def stop(self) -> None:
        """The hub outlives both terminals."""


@pytest.fixture
def two_kiosks(tmp_path: Path) -> Iterator[tuple[Runtime, Runtime, EmbeddedHub]]:
    hub = EmbeddedHub(tmp_path / "hub")
    hub.start()
    runtimes = []
    try:
        for terminal in ("HZ-HM-0001", "HZ-HM-0002"):
            config = parse_config({"terminal": {"id": terminal}}, "<test>")
            ctx = Context(config, tmp_path / terminal, SystemClock())
            rt = open_runtime(ctx, hub=_SharedHub(hub), samples=DemoCards(), start_sync=False)
            warm_cache(rt)
            runtimes.append(rt)
        yield runtimes[0], runtimes[1], hub
    finally:
        for rt in runtimes:
            rt.close()
        hub.stop()


def test_a_booking_made_at_one_kiosk_is_seen_and_cancelled_at_another(
        two_kiosks: tuple[Runtime, Runtime, EmbeddedHub]) -> None:
    first, second, hub = two_kiosks
    a = build_journey(first)
    a.handle(j.ShowServicePoints("residence_permit"))
    a.handle(j.SelectPoint("P02"))
    a.handle(j.StartAppointment("P02", "residence_permit"))
    assert a.step is j.Step.APPOINTMENT_SLOTS
    slots = a.view().slots
    assert slots is not None and slots.online and slots.needs_identity and slots.days
    free = next(sl for sl in slots.slots if sl.available > 0)
    a.handle(j.ChooseSlot(free.start))
    a.handle(j.BookAppointment())
    # Booking needs an identity: the card goes on the pad, then the booking goes through.
    assert a.step is j.Step.IDLE and a.message == j.Message("journey.identify_to_book")
    a.handle(card_for(PERSON))
    assert a.step is j.Step.APPOINTMENT_BOOKED, a.message
    booked = a.view().booked
    assert booked is not None and booked.slip.printed
    appointment = booked.appointment
    assert appointment.point_id == "P02" and appointment.start == free.start
    assert appointment.point_name_zh == "和睦街道便民服务中心"
    assert booked.qr_text == f"APPT:{appointment.code}"
    assert first.devices is not None
    interpreter = EscposInterpreter(80)
    interpreter.feed(first.devices.printer.jobs[-1])  # type: ignore[attr-defined]
    text = interpreter.jobs[0].text()
    assert "预约凭证" in text and appointment.code in text and "和睦路120号" in text
    a.handle(j.Finish())

    b = build_journey(second)
    b.handle(card_for(PERSON))
    b.handle(j.ShowMyAppointments())
    assert b.step is j.Step.MY_APPOINTMENTS
    mine = b.view().appointments
    assert mine is not None
    assert [(x.code, x.status) for x in mine.appointments] == [(appointment.code, "booked")]
    b.handle(j.CancelAppointment(appointment.id))
    assert b.message == j.Message("journey.appointment_cancelled")
    mine = b.view().appointments
    assert mine is not None and mine.appointments[0].status == "cancelled"
    listed = hub.admin.appointments()
    assert [(x["code"], x["status"], x["terminal_id"]) for x in listed] == [
        (appointment.code, "cancelled", "HZ-HM-0001")]


def test_my_appointments_asks_for_identity_first(
        two_kiosks: tuple[Runtime, Runtime, EmbeddedHub]) -> None:
    journey = build_journey(two_kiosks[0])
    journey.handle(j.ShowMyAppointments())
    assert journey.step is j.Step.IDLE
    assert journey.message == j.Message("journey.identify_for_appointments")
    journey.handle(card_for(PERSON))
    assert journey.step is j.Step.MY_APPOINTMENTS
    assert journey.message == j.Message("journey.no_appointments")


def test_a_full_slot_is_explained_and_the_slots_reloaded(
        two_kiosks: tuple[Runtime, Runtime, EmbeddedHub]) -> None:
    first, second, _ = two_kiosks
    journeys = [build_journey(first), build_journey(second)]
    for journey in journeys:
        journey.handle(card_for(PERSON))
        journey.handle(j.ShowServicePoints())
        journey.handle(j.StartAppointment("P05", "residence_permit"))  # capacity 2
    slots = journeys[0].view().slots
    assert slots is not None
    target = next(sl for sl in slots.slots if sl.available == sl.capacity == 2)
    for journey in journeys:
        journey.handle(j.ChooseSlot(target.start))
    journeys[0].handle(j.BookAppointment())
    assert journeys[0].step is j.Step.APPOINTMENT_BOOKED
    extra = build_journey(first)
    extra.handle(card_for("R0011"))
    extra.handle(j.ShowServicePoints())
    extra.handle(j.StartAppointment("P05", "residence_permit"))
    extra.handle(j.ChooseSlotDay(target.start.date()))
    extra.handle(j.ChooseSlot(target.start))
    extra.handle(j.BookAppointment())
    journeys[1].handle(j.BookAppointment())  # chosen while it was free, full now
    assert journeys[1].step is j.Step.APPOINTMENT_SLOTS
    assert journeys[1].message == j.Message("hub.slot_full")
    reloaded = journeys[1].view().slots
    assert reloaded is not None and reloaded.chosen is None
    assert next(sl for sl in reloaded.slots if sl.start == target.start).available == 0


def test_a_booking_left_waiting_for_a_card_is_dropped_at_the_timeout(kit: Kit) -> None:
    kit.hub.slots = lambda point_id, service_id, day: _free_slots(kit, point_id, service_id, day)
    kit.journey.handle(j.ShowServicePoints())
    kit.journey.handle(j.StartAppointment("P02", "residence_permit"))
    slots = kit.journey.view().slots
    assert slots is not None and slots.slots
    kit.journey.handle(j.ChooseSlot(slots.slots[0].start))
    kit.journey.handle(j.BookAppointment())
    assert kit.journey.step is j.Step.IDLE and kit.journey.idle_remaining_s() is not None
    kit.clock.advance(kit.config.timeouts.idle_s + 1)
    kit.journey.handle(j.Tick())
    assert kit.journey.session.pending_action is None and kit.journey.booking is None
    kit.journey.handle(card_for("R0011"))  # the next resident books nothing by accident
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED


def _free_slots(kit: Kit, point_id: str, service_id: str, day: dt.date) -> s.Slots:
    start = dt.datetime.combine(day, dt.time(9, 0), CHINA_TIME)
    return s.Slots(point_id=point_id, service_id=service_id, date=day, slots=[
        s.Slot(start=start, end=start + dt.timedelta(minutes=30), capacity=3, available=3)])
