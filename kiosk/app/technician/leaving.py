"""Leaving the kiosk for maintenance: the exit code and the marker the session wrapper reads.

Under systemd the kiosk runs inside cage, which does not pass its client's exit
code on; so besides exiting with ``LEFT_BY_TECHNICIAN`` the kiosk leaves a marker
file beside the activity marker (the unit's runtime directory). The unit's
session wrapper (``packaging/bin/kiosk-session``) sees it and ends the unit with
that code, which the unit lists in ``RestartPreventExitStatus=``: the kiosk stays
stopped, and ``OnSuccess=`` puts a login prompt on the console, until the
technician runs ``systemctl start kiosk`` or the terminal reboots.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.app.activity import activity_path
from kiosk.base.context import Context

LEFT_BY_TECHNICIAN = 10
"""The exit code of a kiosk a technician left (also in kiosk.service and kiosk-session)."""
MARKER_NAME = "left-by-technician"


def left_marker_path(ctx: Context) -> Path:
    """Where the marker goes: the directory of the activity marker."""
    return activity_path(ctx).parent / MARKER_NAME


def mark_left(ctx: Context) -> Path:
    """Write the marker (nothing personal in it: only that a technician left)."""
    path = left_marker_path(ctx)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write("left by a technician\n")
    return path


def clear_left(ctx: Context) -> None:
    """Remove a marker a previous run left (a kiosk starting again was not left)."""
    left_marker_path(ctx).unlink(missing_ok=True)
