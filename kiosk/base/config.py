"""Kiosk configuration: one TOML file, validated at load with messages that name the fix.

Where the file comes from, first match wins: ``--config``, ``$KIOSK_CONFIG``,
``/etc/kiosk/kiosk.toml`` (on a terminal); with none of them the built-in
``simulated`` profile is used, which is what the demo and the tests run.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

SYSTEM_CONFIG = Path("/etc/kiosk/kiosk.toml")
TERMINAL_DATA_DIR = Path("/var/lib/kiosk")
PROFILES = ("simulated", "production")
LOCALES = ("zh_CN", "en_US")

# Which drivers exist per device; "memory" and "simulated" are refused in production.
DEVICE_DRIVERS: dict[str, tuple[str, ...]] = {
    "idcard": ("memory", "simulated", "ga467"),
    "citizen_card": ("memory", "simulated", "pcsc"),
    "camera": ("memory", "simulated", "opencv"),
    "printer": ("memory", "simulated", "escpos"),
    "barcode": ("zxing", "pyzbar"),
}
SIMULATION_DRIVERS = frozenset({"memory", "simulated"})

DEFAULT_DEVICES: dict[str, dict[str, Any]] = {
    "idcard": {"driver": "memory", "required": True},
    "citizen_card": {"driver": "memory", "required": False},
    "camera": {"driver": "memory", "required": False},
    "printer": {"driver": "memory", "required": False},
    "barcode": {"driver": "zxing", "required": False},
}


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` name each key and its fix."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class TerminalConfig:
    """Who and where this terminal is."""

    id: str
    description: str
    district: str
    lat: float
    lon: float
    locale: str


@dataclass(frozen=True)
class HubConfig:
    """How to reach the city data hub."""

    url: str | None  # None: start the embedded reference hub (simulated profile only)
    tracking_base_url: str
    credentials: Path | None  # None: <data dir>/credentials.json
    ca_bundle: Path | None
    timeout_s: float
    enrollment_token: str | None


@dataclass(frozen=True)
class Timeouts:
    """Every resident-facing and device timing, in seconds."""

    idle_s: float
    idle_warning_s: float
    elder_idle_s: float
    card_poll_s: float
    code_resend_s: float
    health_probe_s: float
    heartbeat_s: float


@dataclass(frozen=True)
class SyncConfig:
    """Outbox sync timing and retention."""

    interval_s: float
    backoff_base_s: float
    backoff_cap_s: float
    retention_hours: float


@dataclass(frozen=True)
class StoreConfig:
    """Where the store key comes from."""

    key_source: str  # "file" (development) or "credential" (systemd LoadCredentialEncrypted=)
    credential_name: str


@dataclass(frozen=True)
class DeviceConfig:
    """One device: which implementation, whether the kiosk can run without it."""

    name: str
    driver: str
    required: bool
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def simulated(self) -> bool:
        """Whether this is a simulation driver."""
        return self.driver in SIMULATION_DRIVERS


@dataclass(frozen=True)
class KioskConfig:
    """The whole validated configuration."""

    source: str
    profile: str
    terminal: TerminalConfig
    hub: HubConfig
    timeouts: Timeouts
    sync: SyncConfig
    store: StoreConfig
    devices: Mapping[str, DeviceConfig]
    consent_version: str

    @property
    def is_simulation(self) -> bool:
        """Whether this is the simulated profile (dev dock and embedded hub allowed)."""
        return self.profile == "simulated"

    def device(self, name: str) -> DeviceConfig:
        """The configuration of one device."""
        return self.devices[name]


class _Reader:
    """Pulls typed values out of nested TOML tables and collects every problem."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []

    def _lookup(self, key: str) -> tuple[bool, Any]:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return False, None
            node = node[part]
        return True, node

    def text(self, key: str, default: str | None, fix: str) -> str:
        found, value = self._lookup(key)
        if not found:
            if default is None:
                self.problems.append(f"{key} is missing. Fix: {fix}")
                return ""
            return default
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{key} must be a non-empty string. Fix: {fix}")
            return default or ""
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        found, value = self._lookup(key)
        if not found or value == "":
            return None
        if not isinstance(value, str):
            self.problems.append(f"{key} must be a string. Fix: quote it, or remove the key")
            return None
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        found, value = self._lookup(key)
        if not found:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value
        ):
            self.problems.append(f"{key} must be a number. Fix: write e.g. {key.rsplit('.', maxsplit=1)[-1]} = {default}")
            return default
        if not low <= value <= high:
            self.problems.append(f"{key} = {value} is out of range. Fix: use a value from {low} to {high}")
            return default
        return float(value)

    def choice(self, key: str, default: str, allowed: tuple[str, ...]) -> str:
        found, value = self._lookup(key)
        if not found:
            return default
        if value not in allowed:
            self.problems.append(
                f"{key} = {value!r} is not allowed. Fix: use one of {', '.join(allowed)}"
            )
            return default
        return str(value)

    def flag(self, key: str, default: bool) -> bool:
        found, value = self._lookup(key)
        if not found:
            return default
        if not isinstance(value, bool):
            self.problems.append(f"{key} must be true or false. Fix: write {key.rsplit('.', maxsplit=1)[-1]} = true")
            return default
        return value


