"""The headless journey on byte-level simulators: GA 467 pty, PC/SC via pcscd+vpcd, ESC/POS."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.devtools.residents import resident

CONFIG = """
[devices.idcard]
driver = "simulated"
[devices.citizen_card]
driver = "simulated"
[devices.printer]
driver = "simulated"
[devices.camera]
driver = "simulated"
"""


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
@pytest.mark.parametrize("card", ["id_card", "citizen_card"])
def test_journey_runs_the_real_drivers_against_simulators(
    card: str, tmp_path: Path, isolated_kiosk_env: Path
) -> None:
    config = tmp_path / "sim.toml"
    config.write_text(CONFIG, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "--config", str(config), "--data-dir",
         str(isolated_kiosk_env), "journey", "--headless", "--json", "--card", card,
         "--resident", "R0031"],
        capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr + out.stdout
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == "sent"
    assert len(result["prefilled_fields"]) >= 5
    # The simulated printer rendered what the ESC/POS driver sent; its QR is the tracking URL.
    pngs = sorted((isolated_kiosk_env / "sim-printer").glob("*.png"))
    assert pngs
    codes = zxingcpp.read_barcodes(Image.open(pngs[-1]))
    assert any(c.text.endswith(result["tracking_code"]) for c in codes)
    assert resident("R0031").id_number.encode() not in Path(
        result["receipt_bytes_path"]).read_bytes()
