"""``--hardware``: device events become prompts for the tester, answered on stdin, with a timeout.

The "terminal" here is a config whose ID-card reader is the GA 467 emulator with demo
resident R0001's card already on it, so when the tester answers the prompt the real
driver reads a card, as it would on a terminal where the tester placed one.
"""

from __future__ import annotations

from pathlib import Path

from scenario_support import run_features

CONFIG = """
[terminal]
id = "HIL-0001"
[devices.idcard]
driver = "simulated"
card = "R0001"
[devices.citizen_card]
driver = "memory"
[devices.camera]
driver = "memory"
[devices.printer]
driver = "memory"
"""
CARD = """Feature: On the terminal
  Scenario: The tester places the card
    When resident "R0001" places their ID card on the reader
    Then the screen shows "identity"
"""
SIMULATOR_ONLY = """Feature: On the terminal
  Scenario: A fault only a simulator can make
    Given the "ID card reader" sends a corrupt frame
    When resident "R0001" places their ID card on the reader
"""


def _config(tmp: Path) -> str:
    path = tmp / "terminal.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return str(path)


def test_the_tester_is_prompted_and_enter_goes_on(tmp_path: Path) -> None:
    out = run_features(tmp_path, {"card.feature": CARD}, "--hardware", "--kiosk-config",
                       _config(tmp_path), "--prompt-timeout", "30", stdin="\n")
    assert out.returncode == 0, out.output
    assert ">>> TESTER: Place the test ID card of demo resident R0001 on the reader" \
        in out.output
    assert "1 passed" in out.output


def test_no_answer_in_time_fails_the_step_with_what_was_asked(tmp_path: Path) -> None:
    # stdin stays open and silent: the tester walked away.
    out = run_features(tmp_path, {"card.feature": CARD}, "--hardware", "--kiosk-config",
                       _config(tmp_path), "--prompt-timeout", "1", stdin=None)
    assert out.returncode == 1
    assert "no answer from the tester" in out.output
    assert "Place the test ID card of demo resident R0001 on the reader" in out.output
    assert 'step (line 3): When resident "R0001" places their ID card on the reader' \
        in out.output


def test_skip_and_simulator_only_steps_skip_the_scenario(tmp_path: Path) -> None:
    out = run_features(tmp_path, {"card.feature": CARD, "sim.feature": SIMULATOR_ONLY},
                       "--hardware", "--kiosk-config", _config(tmp_path), "-rs",
                       "--prompt-timeout", "30", stdin="s\n")
    assert out.returncode == 0, out.output
    assert "2 skipped" in out.output
    assert "the tester skipped at: Place the test ID card" in out.output
    assert "a corrupt frame on the ID-card reader is a simulator fault" in out.output
