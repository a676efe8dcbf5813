"""Build the configured camera (``opencv`` or ``simulated``) and validate its options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from devices.camera.opencv import OpenCVCamera
from devices.camera.protocol import Camera
from devices.camera.simulator import SimulatedCamera, image_files, load_images
from devices.factory import SimulationControls
from devices.options import DeviceOptions
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig

_COMMON = ("fps", "width", "height")
_ALLOWED = {"opencv": (*_COMMON, "device", "fourcc", "reconnect_s"),
            "simulated": (*_COMMON, "source", "hold_s", "perspective", "blur", "brightness",
                          "gradient", "flicker", "fault")}
_FAULTS = ("none", "no_camera")


def _frame_options(opts: DeviceOptions) -> dict[str, Any]:
    """The options both camera drivers take: frame rate and size."""
    return {"fps": opts.number("fps", 15.0, 0.5, 120),
            "width": opts.integer("width", 1920, 16, 8192),
            "height": opts.integer("height", 1080, 16, 8192)}


def _device(opts: DeviceOptions) -> int | str:
    """The V4L2 device: an index (0) or a path (/dev/video0, /dev/v4l/by-id/…)."""
    value = opts.options.get("device", 0)
    if isinstance(value, str) and value.strip():
        return int(value) if value.strip().isdigit() else value.strip()
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    opts.problems.append(f"{opts.prefix}.device = {value!r} is not a camera. Fix: write "
                         'device = 0 (the first camera) or device = "/dev/v4l/by-id/…"')
    return 0


def _fourcc(opts: DeviceOptions) -> str:
    """The pixel format to ask for (four letters), or "" to take the device's own."""
    value = opts.options.get("fourcc", "MJPG")
    if isinstance(value, str) and len(value) in (0, 4):
        return value
    opts.problems.append(f"{opts.prefix}.fourcc = {value!r} is not a pixel format. "
                         'Fix: write fourcc = "MJPG" (or "YUYV", or "" for the default)')
    return "MJPG"


def open_camera(dev_config: DeviceConfig, clock: Clock, sim: SimulationControls) -> Camera:
    """The camera named by ``driver``; simulators also get their dev-dock handles in ``sim``."""
    opts = DeviceOptions(dev_config, _ALLOWED)
    if dev_config.driver == "opencv":
        frame = _frame_options(opts)
        device = _device(opts)
        fourcc = _fourcc(opts)
        reconnect_s = opts.number("reconnect_s", 2.0, 0.1, 600)
        opts.check()
        return OpenCVCamera(device, clock, width=frame["width"], height=frame["height"],
                            fps=frame["fps"], fourcc=fourcc, reconnect_s=reconnect_s)
    if dev_config.driver == "simulated":
        frame = _frame_options(opts)
        source = opts.text("source", "point it at an image file or a folder of images, "
                           "or remove it") or ""
        look = {key: opts.number(key, default, low, high) for key, default, low, high in (
            ("hold_s", 2.0, 0.01, 3600), ("perspective", 0.0, 0.0, 0.4), ("blur", 0.0, 0.0, 20),
            ("brightness", 1.0, 0.05, 4), ("gradient", 0.0, 0.0, 0.95),
            ("flicker", 0.0, 0.0, 0.5))}
        fault = opts.choice("fault", "none", _FAULTS)
        opts.check()
        images = []
        if source:
            path = Path(source).expanduser()
            images = load_images(image_files(path))
            if not images:
                raise ConfigError(opts.prefix, [f"{opts.prefix}.source: no readable image at "
                                                f"{path}. Fix: point it at an image file or a "
                                                "folder of images, or remove it"])
        camera = SimulatedCamera(clock, images=images, fps=frame["fps"], width=frame["width"],
                                 height=frame["height"], unplugged=fault == "no_camera", **look)
        sim.show_to_camera = camera.show
        sim.unplug["camera"] = camera.set_unplugged
        return camera
    # Not a camera driver: DeviceOptions has already named the fix.
    raise ConfigError(opts.prefix, opts.problems)
