"""The sections of ``kiosk.toml`` other than ``[devices.*]``: one dataclass each.

They are plain frozen dataclasses (callers and tests build them directly); pydantic
validates them, with the bounds and fixes written in their annotations, only when
a file is loaded (``kiosk.base.config.loader``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints

from kiosk.base.config.problems import Fix, bad_value, broken_rule
from kiosk.base.pinhash import parse_pin_hash
from kiosk.base.urls import hub_url_problem

# TOML is typed: a number written as a string is a mistake to report, not to coerce.
STRICT = ConfigDict(extra="forbid")
Text = Annotated[str, Field(strict=True), StringConstraints(strip_whitespace=True, min_length=1)]


def number(low: float, high: float) -> Any:
    """A strict number within ``[low, high]`` (``Annotated`` metadata)."""
    return Field(strict=True, ge=low, le=high, allow_inf_nan=False)


def _empty_is_none(value: object) -> object:
    """An empty string means "not set", as if the key were absent."""
    return None if value == "" else value


OptionalText = Annotated[Annotated[str, Field(strict=True)] | None, BeforeValidator(_empty_is_none),
                         Fix("quote it, or remove the key")]


def _hub_url(url: str | None) -> str | None:
    if url is None:
        return None
    problem = hub_url_problem(url)
    if problem is not None:
        raise broken_rule(f"{problem}. Fix: use the hub's https URL")
    return url.rstrip("/")


def _pem_file(path: Path | None) -> Path | None:
    if path is not None and not path.is_file():
        raise bad_value("names no file. Fix: point it at a PEM bundle")
    return path


OptionalPath = Annotated[Path | None, BeforeValidator(_empty_is_none)]


@dataclass(frozen=True)
class CryptoProfile:
    """The algorithms one terminal uses: hub request signing and store sealing.

    The names are those of ``kiosk.hub.signing`` and ``offline_cache.crypto`` (this layer
    imports neither); a test checks both know them.
    """

    name: str
    signature_algorithm: str
    store_cipher: str


CRYPTO_PROFILES = {
    "standard": CryptoProfile("standard", "hmac-sha256", "aes-256-gcm"),
    # 商用密码 (GB/T 32905 SM3, GB/T 32907 SM4), for deployments that must use them.
    "gm": CryptoProfile("gm", "hmac-sm3", "sm4-gcm"),
}
CryptoProfileName = Literal["standard", "gm"]


@dataclass(frozen=True)
class TerminalConfig:
    """Who and where this terminal is."""

    __pydantic_config__ = STRICT

    id: Annotated[Text, Fix('set terminal.id = "<terminal id from the provisioning sheet>"')] \
        = "SIM-0001"
    description: Annotated[str, Field(strict=True)] = ""
    district: Annotated[Text, Fix('set terminal.district = "<district name>"')] = "和睦区"
    lat: Annotated[float, number(-90, 90)] = 30.2800
    lon: Annotated[float, number(-180, 180)] = 120.1000
    locale: Literal["zh_CN", "en_US"] = "zh_CN"

    @property
    def location(self) -> str:
        """Where the terminal stands, in words: district and description."""
        return " ".join(p for p in (self.district, self.description) if p)


@dataclass(frozen=True)
class HubConfig:
    """How to reach the city data hub."""

    __pydantic_config__ = STRICT

    # None: start the embedded reference hub (simulated profile only)
    url: Annotated[OptionalText, AfterValidator(_hub_url)] = None
    tracking_base_url: Annotated[
        Text, Fix('set hub.tracking_base_url = "https://<public tracking site>/t"')
    ] = "https://track.example.invalid/t"
    credentials: OptionalPath = None  # None: <data dir>/credentials.json
    ca_bundle: Annotated[OptionalPath, AfterValidator(_pem_file)] = None
    timeout_s: Annotated[float, number(0.1, 120)] = 10.0
    enrollment_token: OptionalText = None


@dataclass(frozen=True)
class Timeouts:
    """Every resident-facing and device timing, in seconds."""

    __pydantic_config__ = STRICT

    idle_s: Annotated[float, number(10, 3600)] = 90
    idle_warning_s: Annotated[float, number(3, 600)] = 20
    elder_idle_s: Annotated[float, number(10, 3600)] = 180
    card_poll_s: Annotated[float, number(0.3, 10)] = 0.3
    code_resend_s: Annotated[float, number(10, 600)] = 60
    health_probe_s: Annotated[float, number(1, 600)] = 15
    heartbeat_s: Annotated[float, number(5, 3600)] = 60
    device_status_s: Annotated[float, number(0.5, 600)] = 5

    def __post_init__(self) -> None:
        if self.idle_warning_s >= self.idle_s:
            raise broken_rule("must be shorter than timeouts.idle_s. "
                              "Fix: lower idle_warning_s or raise idle_s", key="idle_warning_s")


@dataclass(frozen=True)
class SyncConfig:
    """Outbox sync timing and retention."""

    __pydantic_config__ = STRICT

    interval_s: Annotated[float, number(1, 3600)] = 30
    backoff_base_s: Annotated[float, number(0.01, 600)] = 2
    backoff_cap_s: Annotated[float, number(0.1, 86400)] = 300
    retention_hours: Annotated[float, number(0, 24 * 365)] = 24


@dataclass(frozen=True)
class StoreConfig:
    """Where the store key comes from."""

    __pydantic_config__ = STRICT

    # "file" (development) or "credential" (systemd LoadCredentialEncrypted=); the loader
    # makes "credential" the production profile's default.
    key_source: Literal["file", "credential"] = "file"
    credential_name: Annotated[Text, Fix('set store.credential_name = "kiosk-store-key"')] \
        = "kiosk-store-key"


LogLevel = Literal["debug", "info", "warning", "error", "critical"]


@dataclass(frozen=True)
class LoggingConfig:
    """The log level (``--log-level`` and ``$KIOSK_LOG_LEVEL`` override it)."""

    __pydantic_config__ = STRICT

    level: LogLevel = "info"  # logsetup.DEFAULT_LEVEL


def _loopback(host: str) -> str:
    # The exposition has no authentication: only the terminal's own agent may read it.
    if host not in ("127.0.0.1", "::1", "localhost"):
        raise broken_rule("must be a loopback address (the endpoint has no authentication). "
                          'Fix: set metrics.host = "127.0.0.1" and let the local Prometheus '
                          "agent forward the samples")
    return host


@dataclass(frozen=True)
class MetricsConfig:
    """The Prometheus endpoint that ``kiosk run`` serves for the terminal's local agent."""

    __pydantic_config__ = STRICT

    enabled: Annotated[bool, Field(strict=True)] = True
    host: Annotated[Text, AfterValidator(_loopback)] = "127.0.0.1"
    port: Annotated[int, Field(strict=True, ge=0, le=65535),
                    Fix("set metrics.port to a free port (default 9464; 0 picks one)")] = 9464


