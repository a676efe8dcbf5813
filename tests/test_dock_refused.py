"""The dev dock refuses production configs, real devices and non-loopback addresses."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from devices.factory import open_devices
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config, parse_device
from kiosk.devtools.dock import DevDock, DockRefused, check_loopback


def test_production_profile_is_refused(tmp_path: Path) -> None:
    config = default_config()
    devices = open_devices(config, SystemClock(), tmp_path)
    try:
        with pytest.raises(DockRefused, match="production"):
            DevDock(devices, dataclasses.replace(config, profile="production"))
    finally:
        devices.close()


def test_a_real_device_driver_is_refused(tmp_path: Path) -> None:
    config = default_config()
    devices = open_devices(config, SystemClock(), tmp_path)
    real = dict(config.devices)
    real["camera"] = parse_device("camera", {"driver": "opencv"})
    try:
        with pytest.raises(DockRefused, match=r"camera \(opencv\)"):
            DevDock(devices, dataclasses.replace(config, devices=real))
    finally:
        devices.close()


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org", ""])
def test_only_loopback_addresses_are_bound(tmp_path: Path, host: str) -> None:
    config = default_config()
    devices = open_devices(config, SystemClock(), tmp_path)
    try:
        with pytest.raises(DockRefused, match="binds only"):
            DevDock(devices, config, host=host)
    finally:
        devices.close()


def test_loopback_spellings_are_accepted() -> None:
    assert check_loopback("localhost") == "127.0.0.1"
    assert check_loopback("127.0.0.1") == "127.0.0.1"
    assert check_loopback("::1") == "::1"


def test_dock_url_file_is_written_and_removed(tmp_path: Path) -> None:
    config = default_config()
    devices = open_devices(config, SystemClock(), tmp_path)
    dock = DevDock(devices, config)
    try:
        url = dock.start(tmp_path)
        assert url.startswith("http://127.0.0.1:")
        assert (tmp_path / "dock.url").read_text().strip() == url
    finally:
        dock.stop()
        devices.close()
    assert not (tmp_path / "dock.url").exists()
