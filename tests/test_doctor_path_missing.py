"""A device path that does not exist: the doctor names the missing path and the option that
holds it, instead of "check the USB cable"; the blind printer transport no longer creates a
regular file where the missing printer node should be."""

from __future__ import annotations

from pathlib import Path

from kiosk.app.doctor import Outcome, check_devices
from kiosk.base.clock import ManualClock
from kiosk.base.config import parse_config


def test_missing_printer_and_reader_paths_are_named(tmp_path: Path) -> None:
    lp = tmp_path / "usb" / "lp0"
    tty = tmp_path / "ttyUSB0"
    config = parse_config({"devices": {
        "printer": {"driver": "escpos", "connection": "file", "path": str(lp), "required": True},
        "idcard": {"driver": "ga467", "port": str(tty), "required": True},
    }})
    checks = {c.name.split(" ")[0]: c for c in check_devices(config, ManualClock(), tmp_path)}
    printer, reader = checks["printer"], checks["idcard"]
    assert printer.outcome is Outcome.FAIL and printer.fatal
    assert f"{lp} does not exist (path = '{lp}' in [devices.printer])" in printer.detail
    assert "USB cable" not in printer.fix and "kiosk devices scan" in printer.fix
    assert reader.outcome is Outcome.FAIL
    assert f"{tty} does not exist (port = '{tty}'" in reader.detail
    assert "USB cable" not in reader.fix
    assert not lp.exists()  # nothing was "printed" into a file of that name


def test_an_existing_path_keeps_the_status_line(tmp_path: Path) -> None:
    lp = tmp_path / "lp0"
    lp.write_bytes(b"")
    lp.chmod(0o600)
    config = parse_config({"devices": {
        "printer": {"driver": "escpos", "connection": "file", "path": str(lp)}}})
    printer = next(c for c in check_devices(config, ManualClock(), tmp_path)
                   if c.name.startswith("printer"))
    assert printer.outcome is Outcome.WARN and printer.detail == "unknown"
