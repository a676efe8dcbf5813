"""An untouched technician screen closes by itself; so does an untouched sign-in screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from technician_support import hold_status_bar, insert_card, sign_in_with_card, technician
from ui_support import Harness, kiosk_harness, wait_for

from kiosk.app.technician.desk import SIGN_IN_IDLE_S
from kiosk.base.events import collected
from kiosk.base.events.catalogue import TechnicianSignedOut


@pytest.fixture(scope="module")
def k(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-technician-idle")) as h:
        yield h


def test_the_open_screen_signs_out_after_its_idle_time(k: Harness, qtbot: Any) -> None:
    wait_for(qtbot, k.ui, "homeScreen")
    sign_in_with_card(qtbot, k)
    idle_s = k.rt.ctx.config.technician.idle_s
    k.clock.advance(idle_s - 5)
    technician(k).tick()
    assert technician(k).state == "open"
    with collected() as seen:
        k.clock.advance(6)
        qtbot.waitUntil(lambda: technician(k).state == "closed", timeout=5000)
    assert [e.reason for e in seen if isinstance(e, TechnicianSignedOut)] == ["idle"]
    wait_for(qtbot, k.ui, "homeScreen")
    insert_card(k, None)


def test_the_sign_in_screen_goes_home_untouched(k: Harness, qtbot: Any) -> None:
    wait_for(qtbot, k.ui, "homeScreen")
    hold_status_bar(qtbot, k)
    k.clock.advance(SIGN_IN_IDLE_S + 1)
    wait_for(qtbot, k.ui, "homeScreen")
    assert technician(k).state == "closed"
