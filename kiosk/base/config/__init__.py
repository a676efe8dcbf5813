"""Kiosk configuration: one TOML file, validated at load with messages that name the fix.

Where the file comes from, first match wins: ``--config``, ``$KIOSK_CONFIG``,
``/etc/kiosk/kiosk.toml`` (on a terminal); with none of them the built-in
``simulated`` profile is used, which is what the demo and the tests run.

``sections`` holds the general sections, ``devices`` each driver's options,
``problems`` the wording of every error and ``loader`` the file and profile rules.
"""

from kiosk.base.config.devices import (
    DEVICE_DRIVERS,
    DEVICE_NAMES,
    SIMULATION_DRIVERS,
    DeviceConfig,
    DriverOptions,
)
from kiosk.base.config.loader import (
    PROFILES,
    SYSTEM_CONFIG,
    TERMINAL_DATA_DIR,
    KioskConfig,
    config_path,
    data_dir,
    default_config,
    load_config,
    parse_config,
    parse_device,
)
from kiosk.base.config.problems import ConfigError
from kiosk.base.config.sections import (
    CRYPTO_PROFILES,
    CryptoProfile,
    HubConfig,
    LoggingConfig,
    MetricsConfig,
    StoreConfig,
    SyncConfig,
    TechnicianConfig,
    TerminalConfig,
    Timeouts,
)

__all__ = [
    "CRYPTO_PROFILES",
    "DEVICE_DRIVERS",
    "DEVICE_NAMES",
    "PROFILES",
    "SIMULATION_DRIVERS",
    "SYSTEM_CONFIG",
    "TERMINAL_DATA_DIR",
    "ConfigError",
    "CryptoProfile",
    "DeviceConfig",
    "DriverOptions",
    "HubConfig",
    "KioskConfig",
    "LoggingConfig",
    "MetricsConfig",
    "StoreConfig",
    "SyncConfig",
    "TechnicianConfig",
    "TerminalConfig",
    "Timeouts",
    "config_path",
    "data_dir",
    "default_config",
    "load_config",
    "parse_config",
    "parse_device",
]
