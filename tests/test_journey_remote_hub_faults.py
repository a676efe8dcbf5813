"""Fault: a headless journey against a separate ``kiosk hub serve`` that fails 30 % of requests.

Two real processes: the reference hub (``--faults error_rate=0.3``) and the kiosk's
``journey --headless --hub-admin URL``, which enrols by itself, reads the level-2
code off the hub, taps again where the hub failed, and ends ``sent`` or ``queued``;
a queued one is delivered by ``kiosk queue sync --hub``. The hub holds it exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.devtools.refhub.demo import catalog
from kiosk.devtools.refhub.process import HubProcess


def _kiosk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_VOICE="none")
    env.pop("KIOSK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data_dir),
                           *args], capture_output=True, text=True, timeout=300, env=env,
                          check=False)


def _json(out: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.slow
@pytest.mark.parametrize("seed", [7, 11])
def test_journey_completes_against_a_failing_hub_and_is_delivered_once(
        tmp_path: Path, seed: int) -> None:
    with HubProcess(tmp_path / "hub", faults=f"error_rate=0.3,seed={seed}") as hub:
        assert hub.admin.faults().error_rate == 0.3
        kiosk = tmp_path / "kiosk"
        out = _kiosk(kiosk, "journey", "--headless", "--json", "--hub-admin", hub.admin_url)
        assert out.returncode == 0, out.stdout + out.stderr
        result = _json(out)
        assert result["status"] in ("sent", "queued")
        assert result["identity_level"] == 2  # the code came off the hub's admin listing
        if result["status"] == "queued":
            synced = _kiosk(kiosk, "queue", "sync", "--wait", "--timeout", "2m",
                            "--hub", hub.url)
            assert synced.returncode == 0, synced.stdout + synced.stderr
        # A second sync finds nothing to send: no duplicate can follow.
        again = _kiosk(kiosk, "queue", "sync", "--hub", hub.url)
        assert again.returncode == 0, again.stdout + again.stderr
        assert _json(again)["sent_now"] == 0
        received = [s for s in hub.admin.submissions()
                    if s["tracking_code"] == result["tracking_code"]]
        assert len(received) == 1
        assert received[0]["client_id"] == result["client_id"]
        counts = hub.admin.fault_counts()
        assert counts["error"] > 0 and counts["pass"] > 0  # the faults really hit the journey


def test_enrol_token_journey_stops_at_the_code_with_the_hint_filled(tmp_path: Path) -> None:
    with HubProcess(tmp_path / "hub") as hub:
        token = hub.admin.mint_token("SIM-0001")
        out = _kiosk(tmp_path / "kiosk", "journey", "--headless", "--json",
                     "--hub", hub.url, "--enrol-token", token)
        assert out.returncode == 1, out.stdout + out.stderr
        stop = _json(out)
        assert stop["step"] == "level2_code"
        assert stop["error"] == "journey.code_sent"
        assert "{" not in stop["message"] and "phone ending in" in stop["message"]
        assert "--hub-admin" in stop["next_step"]
        # Enrolled now: a level-1 service completes without any token or admin URL.
        done = _kiosk(tmp_path / "kiosk", "journey", "--headless", "--json",
                      "--hub", hub.url, "--service", _level1_service())
        assert done.returncode == 0, done.stdout + done.stderr
        assert _json(done)["status"] == "sent"


def test_unenrolled_terminal_is_told_how_to_enrol(tmp_path: Path) -> None:
    with HubProcess(tmp_path / "hub") as hub:
        out = _kiosk(tmp_path / "kiosk", "journey", "--headless", "--json", "--hub", hub.url)
        assert out.returncode == 3, out.stdout + out.stderr
        stop = _json(out)
        assert stop["error"] == "kiosk.not_enrolled"
        assert "--hub-admin" in stop["message"] and "--enrol-token" in stop["message"]


def test_admin_url_of_another_hub_is_refused(tmp_path: Path) -> None:
    with HubProcess(tmp_path / "hub") as hub:
        out = _kiosk(tmp_path / "kiosk", "journey", "--headless", "--hub",
                     "http://127.0.0.1:9", "--hub-admin", hub.admin_url)
        assert out.returncode == 2
        assert "not http://127.0.0.1:9" in out.stderr
        bad = _kiosk(tmp_path / "kiosk", "journey", "--headless", "--hub-admin", hub.url)
        assert bad.returncode == 2 and "admin URL" in bad.stderr


def _level1_service() -> str:
    """The most used service a card alone (level 1) may start at the kiosk."""
    services = [s for s in catalog().services if s.identity_level == 1 and s.kiosk_completable]
    return min(services, key=lambda s: s.frequency_rank).id
