"""bench/fleet.py keeps working: two terminal processes, one offline first, one hub process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_two_terminals_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fleet.py"), "--terminals", "2", "--journeys",
         "2", "--offline-every", "2", "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, env=env, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (result,) = json.loads(done.stdout)["fleet"]
    assert result["terminals"] == 2 and result["offline_terminals"] == 1
    assert result["submissions"] == result["accepted_by_hub"] == 4
    assert result["lost"] == 0 and result["duplicated"] == 0
    assert result["offline_delivery_s"]["count"] == 1  # the offline terminal's first journey
    assert result["submit_latency_s"]["count"] == 3 and result["submit_latency_s"]["p95"] > 0
    assert result["submissions_per_s"] > 0
    # Each terminal kept its own data dir and was enrolled on the one hub.
    assert (tmp_path / "n2" / "FLEET-0000" / "credentials.json").exists()
    assert (tmp_path / "n2" / "FLEET-0001" / "store").is_dir()
