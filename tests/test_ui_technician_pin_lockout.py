"""The technician PIN: wrong PINs count down, then lock for a growing time that a restart keeps.

The kiosk's PIN hash is in ``[technician] pin_hash``; three tries are allowed
here. The lock-out is timed by the kiosk's clock (a manual one), and it lives in
the data dir, so a second window over a new runtime on the same data dir is locked too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from technician_support import TEST_PIN, hold_status_bar, sign_out, technician, type_pin
from ui_support import kiosk_harness, wait_for

from kiosk.app.technician.pin import hash_pin
from kiosk.base.config import KioskConfig
from kiosk.base.config.loader import parse_config
from kiosk.base.events import collected
from kiosk.base.events.catalogue import TechnicianLockedOut, TechnicianSignedIn
from kiosk.base.i18n import translate

ATTEMPTS = 3
BASE_S = 30


@pytest.fixture(scope="module")
def config() -> KioskConfig:
    return parse_config({"technician": {"pin_hash": hash_pin(TEST_PIN), "pin_attempts": ATTEMPTS,
                                        "lockout_base_s": BASE_S, "lockout_cap_s": 600}},
                        "<technician pin test>")


def test_wrong_pins_lock_the_pin_and_the_lock_survives_a_restart(
        qapp: Any, qtbot: Any, tmp_path: Path, config: KioskConfig) -> None:
    data = tmp_path / "kiosk-data"
    with kiosk_harness(data, config) as k:
        wait_for(qtbot, k.ui, "homeScreen")
        hold_status_bar(qtbot, k)
        wait_for(qtbot, k.ui, "technicianSignInScreen")
        type_pin(qtbot, k, "135792")
        assert technician(k).notice == translate("technician.pin_wrong", "zh_CN",
                                                 left=str(ATTEMPTS - 1))
        for _ in range(ATTEMPTS - 1):
            type_pin(qtbot, k, "135792")
        with collected() as seen:
            type_pin(qtbot, k, "135792")
        assert [e for e in seen if isinstance(e, TechnicianLockedOut)]
        qtbot.waitUntil(lambda: technician(k).lockedSeconds > 0, timeout=5000)
        assert not wait_for(qtbot, k.ui, "technicianKeypad").isEnabled()
        assert technician(k).state == "sign_in"
        sign_out(qtbot, k)

    # A new start on the same data dir: still locked, even for the right PIN.
    with kiosk_harness(data, config) as k:
        wait_for(qtbot, k.ui, "homeScreen")
        hold_status_bar(qtbot, k)
        qtbot.waitUntil(lambda: technician(k).lockedSeconds > 0, timeout=5000)
        assert technician(k).desk.enter_pin(TEST_PIN) is not None
        assert technician(k).state == "sign_in"
        # After the lock-out the right PIN opens the technician screen.
        k.clock.advance(technician(k).desk.locked_for() + 1)
        qtbot.waitUntil(lambda: technician(k).lockedSeconds == 0, timeout=5000)
        with collected() as seen:
            type_pin(qtbot, k, TEST_PIN)
        wait_for(qtbot, k.ui, "technicianScreen")
        assert technician(k).method == "pin"
        assert [e for e in seen if isinstance(e, TechnicianSignedIn)]
        sign_out(qtbot, k)


def test_a_terminal_without_a_pin_says_to_use_a_card(qapp: Any, qtbot: Any,
                                                     tmp_path: Path) -> None:
    with kiosk_harness(tmp_path / "kiosk-data") as k:
        wait_for(qtbot, k.ui, "homeScreen")
        hold_status_bar(qtbot, k)
        type_pin(qtbot, k, "135792")
        assert technician(k).notice == translate("technician.pin_not_set", "zh_CN")
        assert technician(k).state == "sign_in"
        sign_out(qtbot, k)
