"""``kiosk enroll`` with a token the hub never minted, or minted for another terminal: exit 3,
a plain reason and the next step, no traceback, nothing saved."""

from __future__ import annotations

import json
from pathlib import Path

from ops_support import TERMINAL, kiosk, no_traceback, reference_hub, terminal_config


def test_an_unknown_token_is_refused_with_exit_3(tmp_path: Path) -> None:
    with reference_hub(tmp_path / "hub") as hub:
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        done = kiosk("enroll", "--token", "not-a-token", data_dir=tmp_path / "data",
                     config=config)
    no_traceback(done)
    assert done.returncode == 3
    assert "does not know this enrolment token" in done.stderr
    assert f"kiosk hub token create --terminal {TERMINAL}" in done.stderr
    assert not (tmp_path / "data" / "credentials.json").exists()


def test_a_token_for_another_terminal_says_to_check_terminal_id(tmp_path: Path) -> None:
    with reference_hub(tmp_path / "hub") as hub:
        other = hub.admin.mint_token("T-SOMEONE-ELSE")
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        done = kiosk("enroll", "--token", other, "--json", data_dir=tmp_path / "data",
                     config=config)
        # The token is still good for the terminal it was minted for.
        assert [t["used_at"] for t in hub.admin.tokens()] == [None]
    no_traceback(done)
    assert done.returncode == 3
    result = json.loads(done.stdout)
    assert result["outcome"] == "bad_token" and not result["ok"]
    assert "another terminal" in result["detail"] and "terminal.id" in result["fix"]
