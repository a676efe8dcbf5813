"""Heartbeats reach the hub with device states, queue counts, attention ids and journey counts."""

from __future__ import annotations

import json

from devices.printer.protocol import PrinterStatus
from kiosk.app import journey as j
from kiosk.app.heartbeat import build_heartbeat, device_state
from kiosk.app.runtime import Runtime, build_journey
from kiosk.devtools.cards import id_card_for
from kiosk.devtools.refhub.embedded import admin_of
from kiosk.devtools.residents import resident


def test_device_states_fold_into_the_hub_vocabulary() -> None:
    assert device_state(PrinterStatus.READY) == "ok"
    assert device_state(PrinterStatus.PAPER_NEAR_END) == "degraded"
    assert device_state(PrinterStatus.COVER_OPEN) == "fault"
    assert device_state(PrinterStatus.DISCONNECTED) == "absent"


def test_heartbeat_carries_counts_and_no_personal_data(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    assert rt.devices is not None and admin_of(rt.hub) is not None
    rt.heartbeat.stop()  # send by hand so the test knows which beat it reads
    person = resident("R0021")
    journey = build_journey(rt)
    journey.handle(j.IdCardRead(id_card_for(person)))
    journey.handle(j.Exit())
    assert rt.devices.sim.set_printer_state is not None
    rt.devices.sim.set_printer_state(PrinterStatus.COVER_OPEN)
    assert rt.heartbeat.send_once()
    beats = admin_of(rt.hub).heartbeats()
    body = beats[-1]["body"] if "body" in beats[-1] else beats[-1]
    text = json.dumps(body, ensure_ascii=False)
    assert person.name not in text and person.id_number not in text
    beat = build_heartbeat(rt.outbox, rt.devices, rt.counts, rt.ctx.clock)
    assert beat.journeys["identified_id_card"] == 1
    assert beat.journeys["ended_exit"] == 1
    states = {d.name: d.state for d in beat.devices}
    assert states["printer"] == "fault"
    assert states["idcard"] == "ok"
    assert beat.queue.pending == 0


def test_offline_heartbeat_is_not_sent(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    rt.heartbeat.stop()
    rt.offline = True
    assert not rt.heartbeat.send_once()
