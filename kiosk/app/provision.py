"""Provision a terminal: write its config, make its store key, enrol, run the doctor, print a test receipt.

``kiosk provision`` asks the technician (or takes flags) and hands a :class:`Plan`
here. Every step is safe to repeat: the same answers write the same file (a
changed one keeps the old as ``.bak``), an existing store key is kept (a new key
could not read the data sealed with the old one), and an enrolled terminal stays
enrolled unless the technician asks to enrol again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from devices.factory import DeviceSetupError, open_devices
from devices.printer.encoding import EscPosJob
from devices.printer.protocol import Printed
from devices.simulation import SampleCards
from kiosk import __version__
from kiosk.base import i18n
from kiosk.base.clock import CHINA_TIME, Clock
from kiosk.base.config import ConfigError, KioskConfig
from kiosk.base.config.devices import PrinterOptions
from kiosk.hub.client import TerminalCredentials
from offline_cache.crypto import KEY_BYTES, KEY_FILE_NAME, StoreKeyError, key_provider

TomlValue = str | int | float | bool
KeySource = Literal["credential", "file"]
DEFAULT_CREDENTIAL_FILE = Path("/etc/kiosk/store-key.cred")


@dataclass(frozen=True)
class DeviceSection:
    """One ``[devices.<name>]`` section as the technician confirmed it."""

    name: str
    values: Mapping[str, TomlValue]  # ``driver`` first, then its options


@dataclass(frozen=True)
class Plan:
    """Everything the config file will say."""

    profile: Literal["production", "simulated"]
    terminal_id: str
    district: str
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    locale: Literal["zh_CN", "en_US"] = "zh_CN"
    hub_url: str | None = None
    tracking_base_url: str | None = None
    key_source: KeySource = "file"
    devices: tuple[DeviceSection, ...] = field(default_factory=tuple)
    # The [technician] section (pin_hash and the lock-out policy); empty: none is written.
    technician: Mapping[str, TomlValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """How one provisioning step went."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        """The line ``kiosk provision`` prints."""
        text = f"{'OK  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"
        return f"{text} — fix: {self.fix}" if self.fix and not self.ok else text


def toml_value(value: TomlValue) -> str:
    """A TOML literal: JSON's string escapes are TOML's basic-string escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def render_config(plan: Plan) -> str:
    """The config file for ``plan``, stable for the same answers (so a re-run changes nothing)."""
    lines = ["# Written by kiosk provision; kiosk config check validates it.",
             f"profile = {toml_value(plan.profile)}", "",
             "[terminal]", f"id = {toml_value(plan.terminal_id)}",
             f"district = {toml_value(plan.district)}"]
    if plan.description:
        lines.append(f"description = {toml_value(plan.description)}")
    if plan.lat is not None and plan.lon is not None:
        lines += [f"lat = {toml_value(plan.lat)}", f"lon = {toml_value(plan.lon)}"]
    lines += [f"locale = {toml_value(plan.locale)}", ""]
    hub = [f"url = {toml_value(plan.hub_url)}"] if plan.hub_url else []
    if plan.tracking_base_url:
        hub.append(f"tracking_base_url = {toml_value(plan.tracking_base_url)}")
    if hub:
        lines += ["[hub]", *hub, ""]
    lines += ["[store]", f"key_source = {toml_value(plan.key_source)}", ""]
    if plan.technician:
        lines.append("[technician]")
        lines += [f"{key} = {toml_value(value)}" for key, value in plan.technician.items()]
        lines.append("")
    for section in plan.devices:
        lines.append(f"[devices.{section.name}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in section.values.items()]
        lines.append("")
    return "\n".join(lines)


def write_config(path: Path, text: str) -> Step:
    """Write the config atomically (0644); a different old one is kept as ``<name>.bak``."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return Step("config", True, f"{path} unchanged")
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        shutil.copy2(path, backup)
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o644)
    os.replace(tmp, path)
    kept = f" (the old one is {backup})" if backup else ""
    return Step("config", True, f"wrote {path}{kept}")


def systemd_creds() -> str | None:
    """The ``systemd-creds`` tool, if this machine has it."""
    return shutil.which("systemd-creds")


def ensure_store_key(config: KioskConfig, data_dir: Path, credential_file: Path) -> Step:
    """Make the store key if there is none; an existing one is always kept."""
    if config.store.key_source == "file":
        provider = key_provider("file", config.store.credential_name, data_dir)
        existed = (data_dir / KEY_FILE_NAME).exists()
        try:
            data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            provider.sealer(create=True)
        except (StoreKeyError, OSError) as exc:
            detail = exc.detail if isinstance(exc, StoreKeyError) else str(exc)
            return Step("store key", False, detail, "kiosk doctor names the cause")
        return Step("store key", True, f"{provider.describe()} "
                    f"{'kept' if existed else 'created (0600)'}")
    if credential_file.exists():
        return Step("store key", True, f"systemd credential {credential_file} kept")
    tool = systemd_creds()
    if tool is None:
        return Step("store key", False, "systemd-creds is not installed, so no credential can "
                    "be made", "apt install systemd, or provision with --store-key file")
    credential_file.parent.mkdir(parents=True, exist_ok=True)
    # The key goes in on stdin: it never lies on disk in clear.
    done = subprocess.run([tool, "encrypt", f"--name={config.store.credential_name}",
                           "--with-key=auto", "-", str(credential_file)],
                          input=secrets.token_bytes(KEY_BYTES), capture_output=True,
                          timeout=60, check=False)
    if done.returncode != 0:
        return Step("store key", False, f"systemd-creds encrypt failed: "
                    f"{done.stderr.decode(errors='replace').strip()}",
                    "check that /var/lib/systemd is writable (or the TPM works), or "
                    "provision with --store-key file")
    credential_file.chmod(0o600)
    return Step("store key", True, f"systemd credential {credential_file} created "
                f"(name {config.store.credential_name}, bound to this machine)")


@contextlib.contextmanager
def credentials_directory(config: KioskConfig, credential_file: Path) -> Iterator[None]:
    """``$CREDENTIALS_DIRECTORY`` as systemd sets it for the service, for the doctor's run."""
    tool = systemd_creds()
    if config.store.key_source != "credential" or tool is None or not credential_file.exists():
        yield
        return
    folder = Path(tempfile.mkdtemp(prefix="kiosk-provision-creds-"))
    name = config.store.credential_name
    previous = os.environ.get("CREDENTIALS_DIRECTORY")
    try:
        subprocess.run([tool, "decrypt", f"--name={name}", str(credential_file),
                        str(folder / name)], capture_output=True, timeout=60, check=True)
        os.environ["CREDENTIALS_DIRECTORY"] = str(folder)
        yield
    except subprocess.CalledProcessError:
        yield  # the doctor then reports the key as missing, with its fix
    finally:
        if previous is None:
            os.environ.pop("CREDENTIALS_DIRECTORY", None)
        else:
            os.environ["CREDENTIALS_DIRECTORY"] = previous
        shutil.rmtree(folder, ignore_errors=True)


def asset_payload(config: KioskConfig, credentials: TerminalCredentials | None) -> str:
    """The asset register's QR content: the terminal, where it is, what runs on it."""
    return json.dumps({"kind": "kiosk-asset", "terminal_id": config.terminal.id,
                       "district": config.terminal.district,
                       "name": config.terminal.description, "version": __version__,
                       "tracking_prefix": credentials.tracking_prefix if credentials else None},
                      ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def provisioning_receipt(config: KioskConfig, credentials: TerminalCredentials | None,
                 now: dt.datetime) -> bytes:
    """The test receipt: terminal id, location, version, time, and the asset register's QR."""
    opts = config.device("printer").options
    width, qr, coverage = (opts.width_mm, opts.qr, opts.font_coverage) \
        if isinstance(opts, PrinterOptions) else (80, "raster", "gb18030")
    loc = config.terminal.locale
    sep = "：" if loc == "zh_CN" else ": "

    def t(key: str) -> str:
        return i18n.translate(f"provision.receipt.{key}", loc)

    job = EscPosJob(width, qr, coverage)
    job.line(t("title"), "center", bold=True, scale=2)
    job.rule()
    job.line(t("terminal") + sep + config.terminal.id)
    location = " ".join(p for p in (config.terminal.district, config.terminal.description) if p)
    job.line(t("location") + sep + location)
    job.line(t("version") + sep + __version__)
    if credentials is not None:
        job.line(t("prefix") + sep + credentials.tracking_prefix)
    job.line(t("time") + sep + now.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M"))
    job.rule()
    job.qr(asset_payload(config, credentials))
    job.line(t("asset_hint"), "center")
    return job.finish()


def print_test_receipt(config: KioskConfig, clock: Clock, data_dir: Path,
                       samples: SampleCards | None, job: bytes) -> Step:
    """Send the test receipt to the configured printer."""
    try:
        devices = open_devices(config, clock, data_dir, samples)
    except (DeviceSetupError, ConfigError) as exc:
        return Step("test receipt", False, f"the devices cannot be opened: {exc}",
                    "kiosk doctor lists the broken sections")
    try:
        result = devices.printer.print_job(job)
    finally:
        devices.close()
    if isinstance(result, Printed):
        return Step("test receipt", True, f"printed ({result.byte_count} bytes) on the "
                    f"{config.device('printer').driver} printer; scan its QR into the asset "
                    "register")
    return Step("test receipt", False, f"the printer refused: {result.status.value} "
                f"({result.detail})", "kiosk doctor names the printer's fix; then kiosk "
                "provision again (it keeps everything done so far)")
