"""``kiosk enroll`` with nothing answering at hub.url: it retries with backoff for ``--wait``
seconds, then exits 5 with the next step; the token is not spent."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from ops_support import kiosk, no_traceback, reference_hub, terminal_config


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_nothing_listening_retries_then_exits_5(tmp_path: Path) -> None:
    config = terminal_config(tmp_path / "kiosk.toml", f"http://127.0.0.1:{_closed_port()}")
    done = kiosk("enroll", "--token", "whatever", "--wait", "2.5", "--json",
                 data_dir=tmp_path / "data", config=config)
    no_traceback(done)
    assert done.returncode == 5
    result = json.loads(done.stdout)
    assert result["outcome"] == "hub_down"
    # Attempt 1, wait 1 s, attempt 2; the next wait (2 s) would end past 2.5 s, so it stops.
    assert result["attempts"] == 2
    assert "retrying in 1 s" in done.stderr
    assert "kiosk doctor" in result["fix"]


def test_a_hub_that_is_down_for_maintenance_keeps_the_token(tmp_path: Path) -> None:
    with reference_hub(tmp_path / "hub") as hub:
        hub.admin.set_faults("down=1")
        token = hub.admin.mint_token("T-OPS-01")
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        done = kiosk("enroll", "--token", token, "--wait", "0", data_dir=tmp_path / "data",
                     config=config)
        assert [t["used_at"] for t in hub.admin.tokens()] == [None]
    no_traceback(done)
    assert done.returncode == 5 and "did not answer after 1 attempt" in done.stderr
