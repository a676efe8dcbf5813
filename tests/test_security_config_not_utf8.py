"""Finding 9: a config file that is not UTF-8 is a config error with its fix, not a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.config import ConfigError, load_config


def test_a_gb18030_config_names_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes('[terminal]\ndistrict = "示例区"\n'.encode("gb18030"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "UTF-8" in info.value.problems[0] and "Fix:" in info.value.problems[0]


def test_config_check_says_so_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'[terminal]\ndistrict = "\xb2\xe2"\n')
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "config", "check", "--config",
                           str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "UTF-8" in done.stdout + done.stderr and "Traceback" not in done.stderr

