"""``kiosk devices read-citizencard``: a card through pcscd, and a missing reader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from citizencard_support import resident_card, vpcd_reader_name

ROOT = Path(__file__).resolve().parents[1]


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=120, env=dict(os.environ))


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_simulated_card_is_read_through_pcscd_and_masked() -> None:
    vpcd_reader_name()
    card = resident_card(2)
    out = _kiosk("devices", "read-citizencard", "--simulate", "R0003", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["ok"] is True
    shown = result["card"]
    assert shown["id_number"] != card.id_number and shown["id_number"][-4:] == card.id_number[-4:]
    assert shown["name"][0] == card.name[0] and card.name not in out.stdout
    assert shown["expiry_date"] == (card.expiry_date.isoformat() if card.expiry_date else None)


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_unmask_prints_the_fields() -> None:
    vpcd_reader_name()
    card = resident_card(4)
    out = _kiosk("devices", "read-citizencard", "--simulate", "R0005", "--json", "--show-personal")
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)["card"]
    assert (shown["name"], shown["id_number"], shown["card_number"]) == (
        card.name, card.id_number, card.card_number)


def test_missing_reader_is_a_typed_failure_with_the_message() -> None:
    out = _kiosk("devices", "read-citizencard", "--reader", "No Such Reader", "--json",
                 "--locale", "en_US")
    assert out.returncode == 1
    result = json.loads(out.stdout)
    assert result["ok"] is False
    assert result["kind"] == "disconnected"
    assert result["message_key"] == "device.reader_disconnected"
    assert result["message"] and result["message"] != result["message_key"]
