"""``kiosk doctor --as-service``: the unit's user, groups and credentials are read from the
unit file; as root the checks re-run under setpriv as that user (and find what only that user
lacks); without root the doctor says so and judges device access for the unit's user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from ops_support import ROOT, kiosk

from kiosk.app.doctor import Outcome
from kiosk.app.doctor.causes import Account
from kiosk.app.doctor.service_user import read_unit
from kiosk.cli.doctor import service_checks


def test_the_packaged_unit_is_read() -> None:
    unit = read_unit(ROOT / "packaging" / "kiosk.service")
    assert (unit.user, unit.group) == ("kiosk", "kiosk")
    assert unit.groups == ("video", "audio", "dialout", "lp", "plugdev")
    assert unit.credentials == (("kiosk-store-key", Path("/etc/kiosk/store-key.cred")),)


def test_without_root_it_explains_and_judges_the_units_user(tmp_path: Path) -> None:
    unit_file = tmp_path / "kiosk.service"
    unit_file.write_text("[Service]\nUser=nobody\nSupplementaryGroups=\n", encoding="utf-8")
    lines, account = service_checks(read_unit(unit_file), Account("tech", 4242, frozenset()))
    assert account is not None and account.name == "nobody"
    assert [c.outcome for c in lines] == [Outcome.WARN]
    assert "not root" in lines[0].detail and "sudo kiosk doctor --as-service" in lines[0].fix
    missing = tmp_path / "ghost.service"
    missing.write_text("[Service]\nUser=no-such-user-here\n", encoding="utf-8")
    lines, account = service_checks(read_unit(missing), Account("tech", 4242, frozenset()))
    assert account is None and lines[0].outcome is Outcome.FAIL and lines[0].fatal


def _nobody_can_run_python() -> bool:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return False
    done = subprocess.run([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           sys.executable, "-c", "import kiosk"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          timeout=60, check=False)
    return done.returncode == 0


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder the service user can read (pytest's own tmp_path is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="kiosk-as-service-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.mark.skipif(not _nobody_can_run_python(),
                    reason="needs root, setpriv, and an interpreter the user nobody may run")
def test_as_root_the_checks_run_as_the_units_user(shared_dir: Path) -> None:
    unit = shared_dir / "kiosk.service"
    unit.write_text("[Service]\nUser=nobody\nGroup=nogroup\nSupplementaryGroups=\n",
                    encoding="utf-8")
    node = shared_dir / "lp0"
    node.write_bytes(b"")
    node.chmod(0o660)  # root's: root as the technician may open it, nobody may not
    data = shared_dir / "data"
    data.mkdir(mode=0o700)
    config = shared_dir / "kiosk.toml"
    config.write_text(f'[devices.printer]\ndriver = "escpos"\nconnection = "file"\n'
                      f'path = "{node}"\n', encoding="utf-8")
    config.chmod(0o644)
    as_root = kiosk("doctor", "--json", data_dir=data, config=config)
    assert as_root.returncode == 0, as_root.stdout
    done = kiosk("doctor", "--as-service", "--unit", str(unit), "--json", data_dir=data,
                 config=config)
    assert "running the checks as user nobody" in done.stderr
    assert done.returncode == 1
    checks = {c["name"].split(" ")[0]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["data"]["outcome"] == "fail"  # root's 0700 data dir
    assert "permission denied" in checks["printer"]["detail"]
