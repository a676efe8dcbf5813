"""Shared helpers for the citizen-card tests that go through pcscd and the vpcd reader.

Every such test asks for the session fixture ``pcsc`` (``tests/conftest.py``): the
run gets its own mount and network namespace and its own pcscd there, so the
vpcd slot (TCP 35963) and pcscd's socket are this run's alone and two runs on one
machine never meet. Inside one run the slot is still shared, so these tests are
also marked ``serial``. Without root the fixture skips them with the reason; when
pcscd or the vpcd driver is missing they FAIL with the exact fix.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from devices.citizen_card.pcsc import PcscCitizenCardReader, load_scard
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
from devices.citizen_card.sscard_sim import CardFaults, ScriptedSsCard
from devices.citizen_card.vpcd import VPCD_PORT, VpcdCard, vpcd_slot_matcher
from kiosk.base.clock import Clock, SystemClock
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.residents import demo_residents

SETUP_HINT = (
    "the citizen-card tests need pcscd with the vsmartcard-vpcd reader: "
    "`apt-get install pcscd vsmartcard-vpcd` (`./kiosk-dev test` does this) and the "
    "`pcsc` fixture, which starts this run's own pcscd"
)
# pcscd polls a vpcd slot every 0.4 s; this bound only guards against a hung test.
WAIT_S = 5.0


def wait_until(condition: Callable[[], bool], timeout_s: float = WAIT_S) -> bool:
    """Poll ``condition`` until it holds or ``timeout_s`` passes; the final answer."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def vpcd_reader_name(port: int = VPCD_PORT) -> str:
    """The pcscd reader name of the vpcd slot, failing the test with the fix if absent."""
    scard = load_scard()
    if scard is None:
        pytest.fail("pyscard is not installed in .venv: `.venv/bin/pip install pyscard` "
                    "(needs apt swig libpcsclite-dev)")
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != 0:
        pytest.fail(f"pcscd is not reachable ({scard.SCardGetErrorMessage(hr)}): {SETUP_HINT}")
    try:
        hr, names = scard.SCardListReaders(ctx, [])
    finally:
        scard.SCardReleaseContext(ctx)
    match = vpcd_slot_matcher(port)
    found = [n for n in (names if hr == 0 else []) if match(n)]
    if not found:
        pytest.fail(f"pcscd lists no vpcd reader (readers: {names if hr == 0 else []}): "
                    f"{SETUP_HINT}")
    return found[0]


def resident_card(index: int = 0) -> CitizenCardData:
    """The citizen card of one demo resident."""
    return citizen_card_for(demo_residents()[index])


@dataclass
class VpcdRig:
    """The real driver and a vpcd slot to put scripted cards in."""

    driver: PcscCitizenCardReader
    slot: VpcdCard
    reader_name: str

    def insert(self, card: CitizenCardData, faults: CardFaults | None = None) -> ScriptedSsCard:
        """Insert a card and wait until pcscd reports it."""
        scripted = ScriptedSsCard(card, self.driver.layout, faults or CardFaults())
        self.slot.insert(scripted)
        assert wait_until(
            lambda: self.driver.status() is CitizenCardReaderStatus.CARD_PRESENT
        ), "pcscd never reported the inserted vpcd card"
        return scripted

    def remove(self) -> None:
        """Pull the card and wait until pcscd reports the slot empty."""
        self.slot.remove()
        assert wait_until(lambda: self.driver.status() is CitizenCardReaderStatus.NO_CARD)


def vpcd_rig(
    read_timeout_s: float = 5.0, settle_s: float = 1.0, clock: Clock | None = None
) -> Iterator[VpcdRig]:
    """Yield a rig on an empty slot; always removes the card and closes the driver."""
    name = vpcd_reader_name()
    slot = VpcdCard()
    driver = PcscCitizenCardReader(clock or SystemClock(), match=vpcd_slot_matcher(VPCD_PORT),
                                   read_timeout_s=read_timeout_s, settle_s=settle_s)
    try:
        assert wait_until(lambda: driver.status() is CitizenCardReaderStatus.NO_CARD), (
            "the vpcd slot is not empty: another process holds a card in it"
        )
        yield VpcdRig(driver, slot, name)
    finally:
        slot.close()
        driver.close()
