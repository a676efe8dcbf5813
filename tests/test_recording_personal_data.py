"""Recordings of real cards hold personal data: sealed with the store key, refused on the
production profile without opt-in, never readable with another kiosk's key."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from recording_support import RESIDENT

from kiosk.base.config import load_config, parse_config
from kiosk.devtools.recording import RecordingRefused, check_recordable, needs_sealing
from kiosk.devtools.residents import resident

ROOT = Path(__file__).resolve().parent.parent


def _kiosk(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_a_sealed_recording_holds_no_personal_data_and_needs_its_key(tmp_path: Path) -> None:
    out = tmp_path / "sealed.jsonl"
    recorded = _kiosk(tmp_path / "kiosk-a", "devices", "record", str(out), "--simulate",
                      RESIDENT, "--frames", "0", "--seal", "--wait", "5", "--json")
    assert recorded.returncode == 0, recorded.stderr
    assert json.loads(recorded.stdout)["sealed"] is True
    raw = out.read_bytes()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    header = json.loads(raw.splitlines()[0])
    assert header["sealed"] == "aes-256-gcm"
    person = resident(RESIDENT)
    for value in (person.name, person.id_number):
        for encoded in (value.encode("utf-8"), value.encode("gb18030"),
                        value.encode("utf-16-le"), base64.b64encode(value.encode("utf-16-le"))):
            assert encoded not in raw
    assert all(set(json.loads(line)) == {"sealed"} for line in raw.splitlines()[1:])

    same = _kiosk(tmp_path / "kiosk-a", "devices", "replay", str(out), "--json")
    assert same.returncode == 0, same.stderr + same.stdout
    assert json.loads(same.stdout)["ok"] is True

    other = _kiosk(tmp_path / "kiosk-b", "devices", "replay", str(out))
    assert other.returncode == 2
    assert "data dir" in other.stderr and "Traceback" not in other.stderr


def test_the_production_profile_refuses_recording_without_opt_in() -> None:
    config = load_config(ROOT / "packaging" / "kiosk.toml")  # the example terminal
    with pytest.raises(RecordingRefused, match="--allow-production"):
        check_recordable(config, allow_production=False)
    drivers = check_recordable(config, allow_production=True)
    assert needs_sealing(drivers)


def test_memory_devices_cannot_be_recorded() -> None:
    with pytest.raises(RecordingRefused, match="--simulate"):
        check_recordable(parse_config({}), allow_production=False)


def test_a_plain_recording_is_only_made_of_simulators() -> None:
    assert not needs_sealing({"idcard": "simulated", "citizen_card": "simulated"})
    assert needs_sealing({"idcard": "ga467", "citizen_card": "simulated"})
