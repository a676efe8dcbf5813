"""A demo technician's card read through the real PC/SC stack (pyscard → pcscd → vpcd), then
shown to the reference hub: the number and identifier the chip gives are the ones it knows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from citizencard_support import VpcdRig, vpcd_reader_name, vpcd_rig, wait_until
from hubtools import Enrolled

from devices.citizen_card.factory import open_citizen_card
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
from devices.factory import SimulationControls
from kiosk.base.clock import SystemClock
from kiosk.base.config import parse_device
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.technicians import technician
from kiosk.hub import schema as s
from kiosk.hub.errors import HubNotFound

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]
pytest_plugins = ["hubfixtures"]


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig()


def _grant_card(card: CitizenCardData) -> s.TechnicianCard:
    return s.TechnicianCard(card_identifier=card.card_identifier, card_number=card.card_number)


def test_t0001_reads_over_vpcd_and_the_hub_grants_it(rig: VpcdRig, enrolled: Enrolled) -> None:
    expected = DemoCards().citizen_card("T0001")
    rig.insert(expected)
    read = rig.driver.read_card()
    assert read == expected
    assert isinstance(read, CitizenCardData)
    assert (read.card_number, read.card_identifier) == (
        technician("T0001").card_number, technician("T0001").card_identifier)
    grant = enrolled.client.technician_card(_grant_card(read))
    assert grant.staff_id == "TECH-0001"


def test_t0002_reads_but_the_hub_says_suspended(rig: VpcdRig, enrolled: Enrolled) -> None:
    rig.insert(DemoCards().citizen_card("T0002"))
    read = rig.driver.read_card()
    assert isinstance(read, CitizenCardData)
    with pytest.raises(HubNotFound) as caught:
        enrolled.client.technician_card(_grant_card(read))
    assert caught.value.reason == "technician_suspended"


def test_simulated_reader_configured_with_the_technician_card() -> None:
    vpcd_reader_name()
    sim = SimulationControls(samples=DemoCards())
    reader = open_citizen_card(parse_device("citizen_card", {"driver": "simulated",
                                                             "resident": "T0001"}),
                               SystemClock(), sim)
    try:
        assert wait_until(lambda: reader.status() is CitizenCardReaderStatus.CARD_PRESENT)
        assert reader.read_card() == DemoCards().citizen_card("T0001")
    finally:
        reader.close()
        for close in sim.closers:
            close()
