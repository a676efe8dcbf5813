"""``kiosk devices scan`` (what hardware is attached) and ``kiosk devices decode`` (barcodes).

Registered into the ``devices`` command group by ``kiosk.cli.devices`` through
``register_devices_commands``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kiosk.base.clock import Clock, SystemClock
from kiosk.base.images import ImageRejected, read_image
from kiosk.base.masking import mask_text
from kiosk.cli import personal

SYS_USB = Path("/sys/bus/usb/devices")
SYS_V4L = Path("/sys/class/video4linux")
USB_PRINTER_CLASS = "07"
PROBE_TIMEOUT_S = 0.5


def register_devices_commands(devices_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``scan`` and ``decode`` to the ``devices`` group."""
    scan = devices_sub.add_parser("scan", help="list serial ports (probing for GA 467 ID-card "
                                  "readers), PC/SC readers, cameras and USB printers")
    scan.add_argument("--json", action="store_true", help="print the result as JSON")
    scan.add_argument("--no-probe", action="store_true",
                      help="list serial ports without sending them the status command")
    scan.set_defaults(func=_scan)
    dec = devices_sub.add_parser("decode", help="decode every barcode/QR in image files")
    dec.add_argument("images", nargs="+", metavar="IMAGE")
    dec.add_argument("--backend", choices=["zxing", "pyzbar"],
                     help="decoder (default: the configured [devices.barcode] driver)")
    dec.add_argument("--json", action="store_true", help="print the result as JSON")
    personal.add_option(dec)
    dec.set_defaults(func=_decode)


# -- scanning ----------------------------------------------------------------------------


def probe_ga467(port: str, clock: Clock, timeout_s: float = PROBE_TIMEOUT_S,
                baud: int | None = None) -> dict[str, Any]:
    """Send a GA 467 status command to ``port``; what (if anything) answered."""
    try:
        import serial

        from devices.idcard import frames
    except ImportError as exc:
        return {"probed": False, "error": f"cannot probe: {exc}"}
    try:
        link = serial.Serial(port, baud or frames.DEFAULT_BAUD, timeout=0.05, write_timeout=0.5)
    except (serial.SerialException, OSError, ValueError) as exc:
        return {"probed": False, "error": f"cannot open: {exc}"}
    decoder = frames.FrameDecoder(min_payload=3)
    try:
        link.reset_input_buffer()
        link.write(frames.Command.STATUS.frame())
        deadline = clock.monotonic() + timeout_s
        while clock.monotonic() < deadline:
            chunk = link.read(max(1, link.in_waiting))
            for item in decoder.feed(chunk):
                if isinstance(item, frames.Frame):
                    response = frames.parse_response(item)
                    if response is not None:
                        return {"probed": True, "ga467": True,
                                "status": response.meaning.name}
            if not chunk:
                clock.sleep(0.02)
    except (serial.SerialException, OSError) as exc:
        return {"probed": False, "error": f"I/O error: {exc}"}
    finally:
        link.close()
    return {"probed": True, "ga467": False}


def scan_serial(clock: Clock, probe: bool = True) -> dict[str, Any]:
    """Serial ports, each probed for a GA 467 reader unless ``probe`` is false."""
    try:
        from serial.tools import list_ports
    except ImportError:
        return {"available": False, "note": "pyserial is not installed", "ports": []}
    ports = []
    for info in sorted(list_ports.comports(), key=lambda p: p.device):
        entry: dict[str, Any] = {"device": info.device, "description": info.description,
                                 "hwid": info.hwid}
        if probe:
            entry.update(probe_ga467(info.device, clock))
        ports.append(entry)
    return {"available": True, "ports": ports}


def scan_pcsc() -> dict[str, Any]:
    """PC/SC readers, or why PC/SC is not available."""
    try:
        from smartcard.System import readers
    except ImportError:
        return {"available": False, "note": "PC/SC not available (pyscard not installed)",
                "readers": []}
    try:
        names = [str(r) for r in readers()]
    except Exception as exc:  # pyscard raises its own types when pcscd is not running
        return {"available": False, "note": f"PC/SC not available ({type(exc).__name__}: "
                f"{exc}); is pcscd running?", "readers": []}
    return {"available": True, "readers": names}


