"""``kiosk doctor --as-service``: run the checks as the systemd unit runs the kiosk.

A technician runs the doctor as root over SSH, where every device node opens and
the store key is at hand; the service runs as ``kiosk`` with the unit's groups
and reads the key from its systemd credential. As root the doctor re-executes
itself under ``setpriv`` with the unit's user, group and supplementary groups,
and hands it the unit's credentials decrypted into a private directory (as
systemd's ``$CREDENTIALS_DIRECTORY``). Without root that is impossible; the
doctor then says so and judges device access for the unit's user from its groups.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

INSTALLED_UNIT = Path("/etc/systemd/system/kiosk.service")


@dataclass(frozen=True)
class ServiceUnit:
    """Who the kiosk service runs as, and the credentials systemd hands it."""

    user: str = "kiosk"
    group: str = "kiosk"
    groups: tuple[str, ...] = ("video", "audio", "dialout", "lp", "plugdev")
    # (credential name, encrypted file) per LoadCredentialEncrypted=
    credentials: tuple[tuple[str, Path], ...] = field(
        default=(("kiosk-store-key", Path("/etc/kiosk/store-key.cred")),))


def read_unit(path: Path) -> ServiceUnit:
    """The user, groups and encrypted credentials a unit file names (defaults for the rest)."""
    default = ServiceUnit()
    user, group, groups = default.user, default.group, list(default.groups)
    credentials: list[tuple[str, Path]] = []
    seen_groups = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = raw.strip().partition("=")
        if not sep or raw.lstrip().startswith(("#", ";")):
            continue
        value = value.strip()
        if key == "User":
            user = value
        elif key == "Group":
            group = value
        elif key == "SupplementaryGroups":
            # Repeated lines add up; an empty one resets, as systemd does.
            groups = (groups if seen_groups else []) + value.split() if value else []
            seen_groups = True
        elif key == "LoadCredentialEncrypted":
            name, _, source = value.partition(":")
            credentials.append((name, Path(source or f"/etc/credstore.encrypted/{name}")))
    return ServiceUnit(user, group, tuple(groups), tuple(credentials))


def unit_for(path: Path | None) -> ServiceUnit:
    """The unit at ``path``, else the installed one, else the packaged defaults."""
    for candidate in (path, INSTALLED_UNIT):
        if candidate is not None and candidate.is_file():
            return read_unit(candidate)
    return ServiceUnit()


@dataclass(frozen=True)
class Reexec:
    """The command and environment that run the doctor as the service would run."""

    argv: list[str]
    env: dict[str, str]
    notes: list[str]
    cleanup: Path | None


def reexec(unit: ServiceUnit, doctor_args: Sequence[str]) -> Reexec:
    """``setpriv`` into the unit's user and groups, with its credentials decrypted (root only)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise OSError("setpriv is not installed (apt install util-linux)")
    env = dict(os.environ)
    notes: list[str] = []
    creds_dir: Path | None = None
    if unit.credentials:
        creds_dir = Path(tempfile.mkdtemp(prefix="kiosk-doctor-creds-"))
        for name, source in unit.credentials:
            notes.append(_decrypt(name, source, creds_dir))
        shutil.chown(creds_dir, unit.user, unit.group)
        for item in creds_dir.iterdir():
            shutil.chown(item, unit.user, unit.group)
            item.chmod(0o400)
        creds_dir.chmod(0o500)
        env["CREDENTIALS_DIRECTORY"] = str(creds_dir)
    else:
        env.pop("CREDENTIALS_DIRECTORY", None)
    # The service user cannot write the source tree's bytecode caches; nothing needs them.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    groups = ",".join(unit.groups)
    argv = [setpriv, f"--reuid={unit.user}", f"--regid={unit.group}",
            f"--groups={groups}" if groups else "--clear-groups", "--",
            sys.executable, "-m", "kiosk.cli", *doctor_args]
    notes.insert(0, f"running the checks as user {unit.user}, group {unit.group}, "
                    f"groups {groups or '(none)'}")
    return Reexec(argv, env, notes, creds_dir)


def _decrypt(name: str, source: Path, into: Path) -> str:
    tool = shutil.which("systemd-creds")
    if tool is None:
        return f"credential {name}: systemd-creds is not installed, so it is not handed over"
    if not source.is_file():
        return f"credential {name}: {source} does not exist, so it is not handed over"
    done = subprocess.run([tool, "decrypt", f"--name={name}", str(source), str(into / name)],
                          capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        return (f"credential {name}: systemd-creds cannot decrypt {source} "
                f"({done.stderr.strip() or done.returncode})")
    return f"credential {name}: decrypted from {source}, as systemd does for the unit"


def run_as_service(unit: ServiceUnit, doctor_args: Sequence[str]) -> int:
    """Run the doctor as the unit's user; its exit code. Root only."""
    plan = reexec(unit, doctor_args)
    try:
        for note in plan.notes:
            print(f"as-service: {note}", file=sys.stderr, flush=True)
        return subprocess.run(plan.argv, env=plan.env, check=False).returncode
    finally:
        if plan.cleanup is not None:
            shutil.rmtree(plan.cleanup, ignore_errors=True)
