"""A device node the kiosk's user may not open: the doctor says whose it is, its mode, which
group the user lacks, and the usermod line — judged for the account the service runs as."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.app.doctor import Outcome, check_devices
from kiosk.app.doctor.causes import Account, can_read_write, path_cause
from kiosk.base.clock import ManualClock
from kiosk.base.config import parse_config

OWNER_GID = os.getegid()


def _node(tmp_path: Path, mode: int) -> Path:
    node = tmp_path / "ttyUSB0"
    node.write_bytes(b"")
    node.chmod(mode)
    return node


def test_a_user_outside_the_group_is_refused_with_the_group_named(tmp_path: Path) -> None:
    node = _node(tmp_path, 0o660)
    stranger = Account("kiosk", 4242, frozenset({4242}))
    cause = path_cause("idcard", "port", str(node), stranger)
    assert cause is not None
    assert "permission denied" in cause.detail and "mode 0660" in cause.detail
    assert "user kiosk is not in group" in cause.detail
    assert cause.fix.startswith("add the user to the group: usermod -aG ")
    assert "SupplementaryGroups=" in cause.fix


def test_group_membership_or_ownership_is_enough(tmp_path: Path) -> None:
    node = _node(tmp_path, 0o660)
    st = node.stat()
    assert can_read_write(st, Account("member", 4242, frozenset({OWNER_GID})))
    assert can_read_write(st, Account("owner", st.st_uid, frozenset()))
    assert not can_read_write(st, Account("other", 4242, frozenset({4243})))
    assert path_cause("idcard", "port", str(node),
                      Account("member", 4242, frozenset({OWNER_GID}))) is None


def test_the_doctor_judges_the_service_account(tmp_path: Path) -> None:
    node = _node(tmp_path, 0o660)
    config = parse_config({"devices": {
        "printer": {"driver": "escpos", "connection": "file", "path": str(node)}}})
    checks = check_devices(config, ManualClock(), tmp_path,
                           account=Account("kiosk", 4242, frozenset({4242})))
    printer = next(c for c in checks if c.name.startswith("printer"))
    assert printer.outcome is Outcome.FAIL
    assert "permission denied" in printer.detail and "usermod -aG" in printer.fix
