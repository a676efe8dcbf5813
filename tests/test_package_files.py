"""The packaging files, checked without building: scripts parse, the unit is supervised, rules are well formed.

The full proof is ``tests/test_package_deb_install.py`` (root, network); these
run everywhere in a second and catch the common slips first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.app.technician.leaving import LEFT_BY_TECHNICIAN
from kiosk.cli import build_parser, hoist_global_options

PACKAGING = Path(__file__).resolve().parents[1] / "packaging"


def _settings(unit: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in unit.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            out.setdefault(key.strip(), []).append(value.strip())
    return out


@pytest.mark.parametrize("script", ["deb/postinst", "deb/prerm", "deb/postrm", "bin/kiosk",
                                    "bin/kiosk-session"])
def test_maintainer_scripts_are_valid_posix_sh(script: str) -> None:
    path = PACKAGING / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    proc = subprocess.run(["sh", "-n", str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_build_script_is_valid_bash() -> None:
    proc = subprocess.run(["bash", "-n", str(PACKAGING / "build-deb")], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_unit_is_a_watched_notify_service_that_waits_for_provisioning() -> None:
    unit = _settings(PACKAGING / "kiosk.service")
    assert unit["Type"] == ["notify"]
    # The kiosk is cage's child: only NotifyAccess=all lets its READY/WATCHDOG count.
    assert unit["NotifyAccess"] == ["all"]
    assert re.fullmatch(r"\d+s", unit["WatchdogSec"][0])
    assert unit["Restart"] == ["always"]
    assert unit["ConditionPathExists"] == ["/etc/kiosk/store-key.cred"]
    assert unit["RuntimeDirectory"] == ["kiosk"]
    assert unit["ExecStart"] == ["/usr/lib/kiosk/kiosk-session"]
    session = (PACKAGING / "bin" / "kiosk-session").read_text(encoding="utf-8")
    assert '-d -- /usr/bin/kiosk run --config "${KIOSK_CONFIG:-/etc/kiosk/kiosk.toml}"' in session


def test_a_kiosk_left_by_a_technician_is_not_restarted_and_frees_the_console() -> None:
    unit = _settings(PACKAGING / "kiosk.service")
    code = str(LEFT_BY_TECHNICIAN)
    assert unit["RestartPreventExitStatus"] == [code]
    assert unit["SuccessExitStatus"] == [code]
    assert unit["OnSuccess"] == ["getty@tty1.service"]


def test_apt_drop_in_asks_a_command_the_cli_has() -> None:
    drop_in = _settings(PACKAGING / "systemd" / "apt-daily-upgrade.service.d"
                        / "kiosk-update-window.conf")
    (command,) = drop_in["ExecCondition"]
    args = command.split()
    assert args[0] == "/usr/bin/kiosk"
    parsed = build_parser().parse_args(hoist_global_options(args[1:]))
    assert parsed.command == "update-window"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_retry_timer_calendar_is_valid() -> None:
    timer = _settings(PACKAGING / "systemd" / "apt-daily-upgrade.timer.d"
                      / "kiosk-update-window.conf")
    for spec in timer["OnCalendar"]:
        proc = subprocess.run(["systemd-analyze", "calendar", spec], capture_output=True,
                              text=True, check=False)
        assert proc.returncode == 0, proc.stderr


def test_control_depends_on_what_the_wheels_load_at_run_time() -> None:
    control = (PACKAGING / "deb" / "control.in").read_text(encoding="utf-8")
    depends = re.search(r"^Depends: (.*)$", control, re.M)
    assert depends
    names = {part.strip().split()[0] for part in depends.group(1).split(",")}
    assert {"libusb-1.0-0", "pcscd", "libccid", "fonts-noto-cjk", "libzbar0", "libpulse0",
            "cage", "libegl1", "adduser"} <= names


_RULE_PAIR = re.compile(r'\s*([A-Z_]+(?:\{[^}]+\})?)\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"\s*(?:,|$)')


def test_udev_rules_are_well_formed_and_name_the_kiosk_devices() -> None:
    symlinks: set[str] = set()
    for lineno, line in enumerate(
            (PACKAGING / "udev" / "70-kiosk.rules").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        pos, pairs = 0, []
        while pos < len(line):
            match = _RULE_PAIR.match(line, pos)
            assert match, f"70-kiosk.rules:{lineno}: cannot parse from {line[pos:]!r}"
            pairs.append(match.groups())
            pos = match.end()
        assert any(op == "==" for _, op, _ in pairs), f"line {lineno} matches nothing"
        symlinks |= {value for key, op, value in pairs if key == "SYMLINK" and op == "+="}
    assert {"kiosk-idcard", "kiosk-camera", "kiosk-printer"} <= symlinks


def test_journald_drop_in_keeps_a_capped_persistent_journal() -> None:
    journal = _settings(PACKAGING / "systemd" / "journald.conf.d" / "kiosk.conf")
    assert journal["Storage"] == ["persistent"]
    assert journal["SystemMaxUse"] and journal["SystemKeepFree"]
