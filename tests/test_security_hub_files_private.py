"""Finding 12: the reference hub's folder is 0700 and its database, key and logs 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from kiosk.devtools.refhub.embedded import EmbeddedHub


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_embedded_hub_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, under which SQLite makes 0644 files
    try:
        with EmbeddedHub(tmp_path / "hub") as hub:
            hub.admin.mint_token("T-ANY")  # writes to the database, so -wal exists
            folder = tmp_path / "hub"
            assert _mode(folder) == 0o700
            files = [p for p in folder.iterdir() if p.is_file()]
            assert any(p.name.startswith("hub.sqlite3") for p in files)
            for path in files:
                assert _mode(path) & 0o077 == 0, f"{path.name} is {oct(_mode(path))}"
    finally:
        os.umask(old)


def test_token_create_makes_a_private_hub_folder(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(tmp_path),
                           "hub", "token", "create", "--terminal", "T-1"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert _mode(tmp_path / "hub") == 0o700
    assert _mode(tmp_path / "hub" / "hub.sqlite3") == 0o600
