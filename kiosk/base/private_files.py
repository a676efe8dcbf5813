"""The rule every secret file on a terminal follows: owned by the kiosk's user, mode 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def private_file_problem(path: Path) -> str | None:
    """What makes ``path`` unfit to hold a secret, with its fix; ``None`` when it is fine."""
    st = path.stat()
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return (f"{path} is readable by others (mode {stat.S_IMODE(st.st_mode):04o}); "
                "run chmod 600 on it")
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"{path} belongs to another user; chown it to the user the kiosk runs as"
    return None
