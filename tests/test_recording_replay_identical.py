"""Record a simulated session (ID card, citizen card, frames, a receipt) and replay it:
the real drivers read the same bytes and every step gives the same outcome."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from recording_support import JOB, RESIDENT, data_dir, plan, simulated_config

from devices.camera.protocol import Frame
from devices.recording import Direction, read_recording
from devices.recording.replay import ReplayCamera
from devices.recording.taps import encode_frame
from kiosk.base.clock import SystemClock
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.recording import SessionPlan, record_session, replay_session

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]
ROOT = Path(__file__).resolve().parent.parent


def test_a_whole_session_replays_identically(tmp_path: Path) -> None:
    clock = SystemClock()
    out = tmp_path / "session.jsonl"
    done = record_session(simulated_config(), clock, data_dir(tmp_path), out, plan(),
                          samples=DemoCards(), resident=RESIDENT)
    assert not done.sealed
    assert [o.step for o in done.outcomes] == [
        "idcard.read", "citizen_card.read", "camera.grab.1", "camera.grab.2", "camera.grab.3",
        "printer.print"]
    assert all(o.outcome.startswith("ok ") for o in done.outcomes), done.outcomes
    recording = read_recording(out)
    assert recording.header.devices == {"idcard": "simulated", "citizen_card": "simulated",
                                        "camera": "simulated", "printer": "simulated"}
    # Both directions of each byte boundary are in the file.
    for device in ("idcard", "citizen_card", "printer"):
        directions = {r.direction for r in recording.of(device)}
        assert {Direction.SENT, Direction.RECEIVED} <= directions, device
    assert JOB in b"".join(r.data for r in recording.of("printer")
                           if r.direction is Direction.SENT)
    assert len([r for r in recording.of("camera") if r.direction is Direction.FRAME]) == 3

    report = replay_session(recording, clock)
    assert report.recorded == done.outcomes
    assert report.replayed == done.outcomes
    assert report.identical
    assert report.divergences == {"idcard": 0, "citizen_card": 0, "printer": 0}


def test_replayed_frames_are_the_recorded_arrays(tmp_path: Path) -> None:
    clock = SystemClock()
    out = tmp_path / "frames.jsonl"
    record_session(simulated_config(), clock, data_dir(tmp_path), out,
                   SessionPlan(idcard=False, citizen_card=False, frames=2, frame_interval_s=0.2),
                   samples=DemoCards())
    camera = ReplayCamera.of(read_recording(out), clock)
    recorded = [r for r in read_recording(out).of("camera") if r.direction is Direction.FRAME]
    assert len(recorded) == 2
    first, second, after = camera.grab(), camera.grab(), camera.grab()
    assert isinstance(first, Frame) and isinstance(second, Frame) and isinstance(after, Frame)
    assert first.image.shape == (1080, 1920, 3) and first.image.dtype == np.uint8
    # Lossless: the replayed array is the recorded PNG's pixels; the last one holds.
    assert encode_frame(first.image) == recorded[0].data
    assert np.array_equal(after.image, second.image)


def test_the_cli_records_and_replays(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    job = tmp_path / "r.bin"
    rendered = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "receipt", "render", "--tracking", "K7Q4M2X9TB1CG",
         "--out", str(job)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert rendered.returncode == 0, rendered.stderr
    out = tmp_path / "cli.jsonl"
    recorded = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "devices", "record", str(out), "--simulate",
         RESIDENT, "--frames", "2", "--frame-interval", "0.2", "--print", str(job), "--wait",
         "5", "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert recorded.returncode == 0, recorded.stderr
    answer = json.loads(recorded.stdout)
    assert answer["ok"] and not answer["sealed"] and len(answer["steps"]) == 5
    # The CLI shows outcomes only: no name or ID number of the resident.
    from kiosk.devtools.residents import resident

    person = resident(RESIDENT)
    assert person.id_number not in recorded.stdout and person.name not in recorded.stdout
    replayed = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "devices", "replay", str(out), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert replayed.returncode == 0, replayed.stderr + replayed.stdout
    result = json.loads(replayed.stdout)
    assert result["ok"] is True
    assert all(s["recorded"] == s["replayed"] for s in result["steps"])
    assert result["steps"][-1]["replayed"] == f"ok printed {job.stat().st_size}"
    again = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "devices", "record", str(out), "--simulate",
         RESIDENT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "never overwritten" in again.stderr
