"""``kiosk update-window``: updates wait while a resident is in a session, and go ahead otherwise.

Real parts throughout: the journey writes a real marker file through its
step-change hook, stale markers come from real processes that have exited, and
the command runs as a subprocess whose exit code is what apt's
``ExecCondition=`` sees.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from fakes import Kit, card_for

from kiosk.app import journey as j
from kiosk.app.activity import ActivityMarker, read_activity, update_window
from kiosk.base.clock import ManualClock

ROOT = Path(__file__).resolve().parents[1]


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True,
                          text=True, check=False, env=env)


def test_a_session_closes_the_window_and_its_end_opens_it(kit: Kit, tmp_path: Path) -> None:
    marker_path = tmp_path / "run" / "activity.json"
    marker = ActivityMarker(marker_path, kit.clock)
    kit.journey.step_changed = marker.record
    marker.record(j.Step.IDLE)
    assert update_window(marker_path, clock=kit.clock).open

    kit.journey.handle(card_for("R0001"))
    window = update_window(marker_path, clock=kit.clock)
    assert not window.open and window.step == "identity_confirmed"
    assert "a resident is in a session" in window.reason
    # The marker says where, never who.
    text = marker_path.read_text(encoding="utf-8")
    assert "R0001" not in text and set(json.loads(text)) == {
        "step", "since", "pid", "start_ticks", "boot_id"}

    kit.journey.handle(j.Exit())
    kit.clock.advance(30)
    assert not update_window(marker_path, min_idle_s=120, clock=kit.clock).open
    kit.clock.advance(91)
    assert update_window(marker_path, min_idle_s=120, clock=kit.clock).open


def test_an_idle_timeout_opens_the_window(kit: Kit, tmp_path: Path) -> None:
    marker_path = tmp_path / "activity.json"
    kit.journey.step_changed = ActivityMarker(marker_path, kit.clock).record
    kit.journey.handle(card_for("R0002"))
    assert not update_window(marker_path, clock=kit.clock).open
    kit.clock.advance(kit.journey.idle_limit_s + 1)
    kit.journey.handle(j.Tick())
    assert kit.journey.step is j.Step.IDLE
    assert update_window(marker_path, clock=kit.clock).open


def test_no_marker_means_no_kiosk_running(tmp_path: Path) -> None:
    window = update_window(tmp_path / "activity.json")
    assert window.open and "no kiosk is running" in window.reason
    marker = ActivityMarker(tmp_path / "activity.json")
    marker.record("form")
    marker.clear()
    assert update_window(tmp_path / "activity.json").open


def test_a_marker_left_by_a_dead_kiosk_does_not_block_updates(tmp_path: Path) -> None:
    path = tmp_path / "activity.json"
    # A kiosk that was in a session and then died without clearing its marker (SIGKILL).
    code = ("import sys; from pathlib import Path; from kiosk.app.activity import ActivityMarker;"
            "ActivityMarker(Path(sys.argv[1])).record('form')")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    activity = read_activity(path)
    assert activity is not None and activity.in_session
    window = update_window(path)
    assert window.open and "no longer running" in window.reason


def test_a_marker_from_before_a_reboot_does_not_block_updates(tmp_path: Path) -> None:
    path = tmp_path / "activity.json"
    ActivityMarker(path).record("form")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["boot_id"] = "00000000-0000-0000-0000-000000000000"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert update_window(path).open


def test_an_unreadable_marker_keeps_the_window_closed_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "activity.json"
    path.write_text('{"step": "form", "since"', encoding="utf-8")
    window = update_window(path)
    assert not window.open and "cannot be read" in window.reason
    path.write_text('{"step": "form"}', encoding="utf-8")
    assert not update_window(path).open


def test_cli_exit_codes_are_what_apt_execcondition_needs(tmp_path: Path) -> None:
    path = tmp_path / "activity.json"
    proc = _kiosk("update-window", "--marker", str(path))
    assert proc.returncode == 0 and proc.stdout.startswith("open: ")

    # This test process plays the running kiosk, in a session.
    marker = ActivityMarker(path)
    marker.record("materials")
    proc = _kiosk("update-window", "--marker", str(path), "--json")
    assert proc.returncode == 1, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["open"] is False and answer["step"] == "materials"

    marker.record("idle")
    assert _kiosk("update-window", "--marker", str(path), "--min-idle", "0").returncode == 0
    # Just back on the home screen: the default waits two minutes for the next resident.
    proc = _kiosk("update-window", "--marker", str(path))
    assert proc.returncode == 1 and "idle for" in proc.stdout
    assert _kiosk("update-window", "--min-idle", "-1").returncode == 2


def test_the_marker_is_written_atomically_with_an_aware_time(tmp_path: Path) -> None:
    clock = ManualClock()
    marker = ActivityMarker(tmp_path / "activity.json", clock)
    marker.record("form")
    assert [p.name for p in tmp_path.iterdir()] == ["activity.json"]
    activity = read_activity(tmp_path / "activity.json")
    assert activity is not None
    assert dt.datetime.fromisoformat(activity.since).tzinfo is not None