def scan_cameras(dev: Path = Path("/dev"), sys_v4l: Path = SYS_V4L) -> dict[str, Any]:
    """Video devices (/dev/video*) with the name the driver gives them."""
    cameras = []
    for node in sorted(dev.glob("video*")):
        name_file = sys_v4l / node.name / "name"
        try:
            name = name_file.read_text(encoding="utf-8").strip()
        except OSError:
            name = ""
        cameras.append({"device": str(node), "name": name})
    return {"cameras": cameras}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def scan_usb_printers(sys_usb: Path = SYS_USB, dev: Path = Path("/dev")) -> dict[str, Any]:
    """USB devices with a printer-class (07) interface, and the /dev/usb/lp* nodes."""
    printers = []
    if sys_usb.is_dir():
        for iface in sorted(sys_usb.iterdir()):
            if _read(iface / "bInterfaceClass") != USB_PRINTER_CLASS:
                continue
            # Interface "1-2:1.0" belongs to device "1-2".
            device = sys_usb / iface.name.split(":")[0]
            printers.append({
                "interface": iface.name,
                "vendor_id": _read(device / "idVendor"),
                "product_id": _read(device / "idProduct"),
                "manufacturer": _read(device / "manufacturer"),
                "product": _read(device / "product"),
            })
    nodes = sorted(str(p) for p in (dev / "usb").glob("lp*")) if (dev / "usb").is_dir() else []
    return {"printers": printers, "lp_nodes": nodes}


def scan_all(clock: Clock, probe: bool = True) -> dict[str, Any]:
    """Everything ``kiosk devices scan`` reports."""
    return {
        "serial": scan_serial(clock, probe),
        "pcsc": scan_pcsc(),
        "cameras": scan_cameras(),
        "usb_printers": scan_usb_printers(),
    }


def _scan(args: argparse.Namespace) -> int:
    found = scan_all(SystemClock(), probe=not args.no_probe)
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    serial_ports = found["serial"]["ports"]
    print(f"serial ports: {len(serial_ports) or 'none'}")
    for port in serial_ports:
        reader = ""
        if port.get("ga467"):
            reader = f" — GA 467 ID-card reader ({port['status']})"
        elif port.get("error"):
            reader = f" — {port['error']}"
        print(f"  {port['device']}: {port['description']}{reader}")
    pcsc = found["pcsc"]
    if not pcsc["available"]:
        print(f"PC/SC readers: {pcsc['note']}")
    else:
        print(f"PC/SC readers: {len(pcsc['readers']) or 'none'}")
        for name in pcsc["readers"]:
            print(f"  {name}")
    cams = found["cameras"]["cameras"]
    print(f"cameras: {len(cams) or 'none'}")
    for cam in cams:
        print(f"  {cam['device']}: {cam['name']}")
    printers = found["usb_printers"]
    print(f"USB printers: {len(printers['printers']) or 'none'}")
    for p in printers["printers"]:
        print(f"  {p['vendor_id']}:{p['product_id']} {p['manufacturer']} {p['product']}")
    if printers["lp_nodes"]:
        print(f"  device nodes: {', '.join(printers['lp_nodes'])}")
    return 0


# -- decoding ----------------------------------------------------------------------------


def _decode(args: argparse.Namespace) -> int:
    import numpy as np

    from devices.barcode.factory import decoder_by_name
    from kiosk.cli.common import context

    stop = personal.refused(args)
    if stop is not None:
        return stop
    backend = args.backend or context(args).config.device("barcode").driver
    decoder = decoder_by_name(backend)
    if decoder.status().value != "ready":
        print(f"the {backend} decoder is not available: its native library is missing")
        return 2
    results: list[dict[str, Any]] = []
    failed = False
    for name in args.images:
        try:
            image = read_image(name)
        except ImageRejected as exc:
            failed = True
            results.append({"image": name, "error": str(exc), "codes": []})
            continue
        # A code may carry an ID number, a phone or an e-ID token: masked unless asked.
        codes = [{"format": c.format, "text": c.text if args.show_personal else mask_text(c.text),
                  "points": [list(p) for p in c.points]}
                 for c in decoder.decode(np.asarray(image, dtype=np.uint8))]
        results.append({"image": name, "codes": codes})
    if args.json:
        print(json.dumps({"backend": backend, "results": results}, ensure_ascii=False))
    else:
        for result in results:
            if "error" in result:
                print(f"{result['image']}: {result['error']}")
            elif not result["codes"]:
                print(f"{result['image']}: no code found")
            for code in result["codes"]:
                print(f"{result['image']}: {code['format']} {code['text']!r}")
    return 1 if failed else 0
