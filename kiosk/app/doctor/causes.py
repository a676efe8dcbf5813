"""Concrete causes of a failing device, found before the generic advice.

"Check the USB cable" is the last resort: first the doctor looks for what it can
prove — the configured path does not exist, the kiosk's user may not open it
(owner, group and mode against the account's groups), or a GA 467 reader that
answers at another baud rate than the configured one.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from devices.idcard.frames import BAUD_CODES
from kiosk.base.config import DeviceConfig
from kiosk.base.config.devices import (
    EscposFileOptions,
    EscposSerialOptions,
    Ga467Options,
    OpenCvOptions,
    PcscOptions,
)

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")


@dataclass(frozen=True)
class Cause:
    """What is wrong, proven, and the one thing to do about it."""

    detail: str
    fix: str


@dataclass(frozen=True)
class Account:
    """Whose access to a device node is judged: a user id and every group it has."""

    name: str
    uid: int
    gids: frozenset[int]

    @classmethod
    def current(cls) -> Account:
        """The account this process runs as."""
        uid = os.geteuid()
        try:
            name = pwd.getpwuid(uid).pw_name
        except KeyError:
            name = str(uid)
        return cls(name, uid, frozenset({os.getegid(), *os.getgroups()}))

    @classmethod
    def named(cls, user: str, groups: tuple[str, ...] = ()) -> Account | None:
        """A user with its own groups plus ``groups`` (a unit's SupplementaryGroups=)."""
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            return None
        gids = {entry.pw_gid}
        gids.update(g.gr_gid for g in grp.getgrall() if user in g.gr_mem)
        for name in groups:
            try:
                gids.add(grp.getgrnam(name).gr_gid)
            except KeyError:
                continue
        return cls(user, entry.pw_uid, frozenset(gids))


def device_paths(dev: DeviceConfig) -> list[tuple[str, str]]:
    """``(option, path)`` for every file system path a device section names."""
    opts = dev.options
    if isinstance(opts, Ga467Options | EscposSerialOptions):
        return [("port", opts.port)]
    if isinstance(opts, EscposFileOptions):
        return [("path", opts.path)]
    if isinstance(opts, OpenCvOptions):
        device = opts.device
        return [("device", device if isinstance(device, str) else f"/dev/video{device}")]
    return []


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _owner_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def can_read_write(st: os.stat_result, account: Account) -> bool:
    """Whether ``account`` may open a node read-write, by its owner, group and mode."""
    if account.uid == 0:
        return True
    if st.st_uid == account.uid:
        return st.st_mode & 0o600 == 0o600
    if st.st_gid in account.gids:
        return st.st_mode & 0o060 == 0o060
    return st.st_mode & 0o006 == 0o006


def path_cause(section: str, option: str, path: str, account: Account) -> Cause | None:
    """A missing path, or one ``account`` may not open; ``None`` if the path looks fine."""
    where = f"{option} = {path!r} in [devices.{section}]"
    target = Path(path)
    if not target.exists():
        # A by-id symlink to a device that is gone is "missing" too: exists() follows it.
        return Cause(f"{path} does not exist ({where})",
                     "plug the device in (a USB device appears within seconds), or set "
                     f"{option} to the path kiosk devices scan lists")
    st = target.stat()
    if not (stat.S_ISCHR(st.st_mode) or stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        return Cause(f"{path} is not a device node ({where})",
                     f"set {option} to the device's node, e.g. the one kiosk devices scan lists")
    if not can_read_write(st, account):
        group = _group_name(st.st_gid)
        detail = (f"permission denied: {path} is {_owner_name(st.st_uid)}:{group} mode "
                  f"{stat.S_IMODE(st.st_mode):04o} and user {account.name} is not in group "
                  f"{group}")
        return Cause(detail, f"add the user to the group: usermod -aG {group} {account.name} "
                     f"(for the service: SupplementaryGroups= in kiosk.service lists {group}), "
                     "then restart the kiosk")
    return None


def pcscd_cause(dev: DeviceConfig, socket: Path = PCSCD_SOCKET) -> Cause | None:
    """A PC/SC reader configured while pcscd, which every PC/SC reader goes through, is not up."""
    if not isinstance(dev.options, PcscOptions) or socket.exists():
        return None
    return Cause(f"pcscd is not running ({socket} is missing)",
                 "systemctl enable --now pcscd.socket (and apt install pcscd libccid if it is "
                 "not installed)")


BaudProbe = Callable[[str, int], bool]
"""Whether a GA 467 reader on ``port`` answers a status query at ``baud``."""


def baud_cause(section: str, dev: DeviceConfig, probe: BaudProbe) -> Cause | None:
    """A GA 467 reader that answers at another baud rate than the configured one."""
    opts = dev.options
    if not isinstance(opts, Ga467Options):
        return None
    configured = opts.switch_to_baud or opts.baud
    for baud in sorted(BAUD_CODES, reverse=True):
        if baud != opts.baud and probe(opts.port, baud):
            return Cause(f"the reader on {opts.port} answers at {baud} baud, not at the "
                         f"configured {configured}",
                         f"set baud = {baud} in [devices.{section}] (or set the reader back "
                         f"to {configured} with its own tool)")
    return None
