"""Finding 10: the hub credentials file follows the store key's rule (0600, the kiosk's user)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app.runtime import ConfiguredHub, StartupError
from kiosk.base.clock import ManualClock
from kiosk.base.config import default_config
from kiosk.base.context import Context
from kiosk.hub.client import TerminalCredentials
from kiosk.hub.signing import new_secret


def _saved(tmp_path: Path, mode: int) -> Path:
    path = tmp_path / "credentials.json"
    TerminalCredentials("T-1", new_secret(), "0001").save(path)
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o666, 0o644, 0o640, 0o604])
def test_a_credentials_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    path = _saved(tmp_path, mode)
    with pytest.raises(ValueError, match="chmod 600"):
        TerminalCredentials.load(path)


def test_the_runtime_says_what_to_do_instead_of_a_traceback(tmp_path: Path) -> None:
    path = _saved(tmp_path, 0o644)
    ctx = Context(default_config(), tmp_path, ManualClock())
    with pytest.raises(StartupError, match="chmod 600"):
        ConfiguredHub("https://hub.example").credentials(ctx, path)


def test_a_private_credentials_file_loads(tmp_path: Path) -> None:
    assert TerminalCredentials.load(_saved(tmp_path, 0o600)).terminal_id == "T-1"
