"""Open the ID-card reader the configuration asks for: a real GA 467 port or the pty emulator.

``[devices.idcard]`` options (all optional unless noted)::

    driver = "ga467"             # or "simulated"
    port = "/dev/ttyUSB0"        # ga467 only, required (a /dev/serial/by-id/ link is best)
    baud = 115200                # the rate the reader talks at after power-on
    switch_to_baud = 57600       # ga467: send 60 0n at open and continue at this rate
    timeout_s = 3.0              # per command
    poll_interval_s = 0.3        # find polling floor (never below 0.3)
    reconnect_interval_s = 1.0   # how often to retry a vanished port
    fingerprint = false          # read with 30 10 (text + photo + fingerprint)
    card = "R0001"               # simulated: card on the pad at start (R0001…, J, I, Y)
    card_read_s = 0.0            # simulated: how long the emulated chip read takes
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from devices.idcard.frames import BAUD_CODES, DEFAULT_BAUD
from devices.idcard.ga467 import MIN_POLL_INTERVAL_S, Ga467Reader
from devices.idcard.protocol import IdCardData, IdCardReader
from devices.options import DeviceOptions
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig

_COMMON = ("baud", "timeout_s", "poll_interval_s", "reconnect_interval_s", "fingerprint")
ALLOWED_OPTIONS: dict[str, tuple[str, ...]] = {
    "ga467": ("port", "switch_to_baud", *_COMMON),
    "simulated": ("card", "card_read_s", *_COMMON),
}


class _Options(DeviceOptions):
    """This reader's options: the shared kinds plus GA 467 baud rates."""

    def __init__(self, dev: DeviceConfig) -> None:
        super().__init__(dev, ALLOWED_OPTIONS)

    def baud(self, key: str, default: int | None) -> int | None:
        value = self.options.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or value not in BAUD_CODES:
            self.problems.append(f"{self.prefix}.{key} = {value!r} is not a GA 467 rate. Fix: use "
                                 f"one of {', '.join(str(b) for b in sorted(BAUD_CODES))}")
            return default
        return int(value)


def _reader_kwargs(opts: _Options) -> dict[str, Any]:
    return {
        "timeout_s": opts.number("timeout_s", 3.0, 0.1, 30),
        "poll_interval_s": opts.number("poll_interval_s", MIN_POLL_INTERVAL_S,
                                       MIN_POLL_INTERVAL_S, 10),
        "reconnect_interval_s": opts.number("reconnect_interval_s", 1.0, 0.1, 60),
        "fingerprint": opts.flag("fingerprint", False),
    }


def open_idcard(dev_config: DeviceConfig, clock: Clock, sim_controls: Any) -> IdCardReader:
    """The reader for ``[devices.idcard]``; a simulator also fills ``sim_controls``.

    ``sim_controls`` is ``devices.factory.SimulationControls`` (typed loosely
    here so the factory module is not imported back).
    """
    opts = _Options(dev_config)
    baud = opts.baud("baud", DEFAULT_BAUD) or DEFAULT_BAUD
    kwargs = _reader_kwargs(opts)
    if dev_config.driver == "ga467":
        port = opts.text("port", 'set port = "/dev/serial/by-id/<the reader>" (or /dev/ttyUSB0)',
                         required=True)
        switch_to = opts.baud("switch_to_baud", None)
        opts.check()
        assert port is not None
        return Ga467Reader(port, clock, baud=baud, switch_to_baud=switch_to, **kwargs)
    if dev_config.driver != "simulated":
        raise ConfigError(opts.prefix, [f"{opts.prefix}.driver = {dev_config.driver!r} is not "
                                        "handled here. Fix: use ga467 or simulated"])
    from devices.idcard.emulator import Ga467Emulator, sample_card

    card_code = opts.text("card", 'set card = "R0001" (a demo resident), "J", "I" or "Y"',
                          required=False)
    initial: IdCardData | None = None
    if card_code is not None:
        try:
            initial = sample_card(card_code)
        except KeyError:
            opts.problems.append(f"{opts.prefix}.card = {card_code!r} is not a sample card. "
                                 'Fix: use "R0001"…"R0240", "J", "I" or "Y"')
    read_s = opts.number("card_read_s", 0.0, 0.0, 5.0)
    opts.check()
    emulator = Ga467Emulator(clock, baud=baud, card_read_s=read_s).start()
    if initial is not None:
        emulator.place(initial)
    reader = Ga467Reader(emulator.port, clock, baud=baud, **kwargs)
    place: Callable[[IdCardData | None], None] = emulator.place
    sim_controls.place_id_card = place
    sim_controls.unplug["idcard"] = emulator.set_unplugged
    sim_controls.closers.append(emulator.stop)
    return reader
