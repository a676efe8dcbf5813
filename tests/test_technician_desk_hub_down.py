"""With the hub down a technician card cannot be checked: the desk says to use the PIN, which works.

The hub is the embedded reference hub on 127.0.0.1, taken down by its fault switch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.app.technician.desk import DeskState, TechnicianDesk
from kiosk.app.technician.pin import PinGate, hash_pin
from kiosk.base.events import collected
from kiosk.base.events.catalogue import TechnicianSignInRefused
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.refhub.embedded import admin_of

PIN = "480264"


def _desk(rt: Any, tmp_path: Path) -> TechnicianDesk:
    pins = PinGate(tmp_path / "technician-pin.json", rt.ctx.clock, hash_pin(PIN),
                   attempts=5, base_s=30, cap_s=3600)
    return TechnicianDesk(pins, lambda: rt.client, rt.ctx.clock, idle_s=300)


def test_card_needs_the_hub_and_the_pin_does_not(kiosk_runtime: Any, tmp_path: Path) -> None:
    rt = kiosk_runtime
    admin = admin_of(rt.hub)
    assert admin is not None
    desk = _desk(rt, tmp_path)
    assert desk.open_sign_in()
    admin.set_faults("down=1")
    try:
        with collected() as seen:
            notice = desk.present_card(DemoCards().citizen_card("T0001"))
    finally:
        admin.set_faults("")
    assert notice is not None and notice.key == "technician.card_needs_hub"
    assert desk.state is DeskState.SIGN_IN
    refused = [e for e in seen if isinstance(e, TechnicianSignInRefused)]
    assert [e.method for e in refused] == ["card"]
    assert desk.enter_pin(PIN) is None
    assert desk.state is DeskState.OPEN
    technician = desk.technician
    assert technician is not None and technician.staff_id == "PIN"


def test_the_card_opens_the_desk_when_the_hub_answers(kiosk_runtime: Any, tmp_path: Path) -> None:
    desk = _desk(kiosk_runtime, tmp_path)
    assert desk.open_sign_in()
    assert desk.present_card(DemoCards().citizen_card("T0001")) is None
    assert desk.state is DeskState.OPEN
    assert desk.technician is not None and desk.technician.staff_id == "TECH-0001"
    assert desk.leave()
    assert desk.state is DeskState.CLOSED
    assert not desk.leave()  # only from an open desk
