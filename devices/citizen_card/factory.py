"""Open the citizen-card reader the configuration asks for: a PC/SC reader or the vpcd card.

``[devices.citizen_card]`` options (all optional; checked when the configuration loads, by
``kiosk.base.config.devices.PcscOptions`` and ``SimulatedCitizenCardOptions``)::

    driver = "pcsc"           # or "simulated"
    reader = "ACS ACR39U"     # pcsc: reader name or its prefix (default: the first reader)
    layout = "ssse"           # card layout table in devices.citizen_card.sscard.LAYOUTS
    read_timeout_s = 5.0      # a card that has not answered by then is "mute"
    settle_s = 1.0            # after a comm error, how long to wait for pcscd to see a pull
    port = 35963              # simulated: the vpcd slot port (35963 slot 0, 35964 slot 1)
    resident = "R0001"        # simulated: the demo card inserted at start (R0001…, or a
                              # technician's T0001 / T0002)

The simulated driver is the real pyscard driver reading a virtual card that
connects to pcscd's vpcd reader, so it needs ``pcscd`` and ``vsmartcard-vpcd``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from devices.citizen_card import sscard
from devices.citizen_card.pcsc import PcscCitizenCardReader
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReader
from devices.citizen_card.sscard_sim import CardFaults
from devices.simulation import FaultSwitches, SampleCards
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig
from kiosk.base.config.devices import PcscOptions, SimulatedCitizenCardOptions
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import DeviceDriverProblem


def _resident_card(code: str, samples: SampleCards | None) -> CitizenCardData | None:
    """The demo card ``code`` names (``R0001``…, ``T0001``…), or ``None`` if there is none."""
    if samples is None:
        return None
    try:
        return samples.citizen_card(code)
    except KeyError:
        return None


def open_citizen_card(
    dev_config: DeviceConfig, clock: Clock, sim_controls: Any
) -> CitizenCardReader:
    """The reader for ``[devices.citizen_card]``; the simulator also fills ``sim_controls``.

    ``sim_controls`` is ``devices.factory.SimulationControls`` (typed loosely so the
    factory module is not imported back).
    """
    opts = dev_config.options
    tap = None
    if sim_controls.recorder is not None:
        from devices.recording.taps import tap_transmit

        recorder = sim_controls.recorder

        def tap(transmit: sscard.Transmit) -> sscard.Transmit:
            return tap_transmit(transmit, recorder)
    if isinstance(opts, PcscOptions):
        return PcscCitizenCardReader(clock, reader=opts.reader, layout=sscard.LAYOUTS[opts.layout],
                                     read_timeout_s=opts.read_timeout_s, settle_s=opts.settle_s,
                                     transmit_tap=tap)
    if not isinstance(opts, SimulatedCitizenCardOptions):
        raise ConfigError(f"devices.{dev_config.name}", [
            f"devices.{dev_config.name}.driver = {dev_config.driver!r} is not handled here. "
            "Fix: use pcsc or simulated"])

    from devices.citizen_card.sscard_sim import ScriptedSsCard
    from devices.citizen_card.vpcd import VpcdCard, VpcdUnavailable, vpcd_slot_matcher
    from devices.simulation import CITIZEN_CARD_FAULTS

    layout = sscard.LAYOUTS[opts.layout]
    port = opts.port
    initial: CitizenCardData | None = None
    if opts.resident is not None:
        # The configuration checked the code's form; the card comes from the caller's samples.
        initial = _resident_card(opts.resident, sim_controls.samples)
        if initial is None:
            raise ConfigError(f"devices.{dev_config.name}", [
                f"devices.{dev_config.name}.resident = {opts.resident!r} has no card here. "
                "Fix: run through the kiosk command (it supplies the demo residents' cards) "
                "or remove resident"])
    slot = VpcdCard(port=port)
    driver = PcscCitizenCardReader(clock, match=vpcd_slot_matcher(port), layout=layout,
                                   read_timeout_s=opts.read_timeout_s, settle_s=opts.settle_s,
                                   transmit_tap=tap)

    current: list[CitizenCardData] = []  # the card in the slot, to re-insert with new faults

    def insert(card: CitizenCardData | None) -> None:
        current[:] = [card] if card is not None else []
        if card is None:
            slot.remove()
            return
        card, faults = card_faults(switches, card, clock)
        try:
            slot.insert(ScriptedSsCard(card, layout, faults))
        except VpcdUnavailable as exc:
            # The reader then reports DISCONNECTED on its own; the dock shows that.
            emit(DeviceDriverProblem(device=Ident("citizen_card"), operation=Ident("insert"),
                                     exc_type=Ident.of(type(exc).__name__)))

    def unplug(unplugged: bool) -> None:
        driver.simulate_unplugged = unplugged

    def reinsert() -> None:
        # A fault is set or cleared: the card in the slot comes out and goes back in
        # with it, as a tester swaps in a faulty card.
        if current:
            insert(current[0])

    switches = FaultSwitches("citizen_card", CITIZEN_CARD_FAULTS, on_change=reinsert)
    if initial is not None:
        insert(initial)
    sim_controls.faults["citizen_card"] = switches
    sim_controls.insert_citizen_card = insert
    sim_controls.unplug["citizen_card"] = unplug
    sim_controls.closers.append(slot.close)
    return driver


def card_faults(switches: FaultSwitches, card: CitizenCardData,
                clock: Clock) -> tuple[CitizenCardData, CardFaults]:
    """The card as the switched-on faults make it, and the faults its chip shows.

    Each fault on is used once per insertion (a counted one runs out).
    """
    faults = CardFaults()
    if switches.take("mute"):
        faults.mute_at_apdu = 1
    if switches.take("pulled"):
        faults.pull_at_apdu = 3  # after SELECT and the PIN status: mid-read
    if switches.take("wrong_card"):
        faults.wrong_card = True
    if switches.take("locked"):
        faults.locked = "select"
    if switches.take("pin_locked"):
        faults.locked = "pin"
    if switches.take("get_response"):
        faults.chained = True
    if switches.take("le_mismatch"):
        faults.le_mismatch = True
    if switches.take("expired"):
        card = dataclasses.replace(card, expiry_date=clock.now().date() - dt.timedelta(days=365))
    return card, faults
