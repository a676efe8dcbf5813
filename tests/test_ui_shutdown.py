"""Closing the kiosk window leaves no QML warning from our QML (no binding sees adapters vanish)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dock_support import call
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from ui_support import kiosk_harness, open_form, settle, type_into

from kiosk.devtools.residents import resident


def test_closing_on_the_form_logs_no_qml_warning(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    with kiosk_harness(tmp_path) as k:
        warnings = k.qml_warnings
        open_form(qtbot, k, resident("R0002"), "senior_card")
        settle(qtbot, k.ui)
        type_into(qtbot, k.ui, "field_contact_name", "示范")
        assert warnings == [], "\n".join(warnings)
        # A stray close request (a window manager's, a key) is refused: no technician let it.
        k.ui.window.close()
        assert k.ui.window.isVisible()
        # As in ``kiosk run`` on SIGTERM: the event loop ends, then the UI is closed.
        QTimer.singleShot(100, lambda: qapp.exit(0))
        qapp.exec()
        k.ui.close()
    # The window, its engine and the adapters are gone; run any deletes still queued too.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    assert warnings == [], "\n".join(warnings)




@pytest.mark.serial
def test_sigterm_mid_session_shuts_the_demo_down_cleanly(tmp_path: Path) -> None:
    """``systemctl stop`` sends SIGTERM: the window, devices and store close, exit code 0."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_VOICE": "none"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "--data-dir", str(tmp_path / "data"), "demo"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    lines: list[str] = []
    try:
        assert proc.stderr is not None
        # Blocking reads until the window is up; the process prints these two lines itself.
        for line in proc.stderr:
            lines.append(line)
            if "kiosk window ready" in line:
                break
        dock = next(line.split()[-1] for line in lines if line.startswith("dev dock: "))
        status, reply = call(dock, "POST", "/idcard/place", {"resident": "R0002"})
        assert status == 200 and reply["ok"], reply  # a session with a resident
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    log = "".join(lines) + rest
    assert proc.returncode == 0, log
    ours = [line for line in log.splitlines() if "/ui/qml/" in line]
    assert ours == [], "\n".join(ours)
    assert "Traceback" not in log, log
