"""Helpers for the dev dock tests: a dock over real memory devices, and an HTTP client."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from devices.factory import DeviceSet, open_devices
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config
from kiosk.devtools.dock import DevDock


@contextmanager
def running_dock(data_dir: Path, **kwargs: Any) -> Iterator[tuple[DevDock, DeviceSet]]:
    """A started dock over ``open_devices(default_config())``; stopped and closed after."""
    config = default_config()
    data_dir.mkdir(parents=True, exist_ok=True)
    devices = open_devices(config, SystemClock(), data_dir)
    dock = DevDock(devices, config, **kwargs)
    dock.start(data_dir)
    try:
        yield dock, devices
    finally:
        dock.stop()
        devices.close()


def call(url: str, method: str, path: str, body: dict[str, Any] | None = None,
         content_type: str = "application/json") -> tuple[int, dict[str, Any]]:
    """One raw HTTP request to the dock."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
