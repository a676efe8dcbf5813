"""Fault: two test runs on one machine used to share pcscd and vpcd's port 35963.

Each run now has its own namespaces and pcscd (the ``pcsc`` fixture), so two runs
of the PC/SC tests started at the same moment both pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Tests that insert, read, pull and re-insert cards: a shared slot would mix them up.
TESTS = ["tests/test_citizencard_pcsc_read.py", "tests/test_citizencard_wrong_card.py"]


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="private PC/SC namespaces need root")
def test_two_runs_at_once_both_pass(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "pytest", *TESTS, "-q", "-p", "no:cacheprovider",
             "--basetemp", str(tmp_path / f"run{n}")],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for n in (1, 2)
    ]
    outputs = [run.communicate(timeout=900)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output
        summary = output.strip().splitlines()[-1]
        assert re.search(r"\b\d+ passed\b", summary), summary
        assert "skipped" not in summary and "error" not in summary, summary
