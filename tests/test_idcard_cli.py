"""``kiosk devices read-idcard`` and ``idcard-emulator`` as real subprocesses."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.devtools.residents import resident

KIOSK = [sys.executable, "-m", "kiosk.cli"]

EXPECTED: dict[str, dict[str, Any]] = {
    "J": {
        "kind": "hmt_permit", "name": "港澳示例", "name_en": "", "sex": "2",
        "birth_date": "1990-04-01", "nation": "", "nation_name": "",
        "address": "浙江省示范市和睦区和睦路1号示例楼101室", "id_number": "810000199004019991",
        "issuing_authority": "示范市公安局和睦分局", "valid_from": "2024-01-10",
        "valid_to": "2029-01-10", "long_term": False, "nationality": "", "nationality_name": "",
        "pass_number": "H99999999", "issue_count": "01", "card_version": "",
        "issuing_office": "", "photo_length": 1024, "fingerprint_length": None,
    },
    "I": {
        "kind": "foreign_2017", "name": "示例亚历", "name_en": "SAMPLE, ALEX", "sex": "1",
        "birth_date": "1985-03-15", "nation": "", "nation_name": "", "address": "",
        "id_number": "USA330585031599", "issuing_authority": "", "valid_from": "2020-06-01",
        "valid_to": "2030-06-01", "long_term": False, "nationality": "USA",
        "nationality_name": "United States", "pass_number": "", "issue_count": "",
        "card_version": "01", "issuing_office": "3305", "photo_length": 1024,
        "fingerprint_length": None,
    },
    "Y": {
        "kind": "foreign_2023", "name": "示例卡琳",
        "name_en": "SAMPLEWORTH-EXAMPLE, KATHARINA ALEXANDRA MARIE", "sex": "2",
        "birth_date": "1992-07-16", "nation": "", "nation_name": "", "address": "",
        "id_number": "933124199207169996", "issuing_authority": "", "valid_from": "2024-03-01",
        "valid_to": "2034-03-01", "long_term": False, "nationality": "CAN",
        "nationality_name": "Canada", "pass_number": "", "issue_count": "00",
        "card_version": "", "issuing_office": "", "photo_length": 1024,
        "fingerprint_length": None,
    },
}


def _resident_expected(resident_id: str) -> dict[str, Any]:
    person = resident(resident_id)
    from devices.idcard.nations import NATIONS

    return {
        "kind": "resident", "name": person.name, "name_en": "", "sex": person.sex,
        "birth_date": person.birth_date.isoformat(), "nation": person.nation,
        "nation_name": NATIONS[person.nation].zh, "address": person.card_address,
        "id_number": person.id_number, "issuing_authority": person.issuing_authority,
        "valid_from": person.valid_from.isoformat(),
        "valid_to": person.valid_to.isoformat() if person.valid_to else None,
        "long_term": person.valid_to is None, "nationality": "", "nationality_name": "",
        "pass_number": "", "issue_count": "", "card_version": "", "issuing_office": "",
        "photo_length": 1024, "fingerprint_length": None,
    }


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KIOSK, *args], capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.parametrize("code", ["R0001", "J", "I", "Y"])
def test_read_idcard_simulate_prints_the_exact_card(code: str) -> None:
    done = _run("devices", "read-idcard", "--simulate", code, "--json", "--show-personal")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    expected = _resident_expected(code) if code.startswith("R") else EXPECTED[code]
    assert out == {"ok": True, "card": expected}


def test_read_idcard_against_a_separate_emulator_process(tmp_path: Path) -> None:
    link = tmp_path / "ttyReader"
    emulator = subprocess.Popen(
        [*KIOSK, "devices", "idcard-emulator", "--card", "Y", "--link", str(link)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert emulator.stdout is not None
        ready, _, _ = select.select([emulator.stdout], [], [], 30)
        assert ready, "the emulator did not print its port"
        port = emulator.stdout.readline().strip()
        assert port == str(link) and os.path.islink(port)
        done = _run("devices", "read-idcard", "--port", port, "--json", "--show-personal")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"ok": True, "card": EXPECTED["Y"]}
        # The card stayed on the pad: a second read is refused until it is lifted.
        again = _run("devices", "read-idcard", "--port", port, "--json", "--locale", "en_US")
        assert again.returncode == 1
        error = json.loads(again.stdout)["error"]
        assert error["kind"] == "card_not_removed"
        assert error["message_key"] == "idcard.lift_card"
        assert error["message"] == "Lift the card off the reader first, then place it again"
    finally:
        emulator.terminate()
        assert emulator.wait(timeout=30) == 0
    assert not link.exists()


def test_read_idcard_empty_pad_is_a_typed_error(tmp_path: Path) -> None:
    link = tmp_path / "ttyEmpty"
    emulator = subprocess.Popen([*KIOSK, "devices", "idcard-emulator", "--link", str(link)],
                                stdout=subprocess.PIPE, text=True)
    try:
        assert emulator.stdout is not None
        ready, _, _ = select.select([emulator.stdout], [], [], 30)
        assert ready
        port = emulator.stdout.readline().strip()
        done = _run("devices", "read-idcard", "--port", port, "--json")
        assert done.returncode == 1
        error = json.loads(done.stdout)["error"]
        assert error == {"kind": "no_card", "message_key": "idcard.place_card",
                         "message": "请将身份证放在读卡区", "detail": ""}
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)


def test_read_idcard_on_a_missing_port_says_disconnected(tmp_path: Path) -> None:
    done = _run("devices", "read-idcard", "--port", str(tmp_path / "nothing"), "--json")
    assert done.returncode == 1
    error = json.loads(done.stdout)["error"]
    assert error["kind"] == "disconnected"
    assert error["message_key"] == "device.reader_disconnected"


def test_read_idcard_refuses_an_unknown_sample() -> None:
    done = _run("devices", "read-idcard", "--simulate", "Q", "--json")
    assert done.returncode == 2
    assert "unknown sample card" in done.stderr


def test_read_idcard_uses_the_configured_simulated_reader(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[devices.idcard]\ndriver = "simulated"\ncard = "J"\n', encoding="utf-8")
    done = _run("devices", "read-idcard", "--config", str(config), "--json", "--show-personal")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"ok": True, "card": EXPECTED["J"]}
