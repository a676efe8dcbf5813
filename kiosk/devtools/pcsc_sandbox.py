"""A private pcscd with the vpcd reader, in this process's own mount and network namespaces.

pcsc-lite 1.9.9 cannot move its socket (``/run/pcscd/pcscd.comm``, fixed at build
time, as is its pid file) and vpcd listens on the fixed TCP port 35963, so two
test runs on one machine would share one daemon and one card slot. Here the
calling process leaves both behind: ``enter_private_namespaces`` unshares a mount
namespace (a tmpfs hides the machine's ``/run/pcscd``) and a network namespace
(its own loopback, so port 35963 is ours), and ``start_pcscd`` runs a pcscd in
them with a reader configuration that lists only vpcd. pyscard finds that pcscd
at the usual path, the simulated card at the usual port: no kiosk code changes.

Namespaces belong to threads: call ``enter_private_namespaces`` from the thread
that goes on to use PC/SC (the test run's main thread); threads and child
processes it starts afterwards inherit them, threads started before keep the
machine's. It needs root (``CAP_SYS_ADMIN``).
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from devices.citizen_card.pcsc import load_scard
from devices.citizen_card.vpcd import VPCD_PORT, vpcd_slot_matcher

PCSCD_DIR = Path("/run/pcscd")
PCSCD_SOCKET = PCSCD_DIR / "pcscd.comm"
# Where Debian's vsmartcard-vpcd puts its reader driver, if no reader.conf names it.
VPCD_DRIVERS = ("/usr/lib/pcsc/drivers/serial/libifdvpcd.so",)
READER_CONF_DIR = Path("/etc/reader.conf.d")

SETUP_HINT = (
    "`apt-get install pcscd vsmartcard-vpcd` (./kiosk-dev test installs both)"
)

_CLONE_NEWNS = 0x00020000
_CLONE_NEWNET = 0x40000000
_MS_NOSUID = 0x2
_MS_NODEV = 0x4
_MS_REC = 0x4000
_MS_PRIVATE = 0x40000
_SIOCGIFFLAGS = 0x8913
_SIOCSIFFLAGS = 0x8914
_IFF_UP = 0x1
_PR_SET_PDEATHSIG = 1


class SandboxUnavailable(RuntimeError):
    """A private PC/SC environment cannot be made here; the message says why and what to do."""


@dataclass(frozen=True)
class PcscSandbox:
    """A running private pcscd: its process, its reader configuration and its log."""

    process: subprocess.Popen[bytes]
    config_dir: Path
    log_path: Path
    reader_name: str

    def close(self) -> None:
        """Stop the pcscd (SIGTERM, then SIGKILL after 5 s) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise SandboxUnavailable(f"{what} failed: {os.strerror(code)} (errno {code})")


def enter_private_namespaces() -> None:
    """Move the calling thread into new mount and network namespaces with an empty /run/pcscd.

    Raises ``SandboxUnavailable`` when not root or when the kernel refuses
    (a container without ``CAP_SYS_ADMIN``).
    """
    if os.geteuid() != 0:
        raise SandboxUnavailable(
            "a private pcscd needs its own mount and network namespace, which needs root: "
            "run the PC/SC tests as root (`./kiosk-dev test` as root; CI runs as root)"
        )
    libc = _libc()
    _check(libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET), "unshare(CLONE_NEWNS | CLONE_NEWNET)")
    # Mounts made from here on must not propagate back to the machine's namespace.
    _check(libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "making / private")
    PCSCD_DIR.mkdir(parents=True, exist_ok=True)
    _check(
        libc.mount(b"tmpfs", bytes(PCSCD_DIR), b"tmpfs", _MS_NOSUID | _MS_NODEV, b"mode=0755"),
        f"mounting a tmpfs over {PCSCD_DIR}",
    )
    _loopback_up()


def _loopback_up() -> None:
    """Bring up ``lo`` (a new network namespace starts with it down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH", b"lo", 0)
        (flags,) = struct.unpack("16sH", fcntl.ioctl(sock, _SIOCGIFFLAGS, request)[:18])[1:]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | _IFF_UP))


def vpcd_driver() -> Path:
    """The vpcd reader driver library: from the machine's reader.conf.d, else Debian's path."""
    candidates: list[str] = []
    if READER_CONF_DIR.is_dir():
        for conf in sorted(READER_CONF_DIR.iterdir()):
            try:
                lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            candidates += [line.split(None, 1)[1].strip() for line in lines
                           if line.startswith("LIBPATH") and "ifdvpcd" in line
                           and len(line.split(None, 1)) == 2]
    for candidate in (*candidates, *VPCD_DRIVERS):
        if Path(candidate).is_file():
            return Path(candidate)
    raise SandboxUnavailable(f"the vpcd reader driver is not installed: {SETUP_HINT}")


def write_reader_conf(config_dir: Path, port: int = VPCD_PORT) -> Path:
    """A reader.conf.d holding only the vpcd reader on ``port`` (slot 0; slot 1 is port + 1)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    conf = config_dir / "vpcd"
    conf.write_text(
        'FRIENDLYNAME "Virtual PCD"\n'
        f"DEVICENAME   /dev/null:0x{port:04X}\n"
        f"LIBPATH      {vpcd_driver()}\n"
        f"CHANNELID    0x{port:04X}\n",
        encoding="utf-8",
    )
    return config_dir


def _die_with_parent() -> None:
    # Runs in the child before exec: pcscd must not outlive a killed test run.
    _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _socket_answers() -> bool:
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.connect(str(PCSCD_SOCKET))
        except OSError:
            return False
    return True


def _vpcd_reader() -> str | None:
    scard = load_scard()
    if scard is None:
        raise SandboxUnavailable("pyscard is not installed in the venv (./kiosk-dev setup)")
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != 0:
        return None
    try:
        hr, names = scard.SCardListReaders(ctx, [])
    finally:
        scard.SCardReleaseContext(ctx)
    match = vpcd_slot_matcher(VPCD_PORT)
    found = [str(name) for name in (names if hr == 0 else []) if match(name)]
    return found[0] if found else None


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start_pcscd(work_dir: Path, timeout_s: float = 15.0) -> PcscSandbox:
    """Start pcscd in the current namespaces with only the vpcd reader; wait until it lists it.

    Call after ``enter_private_namespaces``: in the machine's own namespace this
    would collide with the machine's pcscd, so an answering socket is refused.
    """
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").is_file()
                                       else None)
    if binary is None:
        raise SandboxUnavailable(f"pcscd is not installed: {SETUP_HINT}")
    if _socket_answers():
        raise SandboxUnavailable(
            f"a pcscd already answers on {PCSCD_SOCKET} in this namespace; "
            "enter_private_namespaces() must come first"
        )
    config_dir = write_reader_conf(work_dir / "reader.conf.d")
    log_path = work_dir / "pcscd.log"
    log_file: IO[bytes]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [binary, "--foreground", "--config", str(config_dir)],
            stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - the child only calls prctl
        )
    deadline = time.monotonic() + timeout_s
    reader: str | None = None
    while time.monotonic() < deadline and process.poll() is None:
        if _socket_answers():
            reader = _vpcd_reader()
            if reader is not None:
                break
        time.sleep(0.05)
    if reader is None:
        sandbox = PcscSandbox(process, config_dir, log_path, "")
        sandbox.close()
        raise SandboxUnavailable(
            f"the private pcscd did not list the vpcd reader within {timeout_s:.0f} s "
            f"(exit {process.returncode}); its log:\n{_tail(log_path)}\nfix: {SETUP_HINT}"
        )
    return PcscSandbox(process, config_dir, log_path, reader)

