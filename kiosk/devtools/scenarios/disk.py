"""A small disk of the scenario kiosk's own, so "the disk is full" is a real ENOSPC.

The data dir is a tmpfs of its own (``mount`` needs root, as the store tests that
mount file systems do); filling it is writing one file until the kernel says there
is no space left, and room again is deleting that file. Everything the kiosk writes
(store, its write-ahead log, receipts) then meets the full disk as on a terminal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from pathlib import Path

SIZE = "64m"
FILLER = "disk-filler"
_CHUNK = 1 << 20


class ScratchDisk:
    """A tmpfs mounted on one folder; ``fill`` and ``free`` make it full and not."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def mount(cls, path: Path) -> ScratchDisk | None:
        """Mount a fresh tmpfs on ``path`` (created); ``None`` where mounting is not allowed."""
        if os.geteuid() != 0 or shutil.which("mount") is None:
            return None
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs",
                               str(path)], capture_output=True)
        return cls(path) if done.returncode == 0 else None

    def fill(self) -> None:
        """Write one file until there is no space left."""
        fd = os.open(self.path / FILLER, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            size = _CHUNK
            while size >= 1:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as exc:
                    if exc.errno != errno.ENOSPC:
                        raise
                    size //= 4
        finally:
            os.close(fd)

    def free(self) -> None:
        """Delete the filler: room again."""
        (self.path / FILLER).unlink(missing_ok=True)

    def unmount(self) -> None:
        """Unmount (lazily: a closed kiosk may leave a file open a moment longer)."""
        with contextlib.suppress(OSError):
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True, check=False)
