"""``kiosk devices scan`` pieces: the GA 467 status probe over a real pty, sysfs printer and
camera discovery over a fake tree, and the decode command."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import qrcode
from PIL import Image

from devices.idcard import frames
from kiosk.base.clock import SystemClock
from kiosk.cli.devices_peripherals import probe_ga467, scan_cameras, scan_usb_printers


@contextmanager
def pty_reader(answer: bool) -> Iterator[tuple[str, list[bytes]]]:
    """A pty whose far end acts as a GA 467 reader (or stays silent); yields commands seen."""
    master, slave = pty.openpty()
    tty.setraw(slave)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        decoder = frames.FrameDecoder(min_payload=2)
        while not stop.is_set():
            try:
                data = os.read(master, 256)
            except OSError:
                return
            for item in decoder.feed(data):
                if isinstance(item, frames.Frame):
                    seen.append(item.payload)
                    if answer and item.payload[:2] == bytes(frames.Command.STATUS.value):
                        os.write(master, frames.encode_response(0x90))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield os.ttyname(slave), seen
    finally:
        stop.set()
        os.close(slave)
        os.close(master)
        thread.join(timeout=2)


def test_probe_finds_a_reader_answering_the_status_command() -> None:
    with pty_reader(answer=True) as (port, seen):
        result = probe_ga467(port, SystemClock(), timeout_s=3)
    assert result == {"probed": True, "ga467": True, "status": "ok"}
    assert seen == [bytes([0x11, 0xFF])]


def test_probe_of_a_silent_port_finds_nothing() -> None:
    with pty_reader(answer=False) as (port, seen):
        result = probe_ga467(port, SystemClock(), timeout_s=0.3)
    assert result == {"probed": True, "ga467": False}
    assert seen == [bytes([0x11, 0xFF])]


def test_probe_of_a_missing_port_reports_why(tmp_path: Path) -> None:
    result = probe_ga467(str(tmp_path / "ttyUSB9"), SystemClock())
    assert result["probed"] is False and "cannot open" in result["error"]


def test_usb_printer_class_interfaces_are_found(tmp_path: Path) -> None:
    sys_usb = tmp_path / "sys"
    for name, values in {
        "1-2": {"idVendor": "0416", "idProduct": "5011", "manufacturer": "Winbond",
                "product": "POS58 Printer"},
        "1-2:1.0": {"bInterfaceClass": "07"},
        "1-3": {"idVendor": "046d", "idProduct": "0825", "product": "Webcam"},
        "1-3:1.0": {"bInterfaceClass": "0e"},
    }.items():
        (sys_usb / name).mkdir(parents=True)
        for key, value in values.items():
            (sys_usb / name / key).write_text(value + "\n")
    dev = tmp_path / "dev"
    (dev / "usb").mkdir(parents=True)
    (dev / "usb" / "lp0").touch()
    found = scan_usb_printers(sys_usb, dev)
    assert found["printers"] == [{"interface": "1-2:1.0", "vendor_id": "0416",
                                  "product_id": "5011", "manufacturer": "Winbond",
                                  "product": "POS58 Printer"}]
    assert found["lp_nodes"] == [str(dev / "usb" / "lp0")]


def test_video_nodes_are_listed_with_their_names(tmp_path: Path) -> None:
    dev, sysfs = tmp_path / "dev", tmp_path / "v4l"
    dev.mkdir()
    (dev / "video0").touch()
    (dev / "video1").touch()
    (sysfs / "video0").mkdir(parents=True)
    (sysfs / "video0" / "name").write_text("Document Camera\n")
    assert scan_cameras(dev, sysfs) == {"cameras": [
        {"device": str(dev / "video0"), "name": "Document Camera"},
        {"device": str(dev / "video1"), "name": ""}]}


def test_decode_command_prints_codes_per_image(tmp_path: Path) -> None:
    with_code = tmp_path / "qr.png"
    qrcode.make("办事指南 https://example.invalid/g").save(with_code)
    blank = tmp_path / "blank.png"
    Image.fromarray(np.full((50, 50), 255, dtype=np.uint8)).save(blank)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "devices", "decode", str(with_code), str(blank),
         "--backend", "pyzbar", "--json"],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["backend"] == "pyzbar"
    first, second = report["results"]
    assert [c["text"] for c in first["codes"]] == ["办事指南 https://example.invalid/g"]
    assert first["codes"][0]["format"] == "QRCode" and len(first["codes"][0]["points"]) == 4
    assert second == {"image": str(blank), "codes": []}
