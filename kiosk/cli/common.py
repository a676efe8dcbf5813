"""What the command modules share: the context built from the top-level options."""

from __future__ import annotations

import argparse
from pathlib import Path

from devices.simulation import SampleCards
from kiosk.app.runtime import ConfiguredHub, HubLink, Runtime, StartupError, open_runtime
from kiosk.base.context import Context


def context(args: argparse.Namespace) -> Context:
    """Load config and data dir from the top-level options (``ConfigError`` on bad config)."""
    return Context.load(getattr(args, "config", None), getattr(args, "data_dir", None))


def data_dir_from(args: argparse.Namespace) -> Path:
    """The data dir for commands that need no device or hub configuration."""
    return context(args).data_dir


def hub_for(ctx: Context, hub_url: str | None = None,
            enrollment_token: str | None = None) -> HubLink | None:
    """The hub to use: ``hub_url``, else ``hub.url``, else (simulation only) the embedded one.

    ``None`` means "the one the config names", which the runtime resolves itself.
    ``enrollment_token`` enrols with ``hub_url`` when no credentials are saved yet.
    """
    if hub_url:
        return ConfiguredHub(hub_url.rstrip("/"), enrollment_token)
    if ctx.config.hub.url or not ctx.config.is_simulation:
        return None
    # Imported here: the reference hub (FastAPI, uvicorn) is a development extra that a
    # production terminal does not install.
    try:
        from kiosk.devtools.refhub.embedded import start_embedded
    except ImportError as exc:
        raise StartupError(
            f"the simulated profile runs an embedded reference hub, which needs the refhub "
            f"extra ({exc.name} is not installed). Fix: pip install '.[refhub]', or set "
            "hub.url (a terminal's config does)") from None
    return start_embedded(ctx)


def open_kiosk(ctx: Context, *, hub_url: str | None = None, with_devices: bool = True,
               start_sync: bool = True, offline: bool = False,
               enrollment_token: str | None = None, hub: HubLink | None = None) -> Runtime:
    """``open_runtime`` with ``hub``, else the one :func:`hub_for` picks; it stops with it."""
    link = hub if hub is not None else hub_for(ctx, hub_url, enrollment_token)
    return open_runtime(ctx, hub=link, samples=samples_for(ctx),
                        with_devices=with_devices, start_sync=start_sync, offline=offline)


def samples_for(ctx: Context) -> SampleCards | None:
    """The demo residents' cards for simulated readers; none for a production terminal."""
    if not ctx.config.is_simulation:
        return None
    from kiosk.devtools.cards import DemoCards  # a development tool: only in simulation

    return DemoCards()
