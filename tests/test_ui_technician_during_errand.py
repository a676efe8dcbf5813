"""The technician sign-in does not open while a resident is being served."""

from __future__ import annotations

from typing import Any

from technician_support import technician
from ui_support import identify_with_id_card, kiosk_harness, tap, wait_for

from kiosk.devtools.residents import resident


def test_no_sign_in_during_an_errand(qapp: Any, qtbot: Any, tmp_path: Any) -> None:
    with kiosk_harness(tmp_path / "kiosk-data") as k:
        wait_for(qtbot, k.ui, "homeScreen")
        identify_with_id_card(qtbot, k, resident("R0002"))
        assert not technician(k).openSignIn()
        assert technician(k).state == "closed"
        wait_for(qtbot, k.ui, "identityScreen")
        tap(qtbot, k.ui, "elderButton")  # the resident's buttons are still there
        qtbot.waitUntil(lambda: bool(k.ui.journey.elderMode), timeout=5000)
