"""Every CLI command that prints a resident's data masks it by default.

``--show-personal`` shows it in full only in the simulated profile (demo cards);
a production config refuses it. Commands run as real subprocesses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode

from kiosk.base.masking import Personal, mask
from kiosk.devtools.residents import resident

ROOT = Path(__file__).resolve().parents[1]
PERSON = resident("R0001")
PERSONAL = [PERSON.name, PERSON.id_number, PERSON.phone, PERSON.card_address,
            PERSON.residence_address, PERSON.household_address, PERSON.citizen_card_number,
            PERSON.birth_date.isoformat()]


def _kiosk(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if data_dir is not None:
        env["KIOSK_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=300, env=env, check=False)


def _shown(done: subprocess.CompletedProcess[str], values: list[str]) -> list[str]:
    text = done.stdout + done.stderr
    return [v for v in values if v in text or json.dumps(v)[1:-1] in text]


def test_read_idcard_masks_by_default() -> None:
    for form in ((), ("--json",)):
        done = _kiosk("devices", "read-idcard", "--simulate", "R0001", *form)
        assert done.returncode == 0, done.stderr
        assert _shown(done, PERSONAL) == []
        assert mask(PERSON.id_number, Personal.ID_NUMBER) in done.stdout
        assert mask(PERSON.card_address, Personal.ADDRESS) in done.stdout


def test_show_personal_is_refused_in_the_production_profile(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('profile = "production"\n', encoding="utf-8")
    for command in (("devices", "read-idcard", "--simulate", "R0001"),
                    ("devices", "read-citizencard", "--reader", "No Such Reader"),
                    ("devices", "decode", str(tmp_path / "none.png"))):
        done = _kiosk("--config", str(config), *command, "--show-personal")
        assert done.returncode == 2, (command, done.stderr)
        assert "refused in the production profile" in done.stderr
        assert "Fix:" in done.stderr and _shown(done, PERSONAL) == []


def _qr_image(path: Path, text: str) -> None:
    img = qrcode.make(text).convert("L")
    cv2.imwrite(str(path), np.array(img))


def test_decoded_barcodes_are_masked(tmp_path: Path) -> None:
    payload = f"EID1:Zm9vYmFyYmF6cXV4 {PERSON.id_number} {PERSON.phone}"
    image = tmp_path / "qr.png"
    _qr_image(image, payload)
    done = _kiosk("devices", "decode", str(image), "--json")
    assert done.returncode == 0, done.stderr
    text = json.loads(done.stdout)["results"][0]["codes"][0]["text"]
    assert text == (f"EID1:**** {mask(PERSON.id_number, Personal.ID_NUMBER)} "
                    f"{mask(PERSON.phone, Personal.PHONE)}")
    assert _shown(done, [PERSON.id_number, PERSON.phone, "Zm9vYmFyYmF6cXV4"]) == []
    full = _kiosk("devices", "decode", str(image), "--json", "--show-personal")
    assert json.loads(full.stdout)["results"][0]["codes"][0]["text"] == payload


@pytest.mark.slow
def test_headless_journey_and_queue_list_print_no_personal_value(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = _kiosk("journey", "--headless", "--json", "--resident", "R0001", "--offline",
                  data_dir=data)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["status"] == "queued"
    assert _shown(done, PERSONAL) == []
    for command in (("queue", "list"), ("queue", "list", "--json"), ("queue", "status")):
        listed = _kiosk(*command, data_dir=data)
        assert listed.returncode == 0, listed.stderr
        assert _shown(listed, PERSONAL) == []


def test_citizen_card_fields_are_masked_by_default() -> None:
    """``read-citizencard``'s fields (its PC/SC path is covered by test_citizencard_cli)."""
    from kiosk.cli.devices_citizencard import card_json
    from kiosk.devtools.cards import citizen_card_for

    card = citizen_card_for(PERSON)
    shown = json.dumps(card_json(card, unmask=False), ensure_ascii=False)
    assert [v for v in [*PERSONAL, PERSON.citizen_card_id] if v in shown] == []
    full = card_json(card, unmask=True)
    assert (full["name"], full["id_number"]) == (PERSON.name, PERSON.id_number)
