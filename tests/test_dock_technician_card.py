"""The demo technicians' cards: the dock inserts them, the config and scenarios accept their codes.

Residents keep R0001…; T0001 (active) and T0002 (suspended) are citizen cards whose
number and identifier the reference hub's technician registry knows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dock_support import call, running_dock

from devices.citizen_card.protocol import CitizenCardData
from kiosk.base.config import ConfigError, parse_config
from kiosk.base.config.devices import DEMO_TECHNICIAN_CODES
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.scenarios import words
from kiosk.devtools.scenarios.words import BadArgument
from kiosk.devtools.technicians import DEMO_TECHNICIANS, technician


def test_config_knows_the_same_technician_codes_as_the_dev_tools() -> None:
    assert tuple(tech.code for tech in DEMO_TECHNICIANS) == DEMO_TECHNICIAN_CODES


def test_demo_cards_give_the_technicians_citizen_card() -> None:
    card = DemoCards().citizen_card("T0001")
    tech = technician("T0001")
    assert (card.card_number, card.card_identifier) == (tech.card_number, tech.card_identifier)
    assert DemoCards().citizen_card("T0002").card_number == technician("T0002").card_number
    with pytest.raises(KeyError):
        DemoCards().citizen_card("T0003")
    # Residents' codes are untouched.
    assert DemoCards().citizen_card("R0001").card_number.startswith("A")


def test_dock_inserts_the_technician_card(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, devices):
        status, answer = call(dock.url, "POST", "/citizen-card/insert", {"resident": "T0001"})
        assert status == 200 and answer["inserted"] == "T0001"
        card = devices.citizen_card.read_card()
        assert isinstance(card, CitizenCardData)
        assert card.card_number == technician("T0001").card_number


def test_dock_refuses_an_unknown_technician_code(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, _devices):
        status, answer = call(dock.url, "POST", "/citizen-card/insert", {"resident": "T0009"})
    assert status == 404
    assert "T0009" in answer["error"] and "T0001" in answer["error"]


def test_simulated_citizen_card_may_start_with_a_technician_card() -> None:
    config = parse_config({"devices": {"citizen_card": {"driver": "simulated",
                                                         "resident": "T0002"}}})
    assert config.device("citizen_card").options.resident == "T0002"  # type: ignore[union-attr]
    with pytest.raises(ConfigError) as caught:
        parse_config({"devices": {"citizen_card": {"driver": "simulated",
                                                    "resident": "T0003"}}})
    text = str(caught.value)
    assert "devices.citizen_card.resident" in text and '"T0001"' in text


def test_scenario_word_accepts_technicians_only() -> None:
    assert words.technician("T0001") == "T0001"
    with pytest.raises(BadArgument, match="T0001, T0002"):
        words.technician("R0001")
