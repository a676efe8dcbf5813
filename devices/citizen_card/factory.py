"""Open the citizen-card reader the configuration asks for: a PC/SC reader or the vpcd card.

``[devices.citizen_card]`` options (all optional)::

    driver = "pcsc"           # or "simulated"
    reader = "ACS ACR39U"     # pcsc: reader name or its prefix (default: the first reader)
    layout = "ssse"           # card layout table in devices.citizen_card.sscard.LAYOUTS
    read_timeout_s = 5.0      # a card that has not answered by then is "mute"
    settle_s = 1.0            # after a comm error, how long to wait for pcscd to see a pull
    port = 35963              # simulated: the vpcd slot port (35963 slot 0, 35964 slot 1)
    resident = "R0001"        # simulated: the demo resident whose card is inserted at start

The simulated driver is the real pyscard driver reading a virtual card that
connects to pcscd's vpcd reader, so it needs ``pcscd`` and ``vsmartcard-vpcd``.
"""

from __future__ import annotations

import logging
from typing import Any

from devices.citizen_card import sscard
from devices.citizen_card.pcsc import PcscCitizenCardReader
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReader
from devices.options import DeviceOptions
from devices.simulation import SampleCards
from kiosk.base.clock import Clock
from kiosk.base.config import DeviceConfig

log = logging.getLogger(__name__)

_COMMON = ("layout", "read_timeout_s", "settle_s")
ALLOWED_OPTIONS: dict[str, tuple[str, ...]] = {
    "pcsc": ("reader", *_COMMON),
    "simulated": ("port", "resident", *_COMMON),
}


class _Options(DeviceOptions):
    """This reader's options: the shared kinds plus the card layout table."""

    def __init__(self, dev: DeviceConfig) -> None:
        super().__init__(dev, ALLOWED_OPTIONS)

    def layout(self) -> sscard.CardLayout:
        name = self.options.get("layout", sscard.SSSE_LAYOUT.name)
        if name not in sscard.LAYOUTS:
            self.problems.append(f"{self.prefix}.layout = {name!r} is not a known card layout. "
                                 f"Fix: use one of {', '.join(sscard.LAYOUTS)}")
            return sscard.SSSE_LAYOUT
        return sscard.LAYOUTS[name]


def _resident_card(code: str, samples: SampleCards | None) -> CitizenCardData | None:
    """The card of demo resident ``code`` (``R0001``…), or ``None`` if there is none."""
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
    opts = _Options(dev_config)
    layout = opts.layout()
    read_timeout_s = opts.number("read_timeout_s", 5.0, 0.2, 60)
    settle_s = opts.number("settle_s", 1.0, 0.0, 10)
    if dev_config.driver == "pcsc":
        reader = opts.text("reader", 'set reader = "<name shown by pcsc_scan>" or remove it')
        opts.check()
        return PcscCitizenCardReader(clock, reader=reader, layout=layout,
                                     read_timeout_s=read_timeout_s, settle_s=settle_s)

    from devices.citizen_card.sscard_sim import ScriptedSsCard
    from devices.citizen_card.vpcd import VPCD_PORT, VpcdCard, VpcdUnavailable, vpcd_slot_matcher

    port = opts.integer("port", VPCD_PORT, VPCD_PORT, VPCD_PORT + 1)
    code = opts.text("resident", 'set resident = "R0001" (a demo resident) or remove it')
    initial: CitizenCardData | None = None
    if code is not None:
        initial = _resident_card(code, sim_controls.samples)
        if initial is None:
            opts.problems.append(f"{opts.prefix}.resident = {code!r} is not a demo resident. "
                                 'Fix: use "R0001"…"R0240"')
    opts.check()
    slot = VpcdCard(port=port)
    driver = PcscCitizenCardReader(clock, match=vpcd_slot_matcher(port), layout=layout,
                                   read_timeout_s=read_timeout_s, settle_s=settle_s)

    def insert(card: CitizenCardData | None) -> None:
        if card is None:
            slot.remove()
            return
        try:
            slot.insert(ScriptedSsCard(card, layout))
        except VpcdUnavailable as exc:
            # The reader then reports DISCONNECTED on its own; the dock shows that.
            log.warning("cannot insert the simulated citizen card: %s", exc)

    def unplug(unplugged: bool) -> None:
        driver.simulate_unplugged = unplugged

    if initial is not None:
        insert(initial)
    sim_controls.insert_citizen_card = insert
    sim_controls.unplug["citizen_card"] = unplug
    sim_controls.closers.append(slot.close)
    return driver
