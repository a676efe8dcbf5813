"""``kiosk doctor``: check every configured device, the hub, the data dir and the store key.

Each check is one line with, when it fails, the fix an operator can carry out,
the concrete cause first (``causes.py``). The run fails (non-zero exit) when a
required device, the data dir, the store key or this terminal's enrolment
fails; an unreachable hub is only a warning for an enrolled terminal, because
the kiosk keeps taking submissions offline and sends them later.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from devices.factory import DeviceSet, DeviceSetupError, open_devices
from devices.simulation import SampleCards
from kiosk.app.doctor.causes import (
    Account,
    BaudProbe,
    baud_cause,
    device_paths,
    path_cause,
    pcscd_cause,
)
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, DeviceConfig, KioskConfig, parse_device

FREE_SPACE_WARN_BYTES = 1024 * 1024 * 1024
FREE_SPACE_FAIL_BYTES = 100 * 1024 * 1024
SKEW_WARN_S = 60.0

# Statuses that mean a device cannot serve a resident right now, and what to do.
_DEVICE_FIXES: dict[tuple[str, str], str] = {
    ("idcard", "disconnected"): "check the ID-card reader's USB cable and power, and that "
    "[devices.idcard] names its port (kiosk devices scan lists serial ports)",
    ("idcard", "fault"): "power-cycle the ID-card reader; if the fault stays, replace it",
    ("citizen_card", "disconnected"): "check the card reader's USB cable and that pcscd runs "
    "(systemctl status pcscd; kiosk devices scan lists PC/SC readers)",
    ("citizen_card", "fault"): "unplug the citizen-card reader, wait 5 s and plug it back in",
    ("camera", "disconnected"): "check the camera's USB cable and [devices.camera] device "
    "(kiosk devices scan lists /dev/video*)",
    ("camera", "fault"): "unplug the camera, wait 5 s and plug it back in",
    ("printer", "paper_end"): "load a new paper roll",
    ("printer", "cover_open"): "close the printer cover",
    ("printer", "error"): "clear any paper jam and power-cycle the printer",
    ("printer", "disconnected"): "check the printer's USB cable and power, and "
    "[devices.printer] (kiosk devices scan lists USB printers)",
    ("barcode", "disconnected"): "install the decoder library (pip install zxing-cpp; "
    "for pyzbar: apt install libzbar0)",
}
_WARN_STATUSES = {"paper_near_end", "unknown"}


class Outcome(enum.StrEnum):
    """How one check went."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    name: str
    outcome: Outcome
    detail: str
    fix: str = ""
    fatal: bool = False  # a failure here makes the whole run fail

    def line(self) -> str:
        """The human-readable line."""
        mark = {"ok": "OK  ", "warn": "WARN", "fail": "FAIL"}[self.outcome.value]
        text = f"{mark} {self.name}: {self.detail}"
        return f"{text} — fix: {self.fix}" if self.fix and self.outcome != Outcome.OK else text

    def as_json(self) -> dict[str, Any]:
        """The check as a JSON object."""
        out = asdict(self)
        out["outcome"] = self.outcome.value
        return out


class HealthProbe(Protocol):
    """What the doctor needs from a hub client: liveness and the clock skew it saw."""

    clock_skew_s: float | None

    def health(self) -> object:
        """Raise on any failure to get a healthy answer."""

    def close(self) -> None:
        """Release the connection."""


def check_config(error: ConfigError) -> list[Check]:
    """One failing line per configuration problem, the same list ``kiosk config check`` prints.

    Every ``[devices.*]`` option is checked when the configuration loads, so a broken
    file names every broken device section here, not only the first one opened.
    """
    checks = []
    for problem in error.problems:
        detail, _, fix = problem.partition(" Fix: ")
        checks.append(Check("config", Outcome.FAIL, f"{error.source}: {detail}", fix, fatal=True))
    return checks


