"""``kiosk demo``: the kiosk window over simulated devices, with the dev dock's side panel."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Sequence

from devices.simulation import SampleCards
from kiosk.app.runtime import HubLink, Runtime
from kiosk.base.clock import JumpingClock
from kiosk.base.context import Context
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.dock import DevDock
from kiosk.devtools.dock_host import open_dock
from kiosk.devtools.storage_faults import StorageFaults
from ui import app
from ui.adapters.panel import SidePanel
from ui.devtools.dock_adapter import DockAdapter
from ui.devtools.screen_probe import QmlScreen


class DemoDock:
    """The dev dock of one demo window: started with the runtime, given the screen later."""

    def __init__(self) -> None:
        self.dock: DevDock | None = None
        self._storage: StorageFaults | None = None

    def start(self, rt: Runtime) -> tuple[SidePanel, Callable[[], None]]:
        """Start the dock over ``rt``'s simulated devices and the panel that drives it."""
        self._storage = StorageFaults()
        self.dock = open_dock(rt, storage=self._storage)
        url = self.dock.start(rt.ctx.data_dir)
        print(f"dev dock: {url}", file=sys.stderr)
        return DockAdapter(url), self.stop

    def attach(self, ui: app.KioskUi) -> None:
        """Let the dock read and tap this window."""
        if self.dock is not None:
            self.dock.screen = QmlScreen(ui)

    def stop(self) -> None:
        """Stop the dock and disarm the storage faults."""
        if self.dock is not None:
            self.dock.screen = None
            self.dock.stop()
        if self._storage is not None:
            self._storage.close()


def main(argv: Sequence[str], *, ctx: Context, hub: HubLink | None,
         samples: SampleCards | None = None) -> int:
    """The demo window; refused outside the simulated profile (the dock drives simulators)."""
    if not ctx.config.is_simulation:
        print("kiosk demo needs the simulated profile (the dev dock is refused in production)",
              file=sys.stderr)
        return 2
    # The dock's clock jumps move the demo's wall time (receipts, signatures, timeouts).
    ctx = dataclasses.replace(ctx, clock=JumpingClock(ctx.clock))
    dock = DemoDock()
    return app.main(argv, ctx=ctx, hub=hub, samples=samples or DemoCards(),
                    side_panel=dock.start, on_ui=dock.attach, closable=True)
