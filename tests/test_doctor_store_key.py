"""Doctor store-key and data-dir checks: a key file others can read fails the run."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.app.doctor import Outcome, check_data_dir, check_store_key, passed, run_checks
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config
from offline_cache.crypto import KEY_FILE_NAME


def test_missing_key_file_is_fine_before_first_start(tmp_path: Path) -> None:
    [check] = check_store_key(default_config(), tmp_path)
    assert check.outcome is Outcome.OK and "first start" in check.detail


def test_world_readable_key_file_fails_with_the_chmod_fix(tmp_path: Path) -> None:
    key = tmp_path / KEY_FILE_NAME
    key.write_bytes(os.urandom(32))
    key.chmod(0o644)
    [check] = check_store_key(default_config(), tmp_path)
    assert check.outcome is Outcome.FAIL and check.fatal
    assert "chmod 600" in check.fix
    assert not passed(run_checks(default_config(), SystemClock(), tmp_path))
    key.chmod(0o600)
    [check] = check_store_key(default_config(), tmp_path)
    assert check.outcome is Outcome.OK


def test_data_dir_that_is_a_file_is_not_writable(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    [check] = check_data_dir(not_a_dir)
    assert check.outcome is Outcome.FAIL and check.fatal
    [check] = check_data_dir(tmp_path)
    assert check.outcome is Outcome.OK and "free" in check.detail
