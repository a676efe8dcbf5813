"""Find, read and validate ``kiosk.toml``; the rules of the production profile live here."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import TypeAdapter, ValidationError

from kiosk.base.config.devices import (
    DEVICE_DRIVERS,
    DEVICE_NAMES,
    SIMULATION_DRIVERS,
    DeviceConfig,
    DevicesSection,
)
from kiosk.base.config.problems import ConfigError, Fix, problems_from
from kiosk.base.config.sections import (
    CRYPTO_PROFILES,
    STRICT,
    CryptoProfile,
    CryptoProfileName,
    HubConfig,
    LoggingConfig,
    MetricsConfig,
    StoreConfig,
    SyncConfig,
    TechnicianConfig,
    TerminalConfig,
    Text,
    Timeouts,
)

SYSTEM_CONFIG = Path("/etc/kiosk/kiosk.toml")
TERMINAL_DATA_DIR = Path("/var/lib/kiosk")
PROFILES = ("simulated", "production")


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
    crypto: CryptoProfile = CRYPTO_PROFILES["standard"]
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    technician: TechnicianConfig = field(default_factory=TechnicianConfig)

    @property
    def is_simulation(self) -> bool:
        """Whether this is the simulated profile (dev dock and embedded hub allowed)."""
        return self.profile == "simulated"

    def device(self, name: str) -> DeviceConfig:
        """The configuration of one device."""
        return self.devices[name]


@dataclass(frozen=True, kw_only=True)
class ConfigFile:
    """The schema of the whole file, section by section."""

    __pydantic_config__ = STRICT

    profile: Literal["simulated", "production"] = "simulated"
    # Signing and sealing algorithms; changing it later re-enrols the terminal, while the
    # store keeps the cipher it was made with.
    crypto_profile: CryptoProfileName = "standard"
    consent_version: Annotated[
        Text, Fix('set consent_version = "<version of the consent text>"')] = "2026-01"
    terminal: TerminalConfig = field(default_factory=TerminalConfig)
    hub: HubConfig = field(default_factory=HubConfig)
    timeouts: Timeouts = field(default_factory=Timeouts)
    sync: SyncConfig = field(default_factory=SyncConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    devices: DevicesSection = field(default_factory=DevicesSection)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    technician: TechnicianConfig = field(default_factory=TechnicianConfig)


_SCHEMA = TypeAdapter(ConfigFile)


def parse_config(data: Mapping[str, Any], source: str = "<built-in>") -> KioskConfig:
    """Validate a parsed TOML document; raise ``ConfigError`` listing every problem."""
    production = data.get("profile") == "production"
    problems = _production_problems(data) if production else []
    try:
        parsed = _SCHEMA.validate_python(dict(data))
    except ValidationError as exc:
        raise ConfigError(source, problems_from(exc, ConfigFile) + problems) from None
    if problems:
        raise ConfigError(source, problems)
    store = parsed.store
    if production and "key_source" not in _table(data, "store"):
        store = dataclasses.replace(store, key_source="credential")
    devices = {name: _device(name, getattr(parsed.devices, name)) for name in DEVICE_NAMES}
    return KioskConfig(source, parsed.profile, parsed.terminal, parsed.hub, parsed.timeouts,
                       parsed.sync, store, devices, parsed.consent_version,
                       CRYPTO_PROFILES[parsed.crypto_profile], parsed.logging, parsed.metrics,
                       parsed.technician)


def _device(name: str, options: Any) -> DeviceConfig:
    return DeviceConfig(name, options.driver, options.required, options)


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    return value if isinstance(value, Mapping) else {}


def _production_problems(data: Mapping[str, Any]) -> list[str]:
    """What the production profile needs beyond a valid file: real devices, a real hub."""
    problems = []
    terminal = _table(data, "terminal")
    if "id" not in terminal:
        problems.append('terminal.id is missing. Fix: set terminal.id = '
                        '"<terminal id from the provisioning sheet>"')
    if "district" not in terminal:
        problems.append('terminal.district is missing. Fix: set terminal.district = '
                        '"<district name>"')
    if _table(data, "hub").get("url") in (None, ""):
        problems.append('hub.url is missing. Fix: set hub.url = "https://<city hub>/"'
                        " (the embedded reference hub is for simulation only)")
    devices = _table(data, "devices")
    for name, drivers in DEVICE_DRIVERS.items():
        section = devices.get(name, {})
        if not isinstance(section, Mapping):
            continue  # the schema reports that it is not a table
        driver = section.get("driver")
        real = ", ".join(d for d in drivers if d not in SIMULATION_DRIVERS)
        if driver is None:
            problems.append(f"devices.{name}.driver is missing. Fix: set driver to one of {real}")
        elif driver in SIMULATION_DRIVERS:
            problems.append(f"devices.{name}.driver = {driver!r} is a simulator, refused in the "
                            f"production profile. Fix: choose the real driver ({real})")
    return problems


def parse_device(name: str, section: Mapping[str, Any]) -> DeviceConfig:
    """One ``[devices.<name>]`` section on its own (simulated profile), validated the same way."""
    return parse_config({"devices": {name: dict(section)}}, f"devices.{name}").device(name)


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
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            str(path), ["file not found. Fix: check the path, or unset KIOSK_CONFIG"]
        ) from None
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot be read ({exc.strerror}). Fix: check the "
                                      "file's permissions for the kiosk user"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), [
            f"is not UTF-8 (byte {exc.start} is 0x{raw[exc.start]:02x}). Fix: save the file "
            "as UTF-8 (an editor's 'save with encoding', or iconv -f GB18030 -t UTF-8)"]) from None
    try:
        data = tomllib.loads(text)
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
