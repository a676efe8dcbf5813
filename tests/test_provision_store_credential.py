"""``kiosk provision --store-key credential``: the store key is made as a systemd credential
(encrypted for this machine, 0600, the clear key never on disk), kept on a re-run, and the
doctor that provisioning runs reads it the way the service will."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from ops_support import kiosk, no_traceback


def _can_make_credentials() -> bool:
    tool = shutil.which("systemd-creds")
    if tool is None or os.geteuid() != 0:
        return False
    # Host-key credentials need /var/lib/systemd/credential.secret (made on first use, as root).
    done = subprocess.run([tool, "encrypt", "--name=probe", "--with-key=host", "-", "-"],
                          input=b"x", capture_output=True, timeout=60, check=False)
    return done.returncode == 0


@pytest.mark.skipif(not _can_make_credentials(),
                    reason="needs root and a working systemd-creds")
def test_the_store_key_becomes_a_credential(tmp_path: Path) -> None:
    config, data, cred = tmp_path / "kiosk.toml", tmp_path / "data", tmp_path / "store-key.cred"
    args = ("provision", "--non-interactive", "--profile", "simulated", "--terminal-id",
            "HZ-TEST-04", "--district", "和睦区", "--store-key", "credential",
            "--credential-file", str(cred))
    done = kiosk(*args, data_dir=data, config=config)
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"systemd credential {cred} created" in done.stdout
    assert "doctor: OK   store key: systemd credential 'kiosk-store-key' readable" in done.stdout
    assert cred.stat().st_mode & 0o777 == 0o600
    assert not (data / "kiosk-store.key").exists()
    first = cred.read_bytes()
    again = kiosk(*args, data_dir=data, config=config)
    assert again.returncode == 0 and f"systemd credential {cred} kept" in again.stdout
    assert cred.read_bytes() == first
