"""Storage faults for the dev dock: the store's next writes fail as on a full or read-only disk.

It arms the store's own fault checkpoints (``offline_cache.faults``) inside this
process: the error is raised inside the write transaction, where a real
``ENOSPC`` or ``EROFS`` would surface, so the store rolls back and reports a
``StorageFault`` exactly as it does for the real thing.
"""

from __future__ import annotations

import errno
import os

from devices.simulation import FaultSwitches
from offline_cache import faults

STORAGE_FAULTS: dict[str, str] = {
    "disk_full": "the store's writes fail with ENOSPC (disk full), nothing half-written",
    "read_only": "the store's writes fail with EROFS (the disk went read-only)",
}
# Where the writes that matter to a resident and to delivery happen.
_WRITE_POINTS = frozenset({faults.ENQUEUE_MID, faults.SYNC_MID_UPDATE})
_ERRNOS = {"disk_full": errno.ENOSPC, "read_only": errno.EROFS}


class StorageFaults:
    """The ``storage`` fault switches, armed as this process's store fault injector."""

    def __init__(self) -> None:
        self.switches = FaultSwitches("storage", STORAGE_FAULTS)
        faults.set_injector(self._inject)

    def _inject(self, name: str) -> None:
        if name not in _WRITE_POINTS:
            return
        for kind, code in _ERRNOS.items():
            if self.switches.take(kind):
                raise OSError(code, os.strerror(code))

    def close(self) -> None:
        """Disarm: the store writes normally again."""
        self.switches.clear()
        faults.set_injector(None)
