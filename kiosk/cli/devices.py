"""The ``kiosk devices`` command group, shared by every device engineer.

Each module in ``DEVICE_COMMAND_MODULES`` defines
``register_devices_commands(devices_subparsers)`` and adds its own actions
(``read-idcard``, ``scan``, ``decode``…); add a module by importing it here.
"""

from __future__ import annotations

import argparse

from kiosk.cli import (
    devices_citizencard,
    devices_idcard,
    devices_peripherals,
    devices_printer,
    devices_recording,
)

DEVICE_COMMAND_MODULES = (devices_idcard, devices_peripherals, devices_citizencard,
                          devices_printer, devices_recording)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``devices`` command group and every module's actions under it."""
    devices = sub.add_parser("devices", help="talk to card readers and other devices directly")
    actions = devices.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    for module in DEVICE_COMMAND_MODULES:
        module.register_devices_commands(actions)
