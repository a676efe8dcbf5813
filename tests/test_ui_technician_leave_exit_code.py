"""``kiosk run`` left from the technician screen ends with code 10 and leaves the unit's marker.

The whole run as the CLI starts it (``ui.app.main`` over the embedded reference
hub and simulated devices); the technician's card goes into the simulated slot,
the technician leaves, and the event loop ends with ``LEFT_BY_TECHNICIAN``. A next
start removes the marker again, so only this run counts as left.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from kiosk.app.technician.leaving import LEFT_BY_TECHNICIAN, left_marker_path
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config
from kiosk.base.context import Context
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.refhub.embedded import start_embedded
from ui import app as kiosk_app


def test_leaving_ends_the_run_with_its_code_and_marker(qapp: Any, tmp_path: Path) -> None:
    ctx = Context(default_config(), tmp_path / "kiosk-data", SystemClock())
    steps: list[str] = []

    def on_ui(ui: Any) -> None:
        tech = ui.technician
        sim = ui.technician._rt.devices.sim

        def step() -> None:
            # A small script run from the event loop: sign in with the card, then leave.
            if tech.state == "closed" and not steps:
                if tech.openSignIn():
                    steps.append("sign_in")
                    sim.insert_citizen_card(DemoCards().citizen_card("T0001"))
            elif tech.state == "open" and "left" not in steps:
                steps.append("left")
                tech.leaveKiosk()
                return
            QTimer.singleShot(100, step)

        QTimer.singleShot(100, step)

    # Bounded: a run that never leaves fails the test instead of hanging it. Stopped after
    # the run, so it cannot end a later test's event loop.
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: qapp.exit(99))
    guard.start(60_000)
    marker = left_marker_path(ctx)
    try:
        code = kiosk_app.main([], ctx=ctx, hub=start_embedded(ctx), samples=DemoCards(),
                              on_ui=on_ui)
    finally:
        guard.stop()
    assert steps == ["sign_in", "left"]
    assert code == LEFT_BY_TECHNICIAN
    assert marker.read_text(encoding="ascii") == "left by a technician\n"


def test_a_run_that_was_not_left_removes_an_old_marker(qapp: Any, tmp_path: Path) -> None:
    ctx = Context(default_config(), tmp_path / "kiosk-data", SystemClock())
    marker = left_marker_path(ctx)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("left by a technician\n", encoding="ascii")  # the last run's
    # ``exit``, as SIGTERM does: ``quit`` would ask the window to close, which it refuses
    # without a technician. Asked again and again: an exit that comes while the kiosk is
    # still starting (before its event loop runs) is lost, and the next one ends the loop.
    quitter = QTimer()
    quitter.timeout.connect(lambda: qapp.exit(0))
    try:
        code = kiosk_app.main([], ctx=ctx, hub=start_embedded(ctx), samples=DemoCards(),
                              on_ui=lambda _ui: quitter.start(200))
    finally:
        quitter.stop()
    assert code == 0
    assert not marker.exists()
