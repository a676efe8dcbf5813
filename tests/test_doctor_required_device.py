"""``kiosk doctor --json`` (run as a subprocess) fails exactly when a required device fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def doctor(tmp_path: Path, config_text: str | None) -> tuple[int, dict[str, Any]]:
    env = dict(os.environ, KIOSK_DATA_DIR=str(tmp_path / "data"))
    args = [sys.executable, "-m", "kiosk.cli", "doctor", "--json"]
    if config_text is not None:
        config = tmp_path / "kiosk.toml"
        config.write_text(config_text, encoding="utf-8")
        args += ["--config", str(config)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    return done.returncode, json.loads(done.stdout)


def by_name(report: dict[str, Any], prefix: str) -> dict[str, Any]:
    matches = [c for c in report["checks"] if c["name"].startswith(prefix)]
    assert len(matches) == 1, report
    return matches[0]


def test_required_camera_with_no_camera_fails_the_run(tmp_path: Path) -> None:
    code, report = doctor(tmp_path, """
[devices.camera]
driver = "simulated"
required = true
fault = "no_camera"
""")
    assert code == 1
    assert report["ok"] is False
    camera = by_name(report, "camera")
    assert camera["outcome"] == "fail" and camera["fatal"] is True
    assert camera["detail"] == "disconnected"
    assert "USB cable" in camera["fix"]
    assert by_name(report, "idcard")["outcome"] == "ok"


def test_optional_device_failing_is_reported_but_does_not_fail_the_run(tmp_path: Path) -> None:
    code, report = doctor(tmp_path, """
[devices.camera]
driver = "simulated"
required = false
fault = "no_camera"
""")
    assert code == 0
    assert report["ok"] is True
    assert by_name(report, "camera")["outcome"] == "fail"
    assert by_name(report, "camera")["fatal"] is False


def test_default_simulated_profile_passes_with_a_line_per_check(tmp_path: Path) -> None:
    code, report = doctor(tmp_path, None)
    assert code == 0, report
    names = [c["name"].split(" ")[0] for c in report["checks"]]
    assert names == ["data", "store", "idcard", "citizen_card", "camera", "printer",
                     "barcode", "hub"]
    assert all(c["outcome"] == "ok" for c in report["checks"])
