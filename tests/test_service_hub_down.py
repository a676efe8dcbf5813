"""A terminal whose hub is down at its first start: ``kiosk run`` does not exit (no crash loop
under systemd), shows the out-of-service screen, retries in the background and comes back by
itself once a real hub answers — the hub is a ``kiosk hub serve`` started later in the test."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ops_support import (
    TERMINAL,
    LineReader,
    free_port,
    kiosk,
    spawn_kiosk,
    stop,
    terminal_config,
)
from ui_support import find

from kiosk.app.enrolment import EnrolOutcome
from kiosk.app.runtime import ConfiguredHub, open_runtime
from kiosk.base.clock import SystemClock
from kiosk.base.context import Context
from kiosk.base.i18n import translate
from kiosk.devtools.cards import DemoCards

# Retries every ≤1 s, so the test waits on the kiosk noticing, not on a long backoff.
FAST_RETRY = "\n[sync]\nbackoff_base_s = 0.2\nbackoff_cap_s = 1\n"


@pytest.fixture
def later_hub(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    """A port nobody serves yet, a token minted in the hub's folder, and the hub's starter."""
    hub_data = tmp_path / "hub-data"
    port = free_port()
    minted = kiosk("hub", "token", "create", "--terminal", TERMINAL, data_dir=hub_data)
    assert minted.returncode == 0, minted.stderr
    started: list[Any] = []

    def start() -> LineReader:
        proc = spawn_kiosk("hub", "serve", "--port", str(port), data_dir=hub_data)
        started.append(proc)
        return LineReader(proc)

    yield f"http://127.0.0.1:{port}", minted.stdout.strip(), start
    for proc in started:
        stop(proc)


def test_kiosk_run_waits_out_of_service_and_recovers(tmp_path: Path,
                                                     later_hub: tuple[str, str, Any]) -> None:
    url, token, start_hub = later_hub
    config = terminal_config(tmp_path / "kiosk.toml", url,
                             extra=f'enrollment_token = "{token}"\n' + FAST_RETRY)
    run = spawn_kiosk("run", "--windowed", data_dir=tmp_path / "data", config=config)
    try:
        lines = LineReader(run)
        lines.wait_for("kiosk window ready")
        lines.wait_for('"kiosk.out_of_service","fields":{"problem":"hub_unreachable"')
        assert run.poll() is None  # still running: no exit for systemd to restart
        start_hub()
        lines.wait_for('"kiosk.in_service"')
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=60)
        log = lines.rest()
    finally:
        stop(run)
    assert run.returncode == 0, log
    assert "Traceback" not in log, log
    assert (tmp_path / "data" / "credentials.json").exists()


def test_the_window_shows_out_of_service_then_home(qapp: Any, qtbot: Any, tmp_path: Path,
                                                   later_hub: tuple[str, str, Any]) -> None:
    from ui.app import build_ui

    url, token, start_hub = later_hub
    config_path = terminal_config(tmp_path / "kiosk.toml", url,
                                  extra=f'enrollment_token = "{token}"\n' + FAST_RETRY)
    ctx = Context.load(config_path, tmp_path / "data", SystemClock())
    rt = open_runtime(ctx, hub=ConfiguredHub(url), samples=DemoCards(), defer_enrolment=True)
    try:
        assert rt.credentials is None and rt.enrolment is not None
        assert rt.enrolment.outcome is EnrolOutcome.HUB_DOWN
        ui = build_ui(rt, speak=lambda _text, _locale: None)
        try:
            assert ui.screens.current() == "OutOfService"
            reason = find(ui, "outOfServiceReason0")
            assert reason is not None
            assert reason.property("text") == translate("service.hub_unreachable", "zh_CN")
            # Nothing that needs the hub is offered: no catalog was ever fetched.
            assert find(ui, "outOfServiceOpen_browse") is None
            ui.journey.setLocale("en_US")

            def english() -> bool:
                item = find(ui, "outOfServiceReason0")  # the repeater makes it anew
                return item is not None and item.property("text") \
                    == "This kiosk cannot reach the city service hub right now"

            qtbot.waitUntil(english)
            start_hub()
            qtbot.waitUntil(lambda: ui.screens.current() == "Home", timeout=90_000)
            assert rt.credentials is not None and rt.client is not None
            assert rt.outbox.tracking_prefix == rt.credentials.tracking_prefix
        finally:
            ui.close()
    finally:
        rt.close()