_KNOWN_TOP = {"profile", "terminal", "hub", "timeouts", "sync", "store", "devices", "consent_version"}


def parse_config(data: Mapping[str, Any], source: str = "<built-in>") -> KioskConfig:
    """Validate a parsed TOML document; raise ``ConfigError`` listing every problem."""
    r = _Reader(data)
    for key in data:
        if key not in _KNOWN_TOP:
            r.problems.append(f"{key} is not a known section. Fix: remove it or check its spelling")
    profile = r.choice("profile", "simulated", PROFILES)
    production = profile == "production"
    terminal = TerminalConfig(
        id=r.text("terminal.id", None if production else "SIM-0001",
                  'set terminal.id = "<terminal id from the provisioning sheet>"'),
        description=r.optional_text("terminal.description") or "",
        district=r.text("terminal.district", None if production else "和睦区",
                        'set terminal.district = "<district name>"'),
        lat=r.number("terminal.lat", 30.2800, -90, 90),
        lon=r.number("terminal.lon", 120.1000, -180, 180),
        locale=r.choice("terminal.locale", "zh_CN", LOCALES),
    )
    hub_url = r.optional_text("hub.url")
    if hub_url is not None and not hub_url.startswith(("https://", "http://127.", "http://localhost")):
        r.problems.append(
            "hub.url must use https:// (plain http only on loopback). Fix: use the hub's https URL"
        )
    if production and hub_url is None:
        r.problems.append('hub.url is missing. Fix: set hub.url = "https://<city hub>/"'
                          " (the embedded reference hub is for simulation only)")
    creds = r.optional_text("hub.credentials")
    ca = r.optional_text("hub.ca_bundle")
    hub = HubConfig(
        url=hub_url.rstrip("/") if hub_url else None,
        tracking_base_url=r.text("hub.tracking_base_url", "https://track.example.invalid/t",
                                 'set hub.tracking_base_url = "https://<public tracking site>/t"'),
        credentials=Path(creds) if creds else None,
        ca_bundle=Path(ca) if ca else None,
        timeout_s=r.number("hub.timeout_s", 10.0, 0.1, 120),
        enrollment_token=r.optional_text("hub.enrollment_token"),
    )
    if hub.ca_bundle is not None and not hub.ca_bundle.is_file():
        r.problems.append(f"hub.ca_bundle: no file at {hub.ca_bundle}. Fix: point it at a PEM bundle")
    timeouts = Timeouts(
        idle_s=r.number("timeouts.idle_s", 90, 10, 3600),
        idle_warning_s=r.number("timeouts.idle_warning_s", 20, 3, 600),
        elder_idle_s=r.number("timeouts.elder_idle_s", 180, 10, 3600),
        card_poll_s=r.number("timeouts.card_poll_s", 0.3, 0.3, 10),
        code_resend_s=r.number("timeouts.code_resend_s", 60, 10, 600),
        health_probe_s=r.number("timeouts.health_probe_s", 15, 1, 600),
        heartbeat_s=r.number("timeouts.heartbeat_s", 60, 5, 3600),
    )
    if timeouts.idle_warning_s >= timeouts.idle_s:
        r.problems.append("timeouts.idle_warning_s must be shorter than timeouts.idle_s. "
                          "Fix: lower idle_warning_s or raise idle_s")
    sync = SyncConfig(
        interval_s=r.number("sync.interval_s", 30, 1, 3600),
        backoff_base_s=r.number("sync.backoff_base_s", 2, 0.01, 600),
        backoff_cap_s=r.number("sync.backoff_cap_s", 300, 0.1, 86400),
        retention_hours=r.number("sync.retention_hours", 24, 0, 24 * 365),
    )
    store = StoreConfig(
        key_source=r.choice("store.key_source", "credential" if production else "file",
                            ("file", "credential")),
        credential_name=r.text("store.credential_name", "kiosk-store-key",
                               'set store.credential_name = "kiosk-store-key"'),
    )
    devices = _parse_devices(data.get("devices", {}), r, production)
    consent = r.text("consent_version", "2026-01", 'set consent_version = "<version of the consent text>"')
    if r.problems:
        raise ConfigError(source, r.problems)
    return KioskConfig(source, profile, terminal, hub, timeouts, sync, store, devices, consent)


