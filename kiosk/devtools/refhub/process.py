"""``kiosk hub serve`` as a child process: start it, learn its URLs, stop it.

Scenario runners and tests use this to put a real hub in its own process (its own
port, its own data folder, optionally with faults), exactly as a tester would
start one by hand, and get the admin client it prints.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from kiosk.devtools.refhub.embedded import AdminClient, parse_admin_url

START_TIMEOUT_S = 60.0
_ADMIN_PREFIX = "admin: "


class HubProcessError(RuntimeError):
    """The hub process did not start; the message carries what it printed."""


class HubProcess:
    """A running ``kiosk hub serve --port 0`` child; ``stop()`` (or ``with``) ends it."""

    def __init__(self, data_dir: Path, *, faults: str = "",
                 python: str = sys.executable, start_timeout_s: float = START_TIMEOUT_S) -> None:
        self.data_dir = data_dir
        env = dict(os.environ)
        env.pop("KIOSK_CONFIG", None)
        args = [python, "-m", "kiosk.cli", "--data-dir", str(data_dir), "hub", "serve",
                "--port", "0"]
        if faults:
            args += ["--faults", faults]
        self._proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      text=True, env=env)
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        self._reader = threading.Thread(target=self._read, name="hub-process-stderr",
                                        daemon=True)
        self._reader.start()
        self.admin_url = self._wait_for_admin(start_timeout_s)
        self.url, _key = parse_admin_url(self.admin_url)
        self.admin = AdminClient.from_url(self.admin_url)

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self._proc.pid

    def _read(self) -> None:
        assert self._proc.stderr is not None
        for line in self._proc.stderr:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _wait_for_admin(self, timeout_s: float) -> str:
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self._lines.get(timeout=max(remaining, 0.01))
            except queue.Empty:
                line = ""
                if remaining <= 0:
                    self.stop()
                    raise HubProcessError("the hub printed no admin URL in time:\n"
                                          + "\n".join(self.output)) from None
                continue
            if line is None:
                self.stop()
                raise HubProcessError("the hub exited before serving:\n"
                                      + "\n".join(self.output))
            self.output.append(line)
            if line.startswith(_ADMIN_PREFIX):
                return line[len(_ADMIN_PREFIX):].strip()

    def stop(self) -> int | None:
        """Ask the hub to stop (SIGTERM), wait, and return its exit code."""
        with contextlib.suppress(AttributeError):
            self.admin.close()
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=15)
        # The pipe ends with the process; its reader then finishes on its own.
        self._reader.join(timeout=5)
        if self._proc.stderr is not None and not self._reader.is_alive():
            self._proc.stderr.close()
        return self._proc.returncode

    def __enter__(self) -> HubProcess:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
