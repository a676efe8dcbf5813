"""Re-running ``kiosk enroll`` is safe: an enrolled terminal keeps its credentials and does not
spend a new token; a revoked one enrols with the new token; a hub that still holds the
terminal (its credentials lost here) gets exit 7 and the revoke step."""

from __future__ import annotations

from pathlib import Path

from ops_support import kiosk, no_traceback, reference_hub, terminal_config

from kiosk.hub.client import TerminalCredentials


def test_an_enrolled_terminal_keeps_its_credentials(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with reference_hub(tmp_path / "hub") as hub:
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        assert kiosk("enroll", "--token", hub.admin.mint_token("T-OPS-01"), data_dir=data,
                     config=config).returncode == 0
        first = TerminalCredentials.load(data / "credentials.json")
        spare = hub.admin.mint_token("T-OPS-01")
        again = kiosk("enroll", "--token", spare, data_dir=data, config=config)
        no_traceback(again)
        assert again.returncode == 0 and "already enrolled as T-OPS-01" in again.stdout
        assert TerminalCredentials.load(data / "credentials.json") == first
        assert {t["token"]: t["used_at"] for t in hub.admin.tokens()}[spare] is None
        # Without a token at all, the answer is the same.
        assert kiosk("enroll", data_dir=data, config=config).returncode == 0


def test_a_revoked_terminal_enrols_again_with_a_new_token(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with reference_hub(tmp_path / "hub") as hub:
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        assert kiosk("enroll", "--token", hub.admin.mint_token("T-OPS-01"), data_dir=data,
                     config=config).returncode == 0
        first = TerminalCredentials.load(data / "credentials.json")
        hub.admin.revoke("T-OPS-01")
        refused = kiosk("enroll", data_dir=data, config=config)
        assert refused.returncode == 3 and "revoked" in refused.stderr
        done = kiosk("enroll", "--token", hub.admin.mint_token("T-OPS-01"), data_dir=data,
                     config=config)
        assert done.returncode == 0, done.stderr
    second = TerminalCredentials.load(data / "credentials.json")
    assert second.secret != first.secret and second.tracking_prefix == first.tracking_prefix


def test_credentials_lost_here_but_held_by_the_hub_gives_exit_7(tmp_path: Path) -> None:
    with reference_hub(tmp_path / "hub") as hub:
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        assert kiosk("enroll", "--token", hub.admin.mint_token("T-OPS-01"),
                     data_dir=tmp_path / "old", config=config).returncode == 0
        done = kiosk("enroll", "--token", hub.admin.mint_token("T-OPS-01"),
                     data_dir=tmp_path / "new", config=config)
    no_traceback(done)
    assert done.returncode == 7
    assert "kiosk hub revoke T-OPS-01" in done.stderr
