"""Helpers for the operations tests: the kiosk CLI as a real subprocess, a terminal's config."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.base.clock import Clock
from kiosk.devtools.refhub.embedded import EmbeddedHub

ROOT = Path(__file__).resolve().parents[1]
TERMINAL = "T-OPS-01"


def kiosk(*args: str, data_dir: Path, config: Path | None = None, timeout: float = 120,
          stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``kiosk ARGS`` in a child process, with its own data dir (and config)."""
    front = ["--data-dir", str(data_dir)] + (["--config", str(config)] if config else [])
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *front, *args],
                          capture_output=True, text=True, timeout=timeout, env=child_env(),
                          cwd=ROOT, input=stdin)


def terminal_config(path: Path, hub_url: str, terminal: str = TERMINAL, extra: str = "") -> Path:
    """A simulated-profile terminal that talks to ``hub_url`` (memory devices)."""
    path.write_text(f'[terminal]\nid = "{terminal}"\n\n[hub]\nurl = "{hub_url}"\n{extra}',
                    encoding="utf-8")
    return path


@contextmanager
def reference_hub(hub_dir: Path, clock: Clock | None = None) -> Iterator[EmbeddedHub]:
    """The reference hub on a free 127.0.0.1 port, served in this process."""
    hub = EmbeddedHub(hub_dir, clock=clock)
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    """A command that failed on purpose must say why, not dump a stack."""
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout, done.stdout


def free_port() -> int:
    """A port nothing listens on right now (the hub that takes it later starts in the test)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LineReader:
    """A child's stderr, line by line on a thread, so a test waits for a line, not a time."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        stream = proc.stderr

        def pump() -> None:
            for line in stream:
                self._queue.put(line)
            self._queue.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def wait_for(self, needle: str, timeout_s: float = 90.0) -> str:
        """The first line holding ``needle``, read already or still to come (``AssertionError``
        if it never comes)."""
        for line in self.lines:
            if needle in line:
                return line
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self._queue.get(timeout=max(0.01, remaining))
            except queue.Empty:
                raise AssertionError(f"no line with {needle!r} in {timeout_s:.0f} s:\n"
                                     + "".join(self.lines)) from None
            if line is None:
                raise AssertionError(f"the process ended before {needle!r}:\n"
                                     + "".join(self.lines))
            self.lines.append(line)
            if needle in line:
                return line

    def rest(self, timeout_s: float = 30.0) -> str:
        """Everything until the stream ends."""
        while True:
            try:
                line = self._queue.get(timeout=timeout_s)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        return "".join(self.lines)


def child_env() -> dict[str, str]:
    """The environment for a kiosk child process (offscreen, silent, no inherited config)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_DATA_DIR")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["KIOSK_VOICE"] = "none"
    return env


def spawn_kiosk(*args: str, data_dir: Path, config: Path | None = None,
                stdout: int | None = subprocess.DEVNULL) -> subprocess.Popen[str]:
    """``kiosk ARGS`` started in the background; stderr is a pipe for :class:`LineReader`."""
    front = ["--data-dir", str(data_dir)] + (["--config", str(config)] if config else [])
    return subprocess.Popen([sys.executable, "-m", "kiosk.cli", *front, *args], cwd=ROOT,
                            env=child_env(), stdout=stdout, stderr=subprocess.PIPE, text=True)


def stop(proc: subprocess.Popen[str]) -> None:
    """End a child that is still running (SIGTERM, then SIGKILL)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve_hub(hub_data: Path, port: int) -> subprocess.Popen[str]:
    """``kiosk hub serve`` as a child process, returned once it answers its health check."""
    import requests

    proc = spawn_kiosk("hub", "serve", "--port", str(port), data_dir=hub_data)
    url = f"http://127.0.0.1:{port}/v1/health"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise AssertionError("kiosk hub serve did not come up")
        # Waiting on the hub's state: the next try, not a guessed start-up time.
        time.sleep(0.1)
