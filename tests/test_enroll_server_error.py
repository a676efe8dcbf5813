"""The hub answers 500 to the first requests (fault injection ``fail_next``): ``kiosk enroll``
retries with backoff and enrols; one failure never ends an enrolment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ops_support import kiosk, no_traceback, reference_hub, terminal_config

from kiosk.hub.client import TerminalCredentials


@pytest.mark.parametrize("failures", [1, 2])
def test_enrolment_survives_injected_server_errors(tmp_path: Path, failures: int) -> None:
    with reference_hub(tmp_path / "hub") as hub:
        hub.admin.set_faults(f"fail_next={failures}")
        token = hub.admin.mint_token("T-OPS-01")
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        done = kiosk("enroll", "--token", token, "--json", data_dir=tmp_path / "data",
                     config=config)
        assert hub.admin.faults().fail_next == 0  # every injected failure was met
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"] == "enrolled" and result["attempts"] == failures + 1
    assert done.stderr.count("hub answered HTTP 500") == failures
    saved = TerminalCredentials.load(tmp_path / "data" / "credentials.json")
    assert saved.terminal_id == "T-OPS-01" and saved.tracking_prefix == result["tracking_prefix"]
