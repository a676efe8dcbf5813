"""Open the configured receipt printer: a real ESC/POS printer or the simulated one.

``[devices.printer]`` options (validated here, every problem names its fix):

* both drivers: ``width_mm`` = 58 | 80, ``qr`` = raster | native,
  ``font_coverage`` = gb18030 | gb2312, ``status_timeout_s`` (0.05–10)
* ``driver = "escpos"``: ``connection`` = usb | serial | network | file, then
  usb: ``vendor_id``, ``product_id`` (numbers or "0x…" strings), optional
  ``in_ep``/``out_ep``; serial: ``port``, optional ``baudrate``, ``flow_control``
  (dsrdtr | rtscts | xonxoff | none); network: ``host``, optional ``port``
  (9100); file: ``path``
* ``driver = "simulated"``: optional ``save_png`` (default true) — each printed
  job's picture goes to ``<data dir>/sim-printer/``
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devices.options import DeviceOptions
from devices.printer.encoding import QR_MODES, QrMode
from devices.printer.escpos import CONNECTIONS, EscposPrinter
from devices.printer.glyphs import FONT_COVERAGES, FontCoverage
from devices.printer.protocol import ReceiptPrinter
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig

if TYPE_CHECKING:
    from devices.factory import SimulationControls

_COMMON = ("width_mm", "qr", "font_coverage", "status_timeout_s")
_ESCPOS = ("connection", "vendor_id", "product_id", "in_ep", "out_ep", "port", "baudrate",
           "flow_control", "host", "path")
_SIMULATED = ("save_png",)
FLOW_CONTROLS = ("dsrdtr", "rtscts", "xonxoff", "none")


# Options each driver takes: the allow-list DeviceOptions reports unknown keys against.
_ALLOWED = {"escpos": (*_COMMON, *_ESCPOS), "simulated": (*_COMMON, *_SIMULATED)}


def _escpos_connector(opts: DeviceOptions, timeout: float) -> tuple[str, Callable[[], Any], str]:
    """The connection kind, a builder of unopened python-escpos objects, a description."""
    connection = str(opts.choice("connection", "usb", CONNECTIONS))
    if "connection" not in opts.options:
        opts.problems.append(f"{opts.prefix}.connection is missing. "
                             "Fix: set connection = usb, serial, network or file")
    if connection == "usb":
        vid = opts.integer("vendor_id", None, 1, 0xFFFF)
        pid = opts.integer("product_id", None, 1, 0xFFFF)
        in_ep = opts.integer("in_ep", 0x82, 0, 0xFF)
        out_ep = opts.integer("out_ep", 0x01, 0, 0xFF)

        def usb() -> Any:
            from escpos.printer import Usb

            return Usb(vid, pid, timeout=int(timeout * 1000), in_ep=in_ep, out_ep=out_ep)

        return connection, usb, f"usb {vid:04x}:{pid:04x}"
    if connection == "serial":
        port = opts.text("port", 'set port = "/dev/ttyS0"', required=True) or ""
        baud = opts.integer("baudrate", 9600, 1200, 921600)
        flow = str(opts.choice("flow_control", "dsrdtr", FLOW_CONTROLS))

        def serial() -> Any:
            from escpos.printer import Serial

            printer = Serial(port, baudrate=baud, timeout=timeout, xonxoff=flow == "xonxoff",
                             dsrdtr=flow == "dsrdtr")
            return printer

        return connection, serial, f"serial {port}"
    if connection == "network":
        host = opts.text("host", 'set host = "192.168.1.87"', required=True) or ""
        tcp_port = opts.integer("port", 9100, 1, 65535)
        return connection, lambda: network_transport(host, tcp_port), f"network {host}:{tcp_port}"
    path = opts.text("path", 'set path = "/dev/usb/lp0"', required=True) or ""

    def file() -> Any:
        from escpos.printer import File

        return File(path, auto_flush=False)

    return connection, file, f"file {path}"


def network_transport(host: str, port: int) -> Any:
    """An unopened python-escpos ``Network`` printer."""
    from escpos.printer import Network

    # The socket timeout bounds connect and send; status reads set their own shorter one.
    return Network(host, port=port, timeout=10)


def open_printer(dev: DeviceConfig, clock: Clock, sim: SimulationControls,
                 data_dir: Path) -> ReceiptPrinter:
    """The configured printer; a simulated one also fills the simulation handles."""
    opts = DeviceOptions(dev, _ALLOWED)
    width = int(opts.choice("width_mm", 80, (58, 80)))
    qr: QrMode = "native" if opts.choice("qr", "raster", QR_MODES) == "native" else "raster"
    coverage: FontCoverage = (
        "gb2312" if opts.choice("font_coverage", "gb18030", FONT_COVERAGES) == "gb2312"
        else "gb18030")
    timeout = opts.number("status_timeout_s", 1.0 if dev.driver == "escpos" else 0.5, 0.05, 10)
    if dev.driver == "escpos":
        connection, connect, description = _escpos_connector(opts, timeout)
        opts.check()
        return EscposPrinter(connect, connection=connection,  # type: ignore[arg-type]
                             clock=clock, width_mm=width, receipt_qr=qr,
                             font_coverage=coverage, status_timeout_s=timeout,
                             description=description)
    if dev.driver == "simulated":
        save = opts.flag("save_png", True)
        opts.check()
        from devices.printer.simulator import SimulatedPrinter

        simulator = SimulatedPrinter(clock, width_mm=width, font_coverage=coverage,
                                     save_dir=data_dir / "sim-printer" if save else None)
        simulator.start()
        host, port = simulator.address
        printer = EscposPrinter(lambda: network_transport(host, port), connection="network",
                                clock=clock, width_mm=width, receipt_qr=qr,
                                font_coverage=coverage, status_timeout_s=timeout,
                                description=f"simulated printer {host}:{port}")
        sim.set_printer_state = simulator.set_state
        sim.printed_jobs = simulator.printed_jobs
        sim.unplug["printer"] = simulator.unplug
        sim.closers.append(simulator.close)
        return printer
    # Not a printer driver: DeviceOptions has already named the fix.
    raise ConfigError(opts.prefix, opts.problems)
