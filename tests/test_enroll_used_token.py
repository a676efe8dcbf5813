"""A token that was already spent (by this terminal or another machine): exit 4 and the
advice to mint a new one; the hub's record of the first enrolment is untouched."""

from __future__ import annotations

from pathlib import Path

from ops_support import kiosk, no_traceback, reference_hub, terminal_config


def test_a_spent_token_gives_exit_4(tmp_path: Path) -> None:
    with reference_hub(tmp_path / "hub") as hub:
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        token = hub.admin.mint_token("T-OPS-01")
        first = kiosk("enroll", "--token", token, data_dir=tmp_path / "first", config=config)
        assert first.returncode == 0, first.stderr
        # A second machine given the same token (a copy-paste in a roll-out sheet).
        again = kiosk("enroll", "--token", token, data_dir=tmp_path / "second", config=config)
    no_traceback(again)
    assert again.returncode == 4
    assert "already used" in again.stderr and "new token" in again.stderr
    assert not (tmp_path / "second" / "credentials.json").exists()