def check_devices(config: KioskConfig, clock: Clock, data_dir: Path,
                  samples: SampleCards | None = None, account: Account | None = None,
                  baud_probe: BaudProbe | None = None) -> list[Check]:
    """Open every configured device, read its status once, and find the cause of a failure.

    A failing device's line names the concrete cause when one can be proven (its path is
    missing, ``account`` may not open it, the reader answers at another baud rate) and
    only otherwise the generic advice. When a section cannot even be opened, each device
    is opened on its own so that every broken section gets its own line.
    """
    account = account or Account.current()
    try:
        devices = open_devices(config, clock, data_dir, samples)
    except (DeviceSetupError, ConfigError):
        return [check for name in config.devices
                for check in _check_alone(config, name, clock, data_dir, samples, account,
                                          baud_probe)]
    try:
        checks = [(name, _device_check(devices, name)) for name in config.devices]
    finally:
        # Closed before the causes are looked for: a probe opens the same ports again.
        devices.close()
    probe = baud_probe or _baud_probe(clock)
    return [_with_cause(check, config.device(name), account, probe)
            for name, check in checks]


# Stand-ins for the other devices while one is opened on its own.
_ALONE_STAND_INS = {"idcard": {"driver": "memory"}, "citizen_card": {"driver": "memory"},
                    "camera": {"driver": "memory"}, "printer": {"driver": "memory"},
                    "barcode": {}}


def _check_alone(config: KioskConfig, name: str, clock: Clock, data_dir: Path,
                 samples: SampleCards | None, account: Account,
                 baud_probe: BaudProbe | None) -> list[Check]:
    alone = {other: (dev if other == name else parse_device(other, _ALONE_STAND_INS[other]))
             for other, dev in config.devices.items()}
    dev = config.device(name)
    label = f"{name} ({dev.driver}{', required' if dev.required else ''})"
    try:
        devices = open_devices(dataclasses.replace(config, devices=alone), clock, data_dir,
                               samples)
    except DeviceSetupError as exc:
        return [Check(label, Outcome.FAIL, str(exc), _module_fix(name, dev.driver),
                      dev.required)]
    except ConfigError as exc:
        detail, _, fix = "; ".join(exc.problems).partition(" Fix: ")
        return [Check(label, Outcome.FAIL, f"cannot open: {detail}", fix, dev.required)]
    try:
        check = _device_check(devices, name)
    finally:
        devices.close()
    return [_with_cause(check, dev, account, baud_probe or _baud_probe(clock))]


# What to install when a driver's module will not import.
_MODULE_FIXES = {
    "ga467": "the serial module: pip install pyserial",
    "pcsc": "pyscard (apt install libpcsclite-dev, then pip install pyscard)",
    "opencv": "OpenCV: pip install opencv-python-headless",
    "escpos": "python-escpos: pip install python-escpos",
    "zxing": "zxing-cpp: pip install zxing-cpp",
    "pyzbar": "pyzbar and its library: apt install libzbar0, then pip install pyzbar",
}


def _module_fix(name: str, driver: str) -> str:
    what = _MODULE_FIXES.get(driver, "the driver's Python module")
    return (f"install {what} into the kiosk's environment (the locked requirements "
            f"include it), or pick another driver for [devices.{name}]")


def _baud_probe(clock: Clock) -> BaudProbe:
    def probe(port: str, baud: int) -> bool:
        from devices.idcard.ga467 import answers_at

        return answers_at(port, baud, clock)

    return probe


def _with_cause(check: Check, dev: DeviceConfig, account: Account, probe: BaudProbe) -> Check:
    """``check`` with the proven cause of its failure in place of the generic advice.

    A printer written blind reports ``unknown``: a missing or forbidden path is then the
    proof that it cannot print, and the warning becomes a failure.
    """
    status = check.detail
    if check.outcome is Outcome.OK or (check.outcome is Outcome.WARN and status != "unknown"):
        return check
    if not status.isidentifier():
        return check  # not a device status (a missing module, a driver bug): said already
    cause = pcscd_cause(dev)
    for option, path in device_paths(dev):
        cause = cause or path_cause(dev.name, option, path, account)
    if cause is None and status == "fault":
        cause = baud_cause(dev.name, dev, probe)
    if cause is None:
        return check
    return dataclasses.replace(check, outcome=Outcome.FAIL, detail=f"{status}: {cause.detail}",
                               fix=cause.fix, fatal=dev.required)


