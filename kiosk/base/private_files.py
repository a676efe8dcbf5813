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


def temporary_path(path: Path) -> Path:
    """Where :func:`write_private_file` writes before the rename (``<name>.tmp``)."""
    return path.with_name(path.name + ".tmp")


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``, mode 0600, atomically and durably.

    A reader sees the old file or the new one, never part of one; after a power
    cut the disk holds the new one (file and rename both synced). The directory
    must exist.
    """
    tmp = temporary_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # O_CREAT's mode does not apply to a file left by a crash
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    sync_directory(path.parent)


def sync_directory(directory: Path) -> None:
    """Flush a directory's entries (a rename, an unlink) to the disk; best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
