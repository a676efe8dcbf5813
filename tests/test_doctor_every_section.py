"""Several device sections broken at once: each gets its own doctor line with its own fix — a
driver module that is not installed names the package, a simulator without images names its
option — instead of one "cannot open the devices" line pointing at config check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ops_support import ROOT, child_env

# The serial and PC/SC libraries refused, as on a terminal installed without them.
_WITHOUT_DRIVERS = """
import runpy, sys
class _Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("serial", "smartcard"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _Refuse())
sys.argv = ["kiosk", *sys.argv[1:]]
runpy.run_module("kiosk.cli", run_name="__main__")
"""


def test_every_broken_section_has_its_own_line(tmp_path: Path) -> None:
    empty = tmp_path / "no-images"
    empty.mkdir()
    config = tmp_path / "kiosk.toml"
    config.write_text(f"""
[devices.camera]
driver = "simulated"
source = "{empty}"
required = true

[devices.idcard]
driver = "ga467"
port = "/dev/ttyUSB0"
required = true
""", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _WITHOUT_DRIVERS, "--data-dir",
                           str(tmp_path / "data"), "--config", str(config), "doctor", "--json"],
                          capture_output=True, text=True, timeout=120, env=child_env(), cwd=ROOT)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    checks = {c["name"].split(" ")[0]: c for c in json.loads(done.stdout)["checks"]}
    camera, reader = checks["camera"], checks["idcard"]
    assert camera["outcome"] == "fail" and "no readable image" in camera["detail"]
    assert "point it at an image file" in camera["fix"]
    assert reader["outcome"] == "fail" and "module serial is missing" in reader["detail"]
    assert "pip install pyserial" in reader["fix"]
    for check in (camera, reader):
        assert "config check" not in check["fix"]
    # The devices that are fine still get their OK lines.
    assert checks["printer"]["outcome"] == "ok"
