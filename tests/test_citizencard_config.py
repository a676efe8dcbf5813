"""Configuration of the citizen-card driver: every bad option names its key and the fix."""

from __future__ import annotations

import datetime as dt

import pytest

from devices.citizen_card.factory import open_citizen_card
from devices.citizen_card.pcsc import PcscCitizenCardReader
from devices.factory import SimulationControls
from kiosk.base.clock import SystemClock
from kiosk.base.config import ConfigError, parse_device


@pytest.mark.parametrize(("driver", "options", "key"), [
    ("pcsc", {"port": 1}, "devices.citizen_card.port"),
    ("pcsc", {"layout": "beijing"}, "devices.citizen_card.layout"),
    ("pcsc", {"read_timeout_s": 0}, "devices.citizen_card.read_timeout_s"),
    ("pcsc", {"reader": ""}, "devices.citizen_card.reader"),
    ("simulated", {"port": 12}, "devices.citizen_card.port"),
    ("simulated", {"resident": "R9999"}, "devices.citizen_card.resident"),
    ("simulated", {"reader": "x"}, "devices.citizen_card.reader"),
])
def test_bad_options_name_the_key_and_the_fix(
    driver: str, options: dict[str, object], key: str
) -> None:
    with pytest.raises(ConfigError) as info:
        open_citizen_card(parse_device("citizen_card", {"driver": driver, **options}),
                          SystemClock(), SimulationControls())
    assert any(p.startswith(key) and "Fix:" in p for p in info.value.problems)


def test_card_dates_are_local_china_dates() -> None:
    from devices.citizen_card.sscard import local_today

    late_utc = dt.datetime(2026, 1, 4, 17, 0, tzinfo=dt.UTC)
    assert local_today(late_utc) == dt.date(2026, 1, 5)


def test_pcsc_options_reach_the_driver() -> None:
    reader = open_citizen_card(
        parse_device("citizen_card", {"driver": "pcsc", "reader": "ACS ACR39U",
                                      "read_timeout_s": 2, "layout": "ssse_binary_id"}),
        SystemClock(), SimulationControls())
    assert isinstance(reader, PcscCitizenCardReader)
    assert reader.read_timeout_s == 2.0
    assert reader.layout.name == "ssse_binary_id"
    reader.close()
