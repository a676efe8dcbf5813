"""Named crash checkpoints, so tests can stop the store at exact points.

Production code calls ``checkpoint(NAME)`` at the points where a crash is most
interesting. Normally that does nothing. A test either installs an in-process
injector (``set_injector``) that may raise, or sets ``KIOSK_CRASH_AT`` to
``NAME:N`` in a child process, which then kills itself with SIGKILL on the
N-th time it passes ``NAME`` (no cleanup, no flush: like a power cut).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

ENV_VAR = "KIOSK_CRASH_AT"

ENQUEUE_MID = "enqueue.mid"  # inside the enqueue transaction, rows written, not committed
ENQUEUE_COMMITTED = "enqueue.committed"  # committed, before enqueue returns
SYNC_MARKED_SENDING = "sync.marked_sending"
SYNC_MATERIAL_UPLOADED = "sync.material_uploaded"
SYNC_HUB_ANSWERED = "sync.hub_answered"  # the hub accepted the submission, row not yet updated
SYNC_MID_UPDATE = "sync.mid_update"  # inside the 'sent' transaction, not committed
SYNC_UPDATED = "sync.updated"

CHECKPOINTS: tuple[str, ...] = (
    ENQUEUE_MID,
    ENQUEUE_COMMITTED,
    SYNC_MARKED_SENDING,
    SYNC_MATERIAL_UPLOADED,
    SYNC_HUB_ANSWERED,
    SYNC_MID_UPDATE,
    SYNC_UPDATED,
)

Injector = Callable[[str], None]

_lock = threading.Lock()
_injector: list[Injector] = []  # zero or one item; a list so no ``global`` is needed
_hits: dict[str, int] = {}


def _parse_env() -> tuple[str, int] | None:
    spec = os.environ.get(ENV_VAR)
    if not spec:
        return None
    name, _, count = spec.rpartition(":")
    if name not in CHECKPOINTS or not count.isdigit():
        raise ValueError(f"{ENV_VAR} must be NAME:N with NAME one of {', '.join(CHECKPOINTS)}")
    return name, int(count)


def set_injector(injector: Injector | None) -> None:
    """Install (or with ``None`` remove) an in-process fault injector."""
    with _lock:
        _injector.clear()
        if injector is not None:
            _injector.append(injector)


def hits() -> dict[str, int]:
    """How often each checkpoint was passed in this process."""
    with _lock:
        return dict(_hits)


def checkpoint(name: str) -> None:
    """Mark a crash point; a no-op unless a test armed it."""
    with _lock:
        count = _hits.get(name, 0) + 1
        _hits[name] = count
        injector = _injector[0] if _injector else None
    target = _parse_env()
    if target is not None and target == (name, count):
        os.kill(os.getpid(), signal.SIGKILL)
    if injector is not None:
        injector(name)
