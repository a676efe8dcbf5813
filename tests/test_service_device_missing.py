"""A required device goes missing: the idle kiosk shows the out-of-service screen naming it,
offers what still works (browsing services, service points), and returns to the home screen
by itself when the device is back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_support import find, tap

from kiosk.app.runtime import Runtime, warm_cache
from kiosk.base.clock import SystemClock
from kiosk.base.config import parse_config
from kiosk.base.context import Context
from kiosk.devtools.refhub.embedded import open_simulated


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[Runtime]:
    # Checked every second while in service, so an unplugged reader is seen at once.
    config = parse_config({"timeouts": {"health_probe_s": 1},
                           "sync": {"backoff_base_s": 0.2, "backoff_cap_s": 1}})
    runtime = open_simulated(Context(config, tmp_path / "data", SystemClock()))
    warm_cache(runtime)
    try:
        yield runtime
    finally:
        runtime.close()


def test_a_missing_id_reader_takes_the_kiosk_out_of_service_until_it_is_back(
        qapp: Any, qtbot: Any, rt: Runtime) -> None:
    from ui.app import build_ui

    assert rt.devices is not None and rt.devices.configs["idcard"].required
    ui = build_ui(rt, speak=lambda _text, _locale: None)
    try:
        qtbot.waitUntil(lambda: ui.screens.current() == "Home")
        rt.devices.sim.unplug["idcard"](True)
        qtbot.waitUntil(lambda: ui.screens.current() == "OutOfService", timeout=30_000)
        reason = find(ui, "outOfServiceReason0")
        assert reason is not None and reason.property("text") == "本机的身份证阅读器暂时无法使用"
        hint = find(ui, "outOfServiceStaffHint")
        assert hint is not None and "device:idcard" in str(hint.property("text"))
        # What still works opens its own screen, and back leads to the notice again.
        tap(qtbot, ui, "outOfServiceOpen_browse")
        qtbot.waitUntil(lambda: ui.screens.current() == "Services")
        ui.journey.back()
        qtbot.waitUntil(lambda: ui.screens.current() == "OutOfService")
        tap(qtbot, ui, "outOfServiceOpen_service_points")
        qtbot.waitUntil(lambda: ui.screens.current() == "ServicePoints")
        ui.journey.back()
        qtbot.waitUntil(lambda: ui.screens.current() == "OutOfService")
        rt.devices.sim.unplug["idcard"](False)
        qtbot.waitUntil(lambda: ui.screens.current() == "Home", timeout=30_000)
    finally:
        ui.close()


def test_an_optional_device_missing_keeps_the_kiosk_in_service(
        qapp: Any, qtbot: Any, rt: Runtime) -> None:
    from ui.app import build_ui

    assert rt.devices is not None and not rt.devices.configs["camera"].required
    ui = build_ui(rt, speak=lambda _text, _locale: None)
    try:
        assert ui.monitor is not None
        rt.devices.sim.unplug["camera"](True)
        checks = ui.monitor.checks
        qtbot.waitUntil(lambda: ui.monitor is not None and ui.monitor.checks > checks + 1,
                        timeout=30_000)
        assert ui.screens.current() == "Home"
    finally:
        ui.close()
