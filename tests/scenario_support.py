"""Run pytest on scenario files written by a test, in a child process, and read what it says."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Outcome:
    """A child pytest run: its exit code, its output and its HTML report."""

    returncode: int
    output: str
    report: Path

    def report_html(self) -> str:
        """The report page's text."""
        return self.report.read_text(encoding="utf-8")


def run_features(tmp: Path, features: dict[str, str], *extra: str,
                 stdin: str | None = None, timeout_s: float = 300) -> Outcome:
    """Write ``features`` (name → text) into ``tmp`` and run them with the scenario plugin.

    ``stdin`` is what the child reads (the tester's answers); ``None`` keeps it open and
    silent.
    """
    for name, text in features.items():
        (tmp / name).write_text(text, encoding="utf-8")
    report = tmp / "report" / "index.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_VOICE": "none"}
    env.pop("KIOSK_CONFIG", None)
    args = [sys.executable, "-m", "pytest", "-p", "kiosk.devtools.scenarios.plugin",
            "-p", "no:cacheprovider", "--rootdir", str(tmp), "-c", os.devnull,
            "--scenario-report", str(report), *extra, *(str(tmp / n) for n in features)]
    if stdin is not None:
        done = subprocess.run(args, cwd=tmp, env=env, input=stdin, capture_output=True,
                              text=True, timeout=timeout_s)
    else:
        # stdin open but silent, as when nobody is at the terminal to answer.
        silent, keep_open = os.pipe()
        try:
            done = subprocess.run(args, cwd=tmp, env=env, stdin=silent, capture_output=True,
                                  text=True, timeout=timeout_s)
        finally:
            os.close(silent)
            os.close(keep_open)
    return Outcome(done.returncode, done.stdout + done.stderr, report)
