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

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devices.escpos_printer import CONNECTIONS, EscposPrinter
from devices.printer import ReceiptPrinter
from kiosk.clock import Clock
from kiosk.config import ConfigError, DeviceConfig
from kiosk.receipt import FONT_COVERAGES, QR_MODES, FontCoverage, QrMode

if TYPE_CHECKING:
    from devices.factory import SimulationControls

_COMMON = {"width_mm", "qr", "font_coverage", "status_timeout_s"}
_ESCPOS = {"connection", "vendor_id", "product_id", "in_ep", "out_ep", "port", "baudrate",
           "flow_control", "host", "path"}
_SIMULATED = {"save_png"}
FLOW_CONTROLS = ("dsrdtr", "rtscts", "xonxoff", "none")


class _Options:
    """Reads ``[devices.printer]`` options and collects every problem."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = options
        self.problems: list[str] = []

    def choice(self, key: str, default: Any, allowed: tuple[Any, ...]) -> Any:
        value = self.options.get(key, default)
        if value not in allowed or isinstance(value, bool):
            shown = ", ".join(str(a) for a in allowed)
            self.problems.append(f"devices.printer.{key} = {value!r} is not allowed. "
                                 f"Fix: use one of {shown}")
            return default
        return value

    def text(self, key: str, example: str) -> str:
        value = self.options.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"devices.printer.{key} is missing or empty. "
                                 f'Fix: set {key} = "{example}"')
            return ""
        return value.strip()

    def integer(self, key: str, default: int | None, low: int, high: int, example: str) -> int:
        value = self.options.get(key, default)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = int(value, 0)
        if value is None or isinstance(value, bool) or not isinstance(value, int) or not (
                low <= value <= high):
            self.problems.append(f"devices.printer.{key} = {value!r} is not a number from "
                                 f"{low} to {high}. Fix: set {key} = {example}")
            return default or 0
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.options.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                low <= value <= high):
            self.problems.append(f"devices.printer.{key} = {value!r} is out of range. "
                                 f"Fix: use a number of seconds from {low} to {high}")
            return default
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.options.get(key, default)
        if not isinstance(value, bool):
            self.problems.append(f"devices.printer.{key} must be true or false. "
                                 f"Fix: write {key} = {str(default).lower()}")
            return default
        return value

    def unknown(self, allowed: set[str]) -> None:
        for key in self.options:
            if key not in allowed:
                self.problems.append(f"devices.printer.{key} is not a known option. "
                                     f"Fix: remove it or use one of {', '.join(sorted(allowed))}")


def _escpos_connector(opts: _Options, timeout: float) -> tuple[str, Callable[[], Any], str]:
    """The connection kind, a builder of unopened python-escpos objects, a description."""
    connection = str(opts.choice("connection", "usb", CONNECTIONS))
    if "connection" not in opts.options:
        opts.problems.append("devices.printer.connection is missing. "
                             "Fix: set connection = usb, serial, network or file")
    if connection == "usb":
        vid = opts.integer("vendor_id", None, 1, 0xFFFF, "0x0416")
        pid = opts.integer("product_id", None, 1, 0xFFFF, "0x5011")
        in_ep = opts.integer("in_ep", 0x82, 0, 0xFF, "0x82")
        out_ep = opts.integer("out_ep", 0x01, 0, 0xFF, "0x01")

        def usb() -> Any:
            from escpos.printer import Usb

            return Usb(vid, pid, timeout=int(timeout * 1000), in_ep=in_ep, out_ep=out_ep)

        return connection, usb, f"usb {vid:04x}:{pid:04x}"
    if connection == "serial":
        port = opts.text("port", "/dev/ttyS0")
        baud = opts.integer("baudrate", 9600, 1200, 921600, "9600")
        flow = str(opts.choice("flow_control", "dsrdtr", FLOW_CONTROLS))

        def serial() -> Any:
            from escpos.printer import Serial

            printer = Serial(port, baudrate=baud, timeout=timeout, xonxoff=flow == "xonxoff",
                             dsrdtr=flow == "dsrdtr")
            return printer

        return connection, serial, f"serial {port}"
    if connection == "network":
        host = opts.text("host", "192.168.1.87")
        tcp_port = opts.integer("port", 9100, 1, 65535, "9100")
        return connection, lambda: network_transport(host, tcp_port), f"network {host}:{tcp_port}"
    path = opts.text("path", "/dev/usb/lp0")

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
    opts = _Options(dev.options)
    width = int(opts.choice("width_mm", 80, (58, 80)))
    qr: QrMode = "native" if opts.choice("qr", "raster", QR_MODES) == "native" else "raster"
    coverage: FontCoverage = (
        "gb2312" if opts.choice("font_coverage", "gb18030", FONT_COVERAGES) == "gb2312"
        else "gb18030")
    timeout = opts.number("status_timeout_s", 1.0 if dev.driver == "escpos" else 0.5, 0.05, 10)
    if dev.driver == "escpos":
        opts.unknown(_COMMON | _ESCPOS)
        connection, connect, description = _escpos_connector(opts, timeout)
        if opts.problems:
            raise ConfigError("devices.printer", opts.problems)
        return EscposPrinter(connect, connection=connection,  # type: ignore[arg-type]
                             clock=clock, width_mm=width, receipt_qr=qr,
                             font_coverage=coverage, status_timeout_s=timeout,
                             description=description)
    if dev.driver == "simulated":
        opts.unknown(_COMMON | _SIMULATED)
        save = opts.flag("save_png", True)
        if opts.problems:
            raise ConfigError("devices.printer", opts.problems)
        from devices.escpos_sim import SimulatedPrinter

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
    raise ConfigError("devices.printer", [
        f"devices.printer.driver = {dev.driver!r} is not handled by the printer factory. "
        "Fix: use escpos, simulated or memory"])
