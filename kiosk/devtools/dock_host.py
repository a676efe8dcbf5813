"""Host the dev dock over a running kiosk: the demo window's and ``kiosk dock serve``'s.

``open_dock`` wires a dock to one ``Runtime``: its simulated devices, its hub's
fault injection (when the hub is a reference hub), storage faults in this
process and, when the runtime's clock can jump, clock jumps. ``serve_dock`` runs
a whole kiosk without a window (devices, store, sync, hub link) with the dock in
front of it until SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Mapping

from kiosk.app.runtime import Runtime
from kiosk.base.clock import JumpingClock
from kiosk.devtools.dock import DevDock
from kiosk.devtools.refhub.embedded import admin_of
from kiosk.devtools.storage_faults import StorageFaults


def open_dock(rt: Runtime, *, storage: StorageFaults | None = None, host: str = "127.0.0.1",
              port: int = 0) -> DevDock:
    """A dock (not yet started) over ``rt``: devices, hub faults, storage and clock."""
    if rt.devices is None:
        raise RuntimeError("the dev dock needs devices; open the runtime with with_devices=True")
    admin = admin_of(rt.hub)
    set_faults: Callable[[str], None] | None = None
    get_faults: Callable[[], Mapping[str, object]] | None = None
    if admin is not None:
        hub_admin = admin

        def set_faults(spec: str) -> None:
            hub_admin.set_faults(spec)

        def get_faults() -> Mapping[str, object]:
            return hub_admin.faults().model_dump()

    clock = rt.ctx.clock if isinstance(rt.ctx.clock, JumpingClock) else None
    return DevDock(rt.devices, rt.ctx.config,
                   mint_eid=admin.eid_payload if admin is not None else None,
                   set_hub_faults=set_faults, get_hub_faults=get_faults, storage=storage,
                   clock=clock, host=host, port=port)


def serve_dock(rt: Runtime, *, host: str = "127.0.0.1", port: int = 0,
               announce: Callable[[str], None] | None = None,
               stop: threading.Event | None = None) -> None:
    """Serve the dock over ``rt`` until SIGTERM, SIGINT or ``stop`` is set."""
    storage = StorageFaults()
    dock = open_dock(rt, storage=storage, host=host, port=port)
    done = stop or threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: done.set())
                for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        url = dock.start(rt.ctx.data_dir)
        if announce is not None:
            announce(url)
        else:
            print(f"dev dock: {url}", file=sys.stderr, flush=True)
        while not done.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        dock.stop()
        storage.close()