def _device_check(devices: DeviceSet, name: str) -> Check:
    dev = devices.configs[name]
    label = f"{name} ({dev.driver}{', required' if dev.required else ''})"
    handle: Any = getattr(devices, name)
    try:
        status = handle.status().value
    except ImportError as exc:  # a driver that imports its library on first use
        return Check(label, Outcome.FAIL, f"the driver's module {exc.name or ''} is missing",
                     _module_fix(name, dev.driver), dev.required)
    except Exception as exc:  # a driver bug must still give a line, not a traceback
        return Check(label, Outcome.FAIL, f"status() raised {type(exc).__name__}",
                     "report this driver bug; meanwhile power-cycle the device", dev.required)
    fix = _DEVICE_FIXES.get((name, status))
    if fix is not None:
        return Check(label, Outcome.FAIL, status, fix, dev.required)
    if status in _WARN_STATUSES:
        hint = "load a new paper roll soon" if status == "paper_near_end" else \
            "the transport cannot report status; print a test receipt to be sure"
        return Check(label, Outcome.WARN, status, hint)
    return Check(label, Outcome.OK, status)


def check_data_dir(data_dir: Path) -> list[Check]:
    """The data dir is writable and has room for the store and the outbox."""
    try:
        with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".doctor-") as fh:
            fh.write(b"ok")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        return [Check("data dir", Outcome.FAIL, f"{data_dir} is not writable ({exc.strerror})",
                      f"chown the directory to the kiosk's user and chmod 700 {data_dir}",
                      fatal=True)]
    free = shutil.disk_usage(data_dir).free
    detail = f"{data_dir} writable, {free / 1024**3:.1f} GiB free"
    if free < FREE_SPACE_FAIL_BYTES:
        return [Check("data dir", Outcome.FAIL, detail, "free disk space (old logs, "
                      "journalctl --vacuum-size=100M)", fatal=True)]
    if free < FREE_SPACE_WARN_BYTES:
        return [Check("data dir", Outcome.WARN, detail, "free disk space soon")]
    return [Check("data dir", Outcome.OK, detail)]


def check_store_key(config: KioskConfig, data_dir: Path) -> list[Check]:
    """The store key exists, is private, and has the right shape (never printed)."""
    from offline_cache.crypto import KEY_FILE_NAME, StoreKeyError, key_provider

    provider = key_provider(config.store.key_source, config.store.credential_name, data_dir)
    try:
        if config.store.key_source == "file" and not (data_dir / KEY_FILE_NAME).exists():
            return [Check("store key", Outcome.OK,
                          f"{provider.describe()} not made yet; the first start creates it")]
        provider.sealer(create=False)
    except StoreKeyError as exc:
        return [Check("store key", Outcome.FAIL, f"{exc.problem.value}", exc.detail, fatal=True)]
    except OSError as exc:
        # The data dir itself is closed to this user (doctor --as-service finds this).
        user = Account.current().name
        return [Check("store key", Outcome.FAIL, f"{provider.describe()} cannot be read as "
                      f"{user} ({exc.strerror})", f"chown -R {user} {data_dir} and chmod 700 "
                      f"{data_dir}", fatal=True)]
    return [Check("store key", Outcome.OK, f"{provider.describe()} readable")]


def check_hub(config: KioskConfig, probe_factory: Callable[[str], HealthProbe] | None,
              hub_url: str | None = None, enrolment: EnrolmentProbe | None = None) -> list[Check]:
    """Hub liveness, this terminal's enrolment, and the clock skew between it and the hub.

    ``enrolment`` says whether the hub accepts this terminal (``None``: not checked, as
    for the embedded hub). A terminal that is not enrolled fails the hub check, whether
    or not the hub answers: it cannot serve anyone until ``kiosk enroll``.
    """
    url = hub_url or config.hub.url
    if url is None:
        return [Check("hub", Outcome.OK, "embedded reference hub (simulated profile), started "
                      "with the kiosk")]
    if probe_factory is None:
        return [Check("hub", Outcome.WARN, "hub client not available in this build",
                      "install the full kiosk package")]
    try:
        probe = probe_factory(url)
    except ValueError as exc:
        return [Check("hub", Outcome.FAIL, str(exc), "fix hub.url in the config")]
    try:
        try:
            probe.health()
        except Exception as exc:  # every hub failure is a report line, never a crash
            reach = f"{url} not reachable ({type(exc).__name__}: {exc})"
            enrolled = enrolment(url) if enrolment is not None else None
            if enrolled is not None and enrolled.outcome is Outcome.FAIL:
                return [dataclasses.replace(enrolled, detail=f"{reach}; {enrolled.detail}")]
            return [Check("hub", Outcome.WARN, reach, "check the network and hub.url; the "
                          "kiosk works offline meanwhile and sends submissions later")]
        checks = [Check("hub", Outcome.OK, f"{url} healthy")]
        if enrolment is not None:
            enrolled = enrolment(url)
            checks = [enrolled if enrolled.outcome is Outcome.OK else dataclasses.replace(
                enrolled, detail=f"{url} healthy, but {enrolled.detail}")]
        skew = probe.clock_skew_s
        if skew is None:
            checks.append(Check("clock", Outcome.WARN, "the hub sent no Date header",
                                "ask the hub operator; time cannot be compared"))
        elif abs(skew) > SKEW_WARN_S:
            checks.append(Check("clock", Outcome.WARN, f"{skew:+.0f} s off the hub's clock",
                                "turn on time sync: timedatectl set-ntp true"))
        else:
            checks.append(Check("clock", Outcome.OK, f"{skew:+.1f} s off the hub's clock"))
        return checks
    finally:
        probe.close()


