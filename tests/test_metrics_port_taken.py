"""A metrics port already in use (or metrics switched off) never stops the kiosk."""

from __future__ import annotations

import socket
from pathlib import Path

from kiosk.app.runtime import build_journey
from kiosk.base.clock import SystemClock
from kiosk.base.config import data_dir, parse_config
from kiosk.base.context import Context
from kiosk.base.events import catalogue as ev
from kiosk.base.events import collected
from kiosk.devtools.refhub.embedded import open_simulated


def test_port_in_use_is_an_error_event_and_the_kiosk_runs_on(isolated_kiosk_env: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    config = parse_config({"metrics": {"port": port}})
    try:
        with collected() as seen, open_simulated(
                Context(config, data_dir(None, config), SystemClock()), metrics=True,
                start_sync=False) as rt:
            assert rt.metrics is None
            build_journey(rt)  # the kiosk itself is usable
    finally:
        taken.close()
    failed = [e for e in seen if isinstance(e, ev.MetricsCannotServe)]
    assert len(failed) == 1 and failed[0].port == port and failed[0].error == "EADDRINUSE"
    assert any(isinstance(e, ev.KioskStarted) for e in seen)


def test_metrics_switched_off_serve_nothing(isolated_kiosk_env: Path) -> None:
    config = parse_config({"metrics": {"enabled": False, "port": 0}})
    with collected() as seen, open_simulated(
            Context(config, data_dir(None, config), SystemClock()), metrics=True,
            start_sync=False) as rt:
        assert rt.metrics is None
    assert not [e for e in seen if isinstance(e, ev.MetricsServing | ev.MetricsCannotServe)]
