"""``kiosk doctor``: check every configured device, the hub, the data dir and the store key.

Each check is one line with, when it fails, the fix an operator can carry out.
The run fails (non-zero exit) when a required device, the data dir or the
store key fails; an unreachable hub is only a warning, because the kiosk keeps
taking submissions offline and sends them later.
"""

from __future__ import annotations

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
from kiosk.base.clock import Clock
from kiosk.base.config import ConfigError, KioskConfig

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
                  samples: SampleCards | None = None) -> list[Check]:
    """Open every configured device and read its status once."""
    try:
        devices = open_devices(config, clock, data_dir, samples)
    except (DeviceSetupError, ConfigError) as exc:
        # Options are valid by now (checked at load); this is what only opening finds out:
        # a driver module that will not import, a simulator's image folder with no images.
        required = any(d.required for d in config.devices.values())
        return [Check("devices", Outcome.FAIL, f"cannot open the devices: {exc}",
                      "correct the [devices.*] sections (kiosk config check) or install the "
                      "missing driver module", fatal=required)]
    try:
        return [_device_check(devices, name) for name in config.devices]
    finally:
        devices.close()


def _device_check(devices: DeviceSet, name: str) -> Check:
    dev = devices.configs[name]
    label = f"{name} ({dev.driver}{', required' if dev.required else ''})"
    handle: Any = getattr(devices, name)
    try:
        status = handle.status().value
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
    if config.store.key_source == "file" and not (data_dir / KEY_FILE_NAME).exists():
        return [Check("store key", Outcome.OK,
                      f"{provider.describe()} not made yet; the first start creates it")]
    try:
        provider.sealer(create=False)
    except StoreKeyError as exc:
        return [Check("store key", Outcome.FAIL, f"{exc.problem.value}", exc.detail, fatal=True)]
    return [Check("store key", Outcome.OK, f"{provider.describe()} readable")]


def check_hub(config: KioskConfig, probe_factory: Callable[[str], HealthProbe] | None,
              hub_url: str | None = None) -> list[Check]:
    """Hub liveness and the clock skew between this terminal and the hub."""
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
            return [Check("hub", Outcome.WARN, f"{url} not reachable ({type(exc).__name__}: "
                          f"{exc})", "check the network and hub.url; the kiosk works "
                          "offline meanwhile and sends submissions later")]
        checks = [Check("hub", Outcome.OK, f"{url} healthy")]
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
               hub_url: str | None = None, samples: SampleCards | None = None) -> list[Check]:
    """Every check, in the order an operator would fix them."""
    return [
        *check_data_dir(data_dir),
        *check_store_key(config, data_dir),
        *check_devices(config, clock, data_dir, samples),
        *check_hub(config, default_probe(config, clock), hub_url),
    ]


def passed(checks: list[Check]) -> bool:
    """False when a fatal check failed."""
    return not any(c.outcome == Outcome.FAIL and c.fatal for c in checks)
