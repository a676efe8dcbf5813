"""Reading citizen cards through the real PC/SC stack: pyscard → pcscd → vpcd → virtual card."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_rig, wait_until

from devices.citizen_card.factory import open_citizen_card
from devices.citizen_card.pcsc import PcscCitizenCardReader
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
from devices.citizen_card.sscard_sim import ScriptedSsCard
from devices.citizen_card.vpcd import vpcd_slot_matcher
from devices.factory import SimulationControls, open_devices
from kiosk.base.clock import SystemClock
from kiosk.base.config import parse_config, parse_device
from kiosk.devtools.cards import DemoCards

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig()


def test_reads_a_demo_resident_through_pcscd(rig: VpcdRig) -> None:
    card = resident_card(0)
    rig.insert(card)
    assert rig.driver.read_card() == card
    # The card stays readable: a second read gives the same data.
    assert rig.driver.read_card() == card


def test_every_field_of_several_residents_survives_the_stack(rig: VpcdRig) -> None:
    for index in (1, 57, 239):
        card = resident_card(index)
        rig.insert(card)
        result = rig.driver.read_card()
        assert isinstance(result, CitizenCardData)
        assert (result.name, result.id_number, result.card_number, result.birth_date) == (
            card.name, card.id_number, card.card_number, card.birth_date)
        assert result == card
        rig.remove()


def test_removal_shows_as_no_card(rig: VpcdRig) -> None:
    rig.insert(resident_card(2))
    assert isinstance(rig.driver.read_card(), CitizenCardData)
    rig.slot.remove()
    assert wait_until(lambda: rig.driver.status() is CitizenCardReaderStatus.NO_CARD)


def test_status_polls_never_touch_the_card(rig: VpcdRig) -> None:
    scripted = rig.insert(resident_card(3))
    before = scripted.commands
    for _ in range(50):
        assert rig.driver.status() is CitizenCardReaderStatus.CARD_PRESENT
    assert scripted.commands == before


def test_a_swap_between_polls_ends_the_session_once(rig: VpcdRig) -> None:
    rig.insert(resident_card(4))
    assert isinstance(rig.driver.read_card(), CitizenCardData)
    # A second driver watches the slot so the first one never polls while the slot is empty.
    watcher = PcscCitizenCardReader(SystemClock(), match=vpcd_slot_matcher(rig.slot.port))
    try:
        rig.slot.remove()
        assert wait_until(lambda: watcher.status() is CitizenCardReaderStatus.NO_CARD)
        rig.slot.insert(ScriptedSsCard(resident_card(5)))
        assert wait_until(lambda: watcher.status() is CitizenCardReaderStatus.CARD_PRESENT)
    finally:
        watcher.close()
    assert rig.driver.status() is CitizenCardReaderStatus.NO_CARD
    assert rig.driver.status() is CitizenCardReaderStatus.CARD_PRESENT
    assert rig.driver.read_card() == resident_card(5)


def test_reader_is_held_exclusively_while_reading(rig: VpcdRig) -> None:
    from devices.citizen_card.pcsc import load_scard
    from devices.citizen_card.sscard_sim import CardFaults

    rig.driver.read_timeout_s = 0.5
    rig.insert(resident_card(6), CardFaults(mute_at_apdu=3))
    assert not isinstance(rig.driver.read_card(), CitizenCardData)
    # The blocked read still holds the card, and pcscd marks it exclusive: another
    # application cannot connect. (Asked through the reader state, which never blocks;
    # a competing SCardConnect would queue behind the silent card.)
    scard = load_scard()
    assert scard is not None
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    try:
        hr, states = scard.SCardGetStatusChange(ctx, 0, [(rig.reader_name,
                                                          scard.SCARD_STATE_UNAWARE)])
        assert hr == 0
        assert states[0][1] & scard.SCARD_STATE_EXCLUSIVE
    finally:
        scard.SCardReleaseContext(ctx)


def test_simulated_driver_from_the_factory_fills_the_sim_handles() -> None:
    from citizencard_support import vpcd_reader_name

    vpcd_reader_name()
    sim = SimulationControls(samples=DemoCards())
    reader = open_citizen_card(parse_device("citizen_card", {"driver": "simulated",
                                                             "resident": "R0010"}),
                               SystemClock(), sim)
    try:
        assert wait_until(lambda: reader.status() is CitizenCardReaderStatus.CARD_PRESENT)
        assert reader.read_card() == resident_card(9)
        assert sim.insert_citizen_card is not None
        sim.insert_citizen_card(None)
        assert wait_until(lambda: reader.status() is CitizenCardReaderStatus.NO_CARD)
        sim.insert_citizen_card(resident_card(11))
        assert wait_until(lambda: reader.status() is CitizenCardReaderStatus.CARD_PRESENT)
        assert reader.read_card() == resident_card(11)
        sim.unplug["citizen_card"](True)
        assert reader.status() is CitizenCardReaderStatus.DISCONNECTED
        sim.unplug["citizen_card"](False)
        assert reader.status() is CitizenCardReaderStatus.CARD_PRESENT
    finally:
        reader.close()
        for close in sim.closers:
            close()


def test_open_devices_picks_the_pcsc_simulator(tmp_path: object) -> None:
    from pathlib import Path

    from citizencard_support import vpcd_reader_name

    vpcd_reader_name()
    config = parse_config({"devices": {"citizen_card": {"driver": "simulated"}}})
    devices = open_devices(config, SystemClock(), Path(str(tmp_path)))
    try:
        assert isinstance(devices.citizen_card, PcscCitizenCardReader)
        assert devices.sim.insert_citizen_card is not None
        devices.sim.insert_citizen_card(resident_card(12))
        assert wait_until(
            lambda: devices.citizen_card.status() is CitizenCardReaderStatus.CARD_PRESENT)
        assert devices.citizen_card.read_card() == resident_card(12)
    finally:
        devices.close()
