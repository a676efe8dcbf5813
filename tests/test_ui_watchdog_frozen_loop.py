"""systemd watchdog: the real kiosk process says READY=1, pings from its event loop, and stops when it freezes.

The test plays systemd: it binds the AF_UNIX datagram socket named in
``NOTIFY_SOCKET`` and sets ``WATCHDOG_USEC``, starts ``kiosk run`` (simulated
profile, offscreen), and reads what arrives, every wait bounded by a socket
timeout. The freeze comes from the simulated profile's dev-only SIGUSR2
trigger, which announces itself with a STATUS= message from the UI thread
before blocking it, so no ping can legitimately follow that message.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WATCHDOG_USEC = 400_000  # pings every 0.2 s
START_TIMEOUT_S = 120.0  # Qt, QML and the embedded reference hub on a busy CI machine


class Listener:
    """The service manager's end of NOTIFY_SOCKET."""

    def __init__(self, path: Path) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.log: list[str] = []

    def next(self, timeout_s: float) -> str | None:
        """The next message, or None when nothing came within ``timeout_s``."""
        self.sock.settimeout(timeout_s)
        try:
            data = self.sock.recv(4096).decode()
        except TimeoutError:
            return None
        self.log.append(data)
        return data

    def wait_for(self, predicate: str, timeout_s: float) -> list[str]:
        """Messages up to and including the first that contains ``predicate``."""
        deadline = time.monotonic() + timeout_s
        seen: list[str] = []
        while (left := deadline - time.monotonic()) > 0:
            message = self.next(left)
            if message is None:
                break
            seen.append(message)
            if predicate in message.splitlines():
                return seen
        raise AssertionError(f"no {predicate!r} within {timeout_s} s; got {self.log[-10:]}")


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Listener]]:
    listener = Listener(tmp_path / "notify.sock")
    env = {**os.environ, "NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
           "WATCHDOG_USEC": str(WATCHDOG_USEC), "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_VOICE": "none",
           "PYTHONPATH": str(ROOT)}
    env.pop("KIOSK_CONFIG", None)
    log = (tmp_path / "kiosk.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "run", "--windowed"], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc, listener
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        log.close()
        listener.sock.close()
        if proc.returncode not in (0, -signal.SIGKILL):
            print((tmp_path / "kiosk.log").read_text(errors="replace")[-3000:])


def test_ready_then_pings_and_a_frozen_loop_stops_them(
        kiosk: tuple[subprocess.Popen[bytes], Listener], tmp_path: Path) -> None:
    from kiosk.app.activity import read_activity

    proc, listener = kiosk
    listener.wait_for("READY=1", START_TIMEOUT_S)
    assert proc.poll() is None
    # The running window also keeps the activity marker kiosk update-window reads.
    activity = read_activity(tmp_path / "data" / "run" / "activity.json")
    assert activity is not None and activity.step == "idle" and activity.pid == proc.pid
    # Pings keep coming from the running loop: five in a row, each within a few intervals.
    for _ in range(5):
        listener.wait_for("WATCHDOG=1", 10 * WATCHDOG_USEC / 1e6)
    proc.send_signal(signal.SIGUSR2)
    listener.wait_for("STATUS=event loop frozen by SIGUSR2 (simulation)", 30)
    # Frozen: nothing for 15 ping intervals (systemd's WatchdogSec is 2 of them).
    quiet = listener.next(15 * WATCHDOG_USEC / 1e6)
    assert quiet is None, f"a ping arrived from a frozen event loop: {quiet!r}"
    assert proc.poll() is None, "frozen, not dead: systemd's watchdog is what ends it"


def test_without_notify_socket_nothing_is_sent_and_nothing_fails(tmp_path: Path) -> None:
    from kiosk.base.sdnotify import Notifier, watchdog_interval_s

    quiet = Notifier.from_env({})
    assert not quiet.enabled
    assert not quiet.ready()
    assert watchdog_interval_s({}) is None
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000"}) == 15.0
    assert watchdog_interval_s({"WATCHDOG_USEC": "soon"}) is None


def test_abstract_socket_and_a_vanished_listener(tmp_path: Path) -> None:
    from kiosk.base.sdnotify import Notifier

    name = f"kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind("\0" + name)
        server.settimeout(5)
        notifier = Notifier(f"@{name}")
        assert notifier.ready("up")
        assert server.recv(4096) == b"READY=1\nSTATUS=up"
    # The listener is gone (systemd restarting): the kiosk carries on, the call says False.
    assert not notifier.watchdog()
    notifier.close()
