"""The ``kiosk devices`` command group, shared by every device engineer.

Each module in ``DEVICE_COMMAND_MODULES`` defines
``register_devices_commands(devices_subparsers)`` and adds its own actions
(``read-idcard``, ``scan``, ``decode``…); add a module by adding its name here.
"""

from __future__ import annotations

import argparse
import importlib

DEVICE_COMMAND_MODULES: tuple[str, ...] = (
    "kiosk.cli.devices_idcard",
    "kiosk.cli.devices_peripherals",
    "kiosk.cli.devices_citizencard",
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``devices`` command group and every module's actions under it."""
    devices = sub.add_parser("devices", help="talk to card readers and other devices directly")
    actions = devices.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    for name in DEVICE_COMMAND_MODULES:
        importlib.import_module(name).register_devices_commands(actions)
