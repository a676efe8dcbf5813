"""Fault: no reader, no pcscd, no pyscard → DISCONNECTED, never an exception."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_reader_name, vpcd_rig, wait_until

from devices.citizen_card.pcsc import PcscCitizenCardReader
from devices.citizen_card.protocol import (
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from kiosk.base.clock import SystemClock

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, sys
{prelude}
from devices.citizen_card.pcsc import PcscCitizenCardReader
from kiosk.base.clock import SystemClock
reader = PcscCitizenCardReader(SystemClock())
statuses = [reader.status().value for _ in range(3)]
result = reader.read_card()
reader.close()
print(json.dumps({{"statuses": statuses, "read": result.kind.value}}))
"""


def _probe(prelude: str = "", **env: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(prelude=prelude)], cwd=ROOT, check=True,
        capture_output=True, text=True, timeout=60, env={**os.environ, **env},
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_pcscd_not_running_is_disconnected(tmp_path: Path) -> None:
    # libpcsclite finds pcscd through this socket path; nothing listens at this one.
    result = _probe(PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd.comm"))
    assert result == {"statuses": ["disconnected"] * 3, "read": "disconnected"}


def test_stale_pcscd_socket_is_disconnected(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "dead.comm"
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(path))  # a socket file left behind by a crashed pcscd: nobody accepts
    dead.close()
    result = _probe(PCSCLITE_CSOCK_NAME=str(path))
    assert result == {"statuses": ["disconnected"] * 3, "read": "disconnected"}


def test_without_pyscard_the_reader_is_disconnected() -> None:
    result = _probe(prelude="sys.modules['smartcard'] = None")
    assert result == {"statuses": ["disconnected"] * 3, "read": "disconnected"}


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_reader_missing_from_pcscd_is_disconnected() -> None:
    vpcd_reader_name()  # pcscd itself is up
    reader = PcscCitizenCardReader(SystemClock(), reader="No Such Reader 00 00")
    try:
        assert reader.status() is CitizenCardReaderStatus.DISCONNECTED
        assert reader.read_card() == CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED)
    finally:
        reader.close()


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig()


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_unplugged_simulated_reader_is_disconnected_and_comes_back(rig: VpcdRig) -> None:
    rig.insert(resident_card(80))
    rig.driver.simulate_unplugged = True
    assert rig.driver.status() is CitizenCardReaderStatus.DISCONNECTED
    result = rig.driver.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.message_key == "device.reader_disconnected"
    rig.driver.simulate_unplugged = False
    assert wait_until(lambda: rig.driver.status() is CitizenCardReaderStatus.CARD_PRESENT)
    assert rig.driver.read_card() == resident_card(80)


def test_closed_reader_is_disconnected() -> None:
    reader = PcscCitizenCardReader(SystemClock(), reader="anything")
    reader.close()
    assert reader.status() is CitizenCardReaderStatus.DISCONNECTED
    assert reader.read_card() == CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED)
