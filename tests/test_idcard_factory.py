"""``devices.idcard.factory.open_idcard``: config validation and simulator wiring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from idcard_helpers import is_card, read_until, sample_card

from devices.factory import SimulationControls, open_devices
from devices.idcard.factory import open_idcard
from devices.idcard.ga467 import Ga467Reader
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind, IdCardReaderStatus
from kiosk.base.clock import SystemClock
from kiosk.base.config import ConfigError, DeviceConfig, parse_config, parse_device
from kiosk.devtools.cards import DemoCards


def _dev(driver: str, **options: Any) -> DeviceConfig:
    return parse_device("idcard", {"driver": driver, "required": True, **options})


@pytest.mark.parametrize(("options", "needle"), [
    ({}, "devices.idcard.port is missing"),
    ({"port": "/dev/ttyUSB0", "baud": 12345}, "devices.idcard.baud = 12345"),
    ({"port": "/dev/ttyUSB0", "switch_to_baud": "fast"}, "devices.idcard.switch_to_baud"),
    ({"port": "/dev/ttyUSB0", "poll_interval_s": 0.1}, "devices.idcard.poll_interval_s"),
    ({"port": "/dev/ttyUSB0", "fingerprint": "yes"}, "devices.idcard.fingerprint"),
    ({"port": "/dev/ttyUSB0", "card": "J"}, "devices.idcard.card is not an option"),
])
def test_bad_ga467_options_name_the_key_and_the_fix(options: dict[str, Any], needle: str) -> None:
    with pytest.raises(ConfigError) as caught:
        open_idcard(_dev("ga467", **options), SystemClock(), SimulationControls())
    assert any(needle in p and "Fix:" in p for p in caught.value.problems)


def test_unknown_sample_card_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        open_idcard(_dev("simulated", card="R9999"), SystemClock(), SimulationControls())
    assert "devices.idcard.card" in caught.value.problems[0]


def test_real_driver_on_a_missing_port_is_disconnected_not_a_crash(tmp_path: Path) -> None:
    reader = open_idcard(_dev("ga467", port=str(tmp_path / "ttyUSB9")), SystemClock(),
                         SimulationControls())
    assert isinstance(reader, Ga467Reader)
    assert reader.status() is IdCardReaderStatus.DISCONNECTED
    result = reader.read_card()
    assert isinstance(result, IdCardFailure) and result.kind is IdCardFailureKind.DISCONNECTED
    reader.close()


def test_simulated_driver_fills_the_simulation_controls() -> None:
    sim = SimulationControls(samples=DemoCards())
    reader = open_idcard(_dev("simulated", card="R0050", baud=57600), SystemClock(), sim)
    try:
        assert isinstance(reader, Ga467Reader)
        first = reader.read_card()
        assert isinstance(first, IdCardData) and first == sample_card("R0050")
        assert sim.place_id_card is not None
        sim.place_id_card(None)
        sim.place_id_card(sample_card("I"))
        assert read_until(reader, is_card) == sample_card("I")
        sim.unplug["idcard"](True)
        assert reader.status() is IdCardReaderStatus.DISCONNECTED
        sim.unplug["idcard"](False)
        sim.place_id_card(sample_card("Y"))
        assert read_until(reader, is_card) == sample_card("Y")
    finally:
        reader.close()
        for closer in sim.closers:
            closer()
    assert len(sim.closers) == 1


def test_open_devices_builds_the_simulated_reader(tmp_path: Path) -> None:
    config = parse_config({"devices": {"idcard": {"driver": "simulated", "card": "J"}}})
    devices = open_devices(config, SystemClock(), tmp_path)
    try:
        assert isinstance(devices.idcard, Ga467Reader)
        port = Path(devices.idcard.port)
        assert port.is_symlink()
        assert devices.idcard.read_card() == sample_card("J")
    finally:
        devices.close()
    assert not port.exists()