def _pin_hash(encoded: str | None) -> str | None:
    if encoded is None:
        return None
    try:
        parse_pin_hash(encoded)
    except ValueError as exc:
        # The value is not echoed: it is long, and a hash is not for the log.
        raise broken_rule(f"{exc}. Fix: make one with `kiosk technician pin` and paste the "
                          "pin_hash line it prints") from None
    return encoded


@dataclass(frozen=True)
class TechnicianConfig:
    """The technician screen: its PIN (scrypt hash), lock-out policy and idle close."""

    __pydantic_config__ = STRICT

    # None: no PIN; only a technician card opens the screen.
    pin_hash: Annotated[OptionalText, AfterValidator(_pin_hash)] = None
    idle_s: Annotated[float, number(30, 3600)] = 300  # closes after this long untouched
    pin_attempts: Annotated[int, Field(strict=True, ge=1, le=20),
                            Fix("set technician.pin_attempts to a whole number 1-20")] = 5
    lockout_base_s: Annotated[float, number(1, 3600)] = 30
    lockout_cap_s: Annotated[float, number(1, 7 * 86400)] = 3600

    def __post_init__(self) -> None:
        if self.lockout_cap_s < self.lockout_base_s:
            raise broken_rule("must not be shorter than technician.lockout_base_s. "
                              "Fix: raise lockout_cap_s or lower lockout_base_s",
                              key="lockout_cap_s")
