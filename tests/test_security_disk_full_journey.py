"""Finding 8: a full or read-only disk gives clear JSON and a documented exit code, and a
read-only disk still shows the queue."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hubtools import Enrolled
from store_support import TERMINAL_ID, senior_draft, seniors

from kiosk.base.clock import ManualClock
from kiosk.cli.journey import EXIT_CANNOT_START
from offline_cache.crypto import KEY_FILE_NAME, FileKeyProvider
from offline_cache.db import Store
from offline_cache.outbox import Outbox

pytest_plugins = ["hubfixtures"]


def _no_file_growth() -> None:
    # Every write past 0 bytes fails with EFBIG, as on a full disk (Python ignores SIGXFSZ).
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_journey_on_a_full_disk_answers_in_json(live: Enrolled, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(tmp_path / "d"),
                           "journey", "--headless", "--json", "--hub", live.url],
                          capture_output=True, text=True, timeout=120, preexec_fn=_no_file_growth)
    assert "Traceback" not in done.stderr
    assert done.returncode == EXIT_CANNOT_START
    answer = json.loads(done.stdout)
    assert answer["error"] == "kiosk.cannot_start" and "store" in answer["message"]


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A data dir with one queued submission, bind-mounted read-only."""
    data = tmp_path / "data"
    clock = ManualClock()
    with Store.open(data, FileKeyProvider(data / KEY_FILE_NAME), clock) as store:
        Outbox(store, TERMINAL_ID, "K7Q4").enqueue(senior_draft(seniors()[0], clock.now(), []))
    ro = tmp_path / "ro"
    ro.mkdir()
    if subprocess.run(["mount", "--bind", str(data), str(ro)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here (not root)")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], check=True)
        yield ro
    finally:
        subprocess.run(["umount", str(ro)], check=False)


@pytest.mark.serial
def test_queue_status_reads_a_read_only_disk(read_only_copy: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(read_only_copy),
                           "queue", "status", "--json"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pending"] == 1
