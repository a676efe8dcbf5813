"""Open the ID-card reader the configuration asks for: a real GA 467 port or the pty emulator.

``[devices.idcard]`` options (checked when the configuration loads, by
``kiosk.base.config.devices.Ga467Options`` and ``SimulatedIdCardOptions``)::

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

from devices.idcard.ga467 import Ga467Reader
from devices.idcard.protocol import IdCardData, IdCardReader
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig
from kiosk.base.config.devices import Ga467Options, IdCardOptions, SimulatedIdCardOptions


def _reader_kwargs(opts: IdCardOptions) -> dict[str, Any]:
    return {
        "timeout_s": opts.timeout_s,
        "poll_interval_s": opts.poll_interval_s,
        "reconnect_interval_s": opts.reconnect_interval_s,
        "fingerprint": opts.fingerprint,
    }


def open_idcard(dev_config: DeviceConfig, clock: Clock, sim_controls: Any) -> IdCardReader:
    """The reader for ``[devices.idcard]``; a simulator also fills ``sim_controls``.

    ``sim_controls`` is ``devices.factory.SimulationControls`` (typed loosely
    here so the factory module is not imported back).
    """
    opts = dev_config.options
    opener = None
    if sim_controls.recorder is not None:
        from devices.idcard.ga467 import open_serial_port
        from devices.recording.taps import tap_serial_opener

        opener = tap_serial_opener(open_serial_port, sim_controls.recorder)
    if isinstance(opts, Ga467Options):
        return Ga467Reader(opts.port, clock, baud=opts.baud, switch_to_baud=opts.switch_to_baud,
                           opener=opener, **_reader_kwargs(opts))
    if not isinstance(opts, SimulatedIdCardOptions):
        raise ConfigError(f"devices.{dev_config.name}", [
            f"devices.{dev_config.name}.driver = {dev_config.driver!r} is not handled here. "
            "Fix: use ga467 or simulated"])
    from devices.idcard.emulator import Ga467Emulator, sample_card

    initial: IdCardData | None = None
    if opts.card is not None:
        # The configuration checked the code's form; R-cards come from the caller's samples.
        try:
            initial = sample_card(opts.card, sim_controls.samples)
        except KeyError:
            raise ConfigError(f"devices.{dev_config.name}", [
                f"devices.{dev_config.name}.card = {opts.card!r} has no card here. Fix: run "
                "through the kiosk command (it supplies the demo residents' cards), use J, I "
                "or Y, or remove card"]) from None
    emulator = Ga467Emulator(clock, baud=opts.baud, card_read_s=opts.card_read_s).start()
    if initial is not None:
        emulator.place(initial)
    reader = Ga467Reader(emulator.port, clock, baud=opts.baud, opener=opener,
                         **_reader_kwargs(opts))
    place: Callable[[IdCardData | None], None] = emulator.place
    sim_controls.place_id_card = place
    sim_controls.unplug["idcard"] = emulator.set_unplugged
    sim_controls.faults["idcard"] = emulator.faults
    sim_controls.closers.append(emulator.stop)
    return reader
