"""``kiosk provision`` asking the technician: each question shows the detected or current
answer, Enter takes it, a typed answer replaces it; the simulated profile offers the
simulated devices and its embedded hub."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ops_support import kiosk, no_traceback


def test_answers_typed_and_defaults_taken(tmp_path: Path) -> None:
    config, data = tmp_path / "kiosk.toml", tmp_path / "data"
    answers = "\n".join([
        "HZ-TEST-03",        # terminal id
        "西湖区",             # district
        "文新街道便民服务中心",  # name
        "",                  # hub URL: none, the embedded reference hub
        "",                  # ID-card reader: the GA 467 emulator
        "",                  # citizen-card reader: in memory
        "memory",            # camera: typed over the simulated one
        "",                  # printer: the ESC/POS simulator
        "",                  # barcode: zxing
    ]) + "\n"
    done = kiosk("provision", "--profile", "simulated", data_dir=data, config=config,
                 stdin=answers)
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Terminal id (from the provisioning sheet)" in done.stdout
    assert "ID-card reader (simulated profile: the GA 467 emulator" in done.stdout
    written = tomllib.loads(config.read_text(encoding="utf-8"))
    assert written["terminal"] == {"id": "HZ-TEST-03", "district": "西湖区",
                                   "description": "文新街道便民服务中心", "locale": "zh_CN"}
    assert "hub" not in written
    assert {name: section["driver"] for name, section in written["devices"].items()} == {
        "idcard": "simulated", "citizen_card": "memory", "camera": "memory",
        "printer": "simulated", "barcode": "zxing"}
    assert "OK   test receipt: printed" in done.stdout
