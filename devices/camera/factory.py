"""Build the configured camera (``opencv`` or ``simulated``) from its checked options.

The ``[devices.camera]`` options are checked when the configuration loads
(``kiosk.base.config.devices.OpenCvOptions`` and ``SimulatedCameraOptions``); only
whether ``source`` holds readable images is found out here, by reading them.
"""

from __future__ import annotations

from pathlib import Path

from devices.camera.opencv import OpenCVCamera
from devices.camera.protocol import Camera
from devices.camera.simulator import SimulatedCamera, image_files, load_images
from devices.factory import SimulationControls
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig
from kiosk.base.config.devices import OpenCvOptions, SimulatedCameraOptions


def open_camera(dev_config: DeviceConfig, clock: Clock, sim: SimulationControls) -> Camera:
    """The camera named by ``driver``; simulators also get their dev-dock handles in ``sim``."""
    opts = dev_config.options
    prefix = f"devices.{dev_config.name}"
    if isinstance(opts, OpenCvOptions):
        return OpenCVCamera(opts.device, clock, width=opts.width, height=opts.height,
                            fps=opts.fps, fourcc=opts.fourcc, reconnect_s=opts.reconnect_s)
    if not isinstance(opts, SimulatedCameraOptions):
        raise ConfigError(prefix, [f"{prefix}.driver = {dev_config.driver!r} is not handled "
                                   "here. Fix: use opencv or simulated"])
    images = []
    if opts.source:
        path = Path(opts.source).expanduser()
        images = load_images(image_files(path))
        if not images:
            raise ConfigError(prefix, [f"{prefix}.source: no readable image at {path}. Fix: "
                                       "point it at an image file or a folder of images, or "
                                       "remove it"])
    camera = SimulatedCamera(clock, images=images, fps=opts.fps, width=opts.width,
                             height=opts.height, unplugged=opts.fault == "no_camera",
                             hold_s=opts.hold_s, perspective=opts.perspective, blur=opts.blur,
                             brightness=opts.brightness, gradient=opts.gradient,
                             flicker=opts.flicker)
    sim.show_to_camera = camera.show
    sim.unplug["camera"] = camera.set_unplugged
    sim.faults["camera"] = camera.faults
    return camera
