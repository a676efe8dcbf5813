"""The scenario kiosk's fixed PIN hash is the documented demo PIN's, and a fit PIN."""

from __future__ import annotations

from pathlib import Path

from kiosk.app.technician.pin import pin_matches, pin_problem
from kiosk.devtools.scenarios.kiosk import SCENARIO_PIN, SCENARIO_PIN_HASH, scenario_config

ROOT = Path(__file__).resolve().parents[1]


def test_the_hash_is_the_demo_pins_and_no_other() -> None:
    assert pin_matches(SCENARIO_PIN, SCENARIO_PIN_HASH)
    assert not pin_matches("135790", SCENARIO_PIN_HASH)
    assert pin_problem(SCENARIO_PIN) is None
    assert scenario_config().technician.pin_hash == SCENARIO_PIN_HASH


def test_the_demo_pin_is_never_packaged() -> None:
    packaged = [p for p in (ROOT / "packaging").rglob("*") if p.is_file()]
    assert packaged
    for path in packaged:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert SCENARIO_PIN_HASH not in text and SCENARIO_PIN not in text, path