EnrolmentProbe = Callable[[str], Check]
"""This terminal's enrolment with the hub at a URL, as the ``hub`` line."""


def enrolment_probe(config: KioskConfig, data_dir: Path, clock: Clock) -> EnrolmentProbe:
    """Whether saved credentials exist and the hub at the URL still accepts them."""

    def probe(url: str) -> Check:
        from kiosk.app.enrolment import CredentialsProblem, saved_credentials
        from kiosk.base.context import Context
        from kiosk.hub.client import HubClient
        from kiosk.hub.errors import HubAuthError, HubError

        ctx = Context(config, data_dir, clock)
        terminal = config.terminal.id
        try:
            saved = saved_credentials(ctx)
        except CredentialsProblem as exc:
            detail, _, fix = str(exc).partition(" Fix: ")
            return Check("hub", Outcome.FAIL, detail, fix or "kiosk enroll --token <token>",
                         fatal=True)
        if saved is None:
            return Check("hub", Outcome.FAIL, f"terminal {terminal} is not enrolled with "
                         f"{url} (no hub credentials)", "kiosk enroll --token <token> (the "
                         "hub operator mints the one-time token for this terminal id)",
                         fatal=True)
        try:
            with HubClient(url, saved, clock=clock, timeout_s=min(config.hub.timeout_s, 5.0),
                           max_retries=0, ca_bundle=config.hub.ca_bundle) as client:
                client.catalog()
        except HubAuthError as exc:
            return Check("hub", Outcome.FAIL, f"{url} refuses terminal {terminal}'s credentials "
                         f"({exc.reason or exc.status}): revoked, or the hub was reset",
                         "have the hub operator mint a new token, then kiosk enroll --token "
                         "<token>", fatal=True)
        except HubError as exc:
            return Check("hub", Outcome.WARN, f"{url} healthy, enrolled as {terminal}; a "
                         f"signed call failed ({exc.kind.value})", "run kiosk doctor again; "
                         "if it stays, ask the hub operator")
        return Check("hub", Outcome.OK, f"{url} healthy, enrolled as {terminal}")

    return probe


def default_probe(config: KioskConfig, clock: Clock) -> Callable[[str], HealthProbe] | None:
    """A factory of hub clients for the health check (``None`` if the client is absent)."""
    try:
        from kiosk.hub.client import HubClient
    except ImportError:
        return None

    def make(url: str) -> HealthProbe:
        return HubClient(url, None, clock=clock, timeout_s=min(config.hub.timeout_s, 5.0),
                         max_retries=0, ca_bundle=config.hub.ca_bundle)

    return make


def run_checks(config: KioskConfig, clock: Clock, data_dir: Path,
               hub_url: str | None = None, samples: SampleCards | None = None,
               account: Account | None = None) -> list[Check]:
    """Every check, in the order an operator would fix them.

    ``account`` is whose access to device nodes is judged (default: this process's).
    """
    enrolment = enrolment_probe(config, data_dir, clock) if config.hub.url or hub_url \
        else None
    return [
        *check_data_dir(data_dir),
        *check_store_key(config, data_dir),
        *check_devices(config, clock, data_dir, samples, account),
        *check_hub(config, default_probe(config, clock), hub_url, enrolment),
    ]


def passed(checks: list[Check]) -> bool:
    """False when a fatal check failed."""
    return not any(c.outcome == Outcome.FAIL and c.fatal for c in checks)
