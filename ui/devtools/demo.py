"""``kiosk demo``: the kiosk window over simulated devices, with the dev dock's side panel."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from devices.simulation import SampleCards
from kiosk.app.runtime import HubLink, Runtime
from kiosk.base.context import Context
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.dock import DevDock
from kiosk.devtools.refhub.embedded import admin_of
from ui import app
from ui.adapters.panel import SidePanel
from ui.devtools.dock_adapter import DockAdapter


def start_dock(rt: Runtime) -> tuple[SidePanel, Callable[[], None]]:
    """Start the dev dock over ``rt``'s simulated devices and the panel that drives it."""
    if rt.devices is None:
        raise RuntimeError("the dev dock needs devices; open the runtime with with_devices=True")
    admin = admin_of(rt.hub)
    set_faults: Callable[[str], None] | None = None
    if admin is not None:
        hub_admin = admin

        def set_faults(spec: str) -> None:
            hub_admin.set_faults(spec)

    dock = DevDock(rt.devices, rt.ctx.config,
                   mint_eid=admin.eid_payload if admin is not None else None,
                   set_hub_faults=set_faults)
    url = dock.start(rt.ctx.data_dir)
    print(f"dev dock: {url}", file=sys.stderr)
    return DockAdapter(url), dock.stop


def main(argv: Sequence[str], *, ctx: Context, hub: HubLink | None,
         samples: SampleCards | None = None) -> int:
    """The demo window; refused outside the simulated profile (the dock drives simulators)."""
    if not ctx.config.is_simulation:
        print("kiosk demo needs the simulated profile (the dev dock is refused in production)",
              file=sys.stderr)
        return 2
    return app.main(argv, ctx=ctx, hub=hub, samples=samples or DemoCards(),
                    side_panel=start_dock)
