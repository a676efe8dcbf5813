"""Open the configured receipt printer: a real ESC/POS printer or the simulated one.

The ``[devices.printer]`` options are checked when the configuration loads
(``kiosk.base.config.devices``: ``EscposUsbOptions`` and its siblings for
``driver = "escpos"``, one per ``connection``; ``SimulatedPrinterOptions``); this
module only turns them into a transport and a driver.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devices.printer.escpos import EscposPrinter
from devices.printer.protocol import ReceiptPrinter
from devices.recording.taps import tap_escpos_connect
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig
from kiosk.base.config.devices import (
    AnyEscposOptions,
    EscposFileOptions,
    EscposNetworkOptions,
    EscposSerialOptions,
    EscposUsbOptions,
    SimulatedPrinterOptions,
)

if TYPE_CHECKING:
    from devices.factory import SimulationControls


def _escpos_connector(opts: AnyEscposOptions) -> tuple[Callable[[], Any], str]:
    """A builder of unopened python-escpos objects for the configured transport, a description."""
    timeout = opts.status_timeout_s
    if isinstance(opts, EscposUsbOptions):
        vid, pid, in_ep, out_ep = opts.vendor_id, opts.product_id, opts.in_ep, opts.out_ep

        def usb() -> Any:
            from escpos.printer import Usb

            return Usb(vid, pid, timeout=int(timeout * 1000), in_ep=in_ep, out_ep=out_ep)

        return usb, f"usb {vid:04x}:{pid:04x}"
    if isinstance(opts, EscposSerialOptions):
        port, baud, flow = opts.port, opts.baudrate, opts.flow_control

        def serial() -> Any:
            from escpos.printer import Serial

            printer = Serial(port, baudrate=baud, timeout=timeout, xonxoff=flow == "xonxoff",
                             dsrdtr=flow == "dsrdtr")
            return printer

        return serial, f"serial {port}"
    if isinstance(opts, EscposNetworkOptions):
        host, tcp_port = opts.host, opts.port
        return lambda: network_transport(host, tcp_port), f"network {host}:{tcp_port}"
    path = opts.path

    def file() -> Any:
        from escpos.printer import File

        # python-escpos opens with "wb", which would make a regular file where the printer's
        # node is missing (unplugged) and then "print" into it: refuse instead.
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        return File(path, auto_flush=False)

    return file, f"file {path}"


def network_transport(host: str, port: int) -> Any:
    """An unopened python-escpos ``Network`` printer."""
    from escpos.printer import Network

    # The socket timeout bounds connect and send; status reads set their own shorter one.
    return Network(host, port=port, timeout=10)


def open_printer(dev: DeviceConfig, clock: Clock, sim: SimulationControls,
                 data_dir: Path) -> ReceiptPrinter:
    """The configured printer; a simulated one also fills the simulation handles."""
    opts = dev.options
    if isinstance(opts, EscposUsbOptions | EscposSerialOptions | EscposNetworkOptions
                  | EscposFileOptions):
        connect, description = _escpos_connector(opts)
        if sim.recorder is not None:
            connect = tap_escpos_connect(connect, sim.recorder)
        return EscposPrinter(connect, connection=opts.connection, clock=clock,
                             width_mm=opts.width_mm, status_timeout_s=opts.status_timeout_s,
                             description=description)
    if isinstance(opts, SimulatedPrinterOptions):
        from devices.printer.simulator import SimulatedPrinter

        simulator = SimulatedPrinter(clock, width_mm=opts.width_mm,
                                     font_coverage=opts.font_coverage,
                                     save_dir=data_dir / "sim-printer" if opts.save_png else None)
        simulator.start()
        host, port = simulator.address

        def connect_sim() -> Any:
            return network_transport(host, port)

        if sim.recorder is not None:
            connect_sim = tap_escpos_connect(connect_sim, sim.recorder)
        printer = EscposPrinter(connect_sim, connection="network",
                                clock=clock, width_mm=opts.width_mm,
                                status_timeout_s=opts.status_timeout_s,
                                description=f"simulated printer {host}:{port}")
        sim.set_printer_state = simulator.set_state
        sim.printed_jobs = simulator.printed_jobs
        sim.unplug["printer"] = simulator.unplug
        sim.closers.append(simulator.close)
        return printer
    raise ConfigError(f"devices.{dev.name}", [
        f"devices.{dev.name}.driver = {dev.driver!r} is not opened here. "
        "Fix: use escpos or simulated (memory printers come from devices.factory)"])
