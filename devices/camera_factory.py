"""Build the configured camera (``opencv`` or ``simulated``) and validate its options."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from devices.camera import Camera
from devices.camera_opencv import OpenCVCamera
from devices.camera_sim import SimulatedCamera, image_files, load_images
from devices.factory import SimulationControls
from kiosk.clock import Clock
from kiosk.config import ConfigError, DeviceConfig

# option → (types accepted, default, low, high); numbers are range-checked.
_COMMON: dict[str, tuple[tuple[type, ...], Any, float | None, float | None]] = {
    "fps": ((int, float), 15.0, 0.5, 120),
    "width": ((int,), 1920, 16, 8192),
    "height": ((int,), 1080, 16, 8192),
}
_OPENCV = {
    **_COMMON,
    "device": ((int, str), 0, None, None),
    "fourcc": ((str,), "MJPG", None, None),
    "reconnect_s": ((int, float), 2.0, 0.1, 600),
}
_SIMULATED = {
    **_COMMON,
    "source": ((str,), "", None, None),
    "hold_s": ((int, float), 2.0, 0.01, 3600),
    "perspective": ((int, float), 0.0, 0.0, 0.4),
    "blur": ((int, float), 0.0, 0.0, 20),
    "brightness": ((int, float), 1.0, 0.05, 4),
    "gradient": ((int, float), 0.0, 0.0, 0.95),
    "flicker": ((int, float), 0.0, 0.0, 0.5),
    "fault": ((str,), "none", None, None),
}
_FAULTS = ("none", "no_camera")


def _options(dev: DeviceConfig, spec: Mapping[str, tuple[tuple[type, ...], Any,
                                                       float | None, float | None]]
             ) -> dict[str, Any]:
    """Typed options with defaults; every problem is collected into one ``ConfigError``."""
    prefix = f"devices.{dev.name}"
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key in dev.options:
        if key not in spec:
            problems.append(f"{prefix}.{key} is not an option of the {dev.driver} camera. "
                            f"Fix: use one of {', '.join(sorted(spec))}")
    for key, (types, default, low, high) in spec.items():
        value = dev.options.get(key, default)
        if isinstance(value, bool) or not isinstance(value, types):
            names = " or ".join("a number" if t in (int, float) else "a string" for t in types)
            problems.append(f"{prefix}.{key} must be {names}. Fix: write e.g. {key} = "
                            f"{default!r}".replace("'", '"'))
            continue
        if (low is not None and high is not None and isinstance(value, int | float)
                and not low <= value <= high):
            problems.append(f"{prefix}.{key} = {value} is out of range. "
                            f"Fix: use a value from {low} to {high}")
            continue
        values[key] = value
    if problems:
        raise ConfigError(prefix, problems)
    return values


def open_camera(dev_config: DeviceConfig, clock: Clock, sim: SimulationControls) -> Camera:
    """The camera named by ``driver``; simulators also get their dev-dock handles in ``sim``."""
    if dev_config.driver == "opencv":
        opts = _options(dev_config, _OPENCV)
        device = opts["device"]
        if isinstance(device, str) and device.isdigit():
            device = int(device)
        return OpenCVCamera(device, clock, width=opts["width"], height=opts["height"],
                            fps=float(opts["fps"]), fourcc=opts["fourcc"],
                            reconnect_s=float(opts["reconnect_s"]))
    if dev_config.driver == "simulated":
        opts = _options(dev_config, _SIMULATED)
        prefix = f"devices.{dev_config.name}"
        if opts["fault"] not in _FAULTS:
            raise ConfigError(prefix, [f"{prefix}.fault = {opts['fault']!r} is not a camera "
                                       f"fault. Fix: use one of {', '.join(_FAULTS)}"])
        images = []
        if opts["source"]:
            source = Path(opts["source"]).expanduser()
            files = image_files(source)
            images = load_images(files)
            if not images:
                raise ConfigError(prefix, [f"{prefix}.source: no readable image at {source}. "
                                           "Fix: point it at an image file or a folder of "
                                           "images, or remove it"])
        camera = SimulatedCamera(
            clock, images=images, fps=float(opts["fps"]), width=opts["width"],
            height=opts["height"], hold_s=float(opts["hold_s"]),
            perspective=float(opts["perspective"]), blur=float(opts["blur"]),
            brightness=float(opts["brightness"]), gradient=float(opts["gradient"]),
            flicker=float(opts["flicker"]), unplugged=opts["fault"] == "no_camera",
        )
        sim.show_to_camera = camera.show
        sim.unplug["camera"] = camera.set_unplugged
        return camera
    raise ConfigError(f"devices.{dev_config.name}",
                      [f"devices.{dev_config.name}.driver = {dev_config.driver!r} is not "
                       "handled here. Fix: use opencv or simulated"])