def _parse_devices(raw: Any, r: _Reader, production: bool) -> dict[str, DeviceConfig]:
    if not isinstance(raw, Mapping):
        r.problems.append("devices must be a table. Fix: write [devices.idcard] sections")
        raw = {}
    for name in raw:
        if name not in DEVICE_DRIVERS:
            r.problems.append(f"devices.{name} is not a known device. "
                              f"Fix: use one of {', '.join(DEVICE_DRIVERS)}")
    out: dict[str, DeviceConfig] = {}
    for name, allowed in DEVICE_DRIVERS.items():
        section = raw.get(name, {})
        if not isinstance(section, Mapping):
            r.problems.append(f"devices.{name} must be a table. Fix: write [devices.{name}]")
            section = {}
        default = DEFAULT_DEVICES[name]
        if production and "driver" not in section:
            r.problems.append(f"devices.{name}.driver is missing. Fix: set driver to one of "
                              f"{', '.join(d for d in allowed if d not in SIMULATION_DRIVERS)}")
        driver = r.choice(f"devices.{name}.driver", str(default["driver"]), allowed)
        if production and "driver" in section and driver in SIMULATION_DRIVERS:
            r.problems.append(f"devices.{name}.driver = {driver!r} is a simulator, refused in the "
                              "production profile. Fix: choose the real driver")
        required = r.flag(f"devices.{name}.required", bool(default["required"]))
        options = {k: v for k, v in section.items() if k not in ("driver", "required")}
        out[name] = DeviceConfig(name, driver, required, options)
    return out


def default_config() -> KioskConfig:
    """The built-in simulated profile."""
    return parse_config({}, "<built-in simulated profile>")


def config_path(explicit: str | os.PathLike[str] | None) -> Path | None:
    """Which file to load, or ``None`` for the built-in simulated profile."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("KIOSK_CONFIG")
    if env:
        return Path(env)
    if SYSTEM_CONFIG.is_file():
        return SYSTEM_CONFIG
    return None


def load_config(explicit: str | os.PathLike[str] | None = None) -> KioskConfig:
    """Find, read and validate the configuration."""
    path = config_path(explicit)
    if path is None:
        return default_config()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(
            str(path), ["file not found. Fix: check the path, or unset KIOSK_CONFIG"]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"not valid TOML ({exc}). Fix: correct the syntax"]) from None
    return parse_config(data, str(path))


def data_dir(explicit: str | os.PathLike[str] | None, config: KioskConfig) -> Path:
    """Where the store, keys, logs and the embedded hub live.

    ``--data-dir`` wins, then ``$KIOSK_DATA_DIR``; a production terminal uses
    ``/var/lib/kiosk``; a developer gets the platform's per-user data directory.
    """
    if explicit:
        path = Path(explicit)
    elif os.environ.get("KIOSK_DATA_DIR"):
        path = Path(os.environ["KIOSK_DATA_DIR"])
    elif config.profile == "production":
        path = TERMINAL_DATA_DIR
    else:
        path = Path(platformdirs.user_data_dir("kiosk", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
