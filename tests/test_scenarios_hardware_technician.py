"""``--hardware``: the technician steps run on a terminal's own devices, config and PIN.

The "terminal" is a config on the in-memory drivers; the tester's answers come on
stdin. With the scenario kiosk's demo PIN hash in its ``[technician]`` section, a
technician signs in by PIN and the test receipt and camera checks run on its
printer and camera. Without it, the PIN scenarios (written for the demo PIN) are
skipped with the reason, not failed.
"""

from __future__ import annotations

from pathlib import Path

from scenario_support import run_features

from kiosk.devtools.scenarios.kiosk import SCENARIO_PIN_HASH

CONFIG = """
[terminal]
id = "HIL-0002"
[devices.idcard]
driver = "memory"
[devices.citizen_card]
driver = "memory"
[devices.camera]
driver = "memory"
[devices.printer]
driver = "memory"
"""
CHECKS = """Feature: The technician on the terminal
  Scenario: PIN sign-in, a test receipt and a camera check on the terminal's devices
    Given a technician opens the technician sign-in
    When the technician enters the PIN "246813"
    Then the technician is signed in as "PIN"
    When the technician runs the test_receipt check
    Then the test_receipt check passed
    And the receipt was printed
    When the technician runs the camera check
    Then the technician screen is open
    When the technician signs out
    Then the technician screen is closed
"""
PIN = """Feature: The technician's PIN on the terminal
  Scenario: The demo PIN
    Given a technician opens the technician sign-in
    When the technician enters the PIN "246813"
    Then the technician screen is open
"""


def _config(tmp: Path, *, demo_pin: bool) -> str:
    path = tmp / "terminal.toml"
    pin = f'[technician]\npin_hash = "{SCENARIO_PIN_HASH}"\n' if demo_pin else ""
    path.write_text(CONFIG + pin, encoding="utf-8")
    return str(path)


def test_the_test_receipt_and_camera_checks_run_on_the_terminal(tmp_path: Path) -> None:
    # Nothing to prompt for: the PIN and the taps are the runner's, the paper the driver's.
    out = run_features(tmp_path, {"checks.feature": CHECKS}, "--hardware", "--kiosk-config",
                       _config(tmp_path, demo_pin=True), "--prompt-timeout", "30", stdin="")
    assert out.returncode == 0, out.output
    assert "1 passed" in out.output


def test_pin_scenarios_skip_on_a_terminal_with_its_own_pin(tmp_path: Path) -> None:
    out = run_features(tmp_path, {"pin.feature": PIN}, "--hardware", "--kiosk-config",
                       _config(tmp_path, demo_pin=False), "-rs", "--prompt-timeout", "30", stdin="")
    assert out.returncode == 0, out.output
    assert "1 skipped" in out.output
    assert "not the scenarios' demo PIN (246813)" in out.output
