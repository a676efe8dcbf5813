"""``kiosk doctor`` for a terminal that is not enrolled: the hub check fails with the fix
``kiosk enroll`` (it used to say the hub was OK), passes once enrolled, fails again when the
hub revokes the terminal — against the real reference hub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ops_support import kiosk, reference_hub, terminal_config


def _hub_line(done: Any) -> dict[str, Any]:
    report = json.loads(done.stdout)
    lines = [c for c in report["checks"] if c["name"] == "hub"]
    assert len(lines) == 1, report
    return dict(lines[0])


def test_the_hub_check_follows_enrolment(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with reference_hub(tmp_path / "hub") as hub:
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        before = kiosk("doctor", "--json", data_dir=data, config=config)
        line = _hub_line(before)
        assert before.returncode == 1
        assert line["outcome"] == "fail" and line["fatal"]
        assert "not enrolled" in line["detail"] and line["fix"].startswith("kiosk enroll")

        assert kiosk("enroll", "--token", hub.admin.mint_token("T-OPS-01"), data_dir=data,
                     config=config).returncode == 0
        enrolled = kiosk("doctor", "--json", data_dir=data, config=config)
        assert enrolled.returncode == 0, enrolled.stdout
        assert _hub_line(enrolled)["outcome"] == "ok"
        assert "enrolled as T-OPS-01" in _hub_line(enrolled)["detail"]

        hub.admin.revoke("T-OPS-01")
        revoked = kiosk("doctor", "--json", data_dir=data, config=config)
        line = _hub_line(revoked)
        assert revoked.returncode == 1
        assert line["outcome"] == "fail" and "refuses" in line["detail"]
        assert "kiosk enroll" in line["fix"]


def test_not_enrolled_and_hub_down_still_says_enrol(tmp_path: Path) -> None:
    config = terminal_config(tmp_path / "kiosk.toml", "http://127.0.0.1:9")
    done = kiosk("doctor", "--json", data_dir=tmp_path / "data", config=config)
    line = _hub_line(done)
    assert done.returncode == 1
    assert "not reachable" in line["detail"] and "not enrolled" in line["detail"]
    assert line["fix"].startswith("kiosk enroll")
