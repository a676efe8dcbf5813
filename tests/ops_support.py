"""Helpers for the operations tests: the kiosk CLI as a real subprocess, a terminal's config."""

from __future__ import annotations

import os
import subprocess
import sys
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
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_DATA_DIR")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["KIOSK_VOICE"] = "none"
    front = ["--data-dir", str(data_dir)] + (["--config", str(config)] if config else [])
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *front, *args],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
                          input=stdin)


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
