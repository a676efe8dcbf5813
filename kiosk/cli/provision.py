"""``kiosk provision``: set up a terminal in one go, asking the technician or taking flags.

Detection lists what is attached (``kiosk devices scan``'s code) and offers it as
the default for each device; the technician confirms each (Enter) or types
another choice, and ``--non-interactive`` takes the flags and the detected
defaults without asking. The steps themselves live in :mod:`kiosk.app.provision`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, cast

from kiosk.app.doctor import Outcome, passed, run_checks
from kiosk.app.enrolment import RetryPolicy, credentials_path, enrol
from kiosk.app.provision import (
    DEFAULT_CREDENTIAL_FILE,
    DeviceSection,
    KeySource,
    Plan,
    Step,
    TomlValue,
    credentials_directory,
    ensure_store_key,
    print_test_receipt,
    provisioning_receipt,
    render_config,
    systemd_creds,
    write_config,
)
from kiosk.app.technician.pin import hash_pin
from kiosk.base.config import SYSTEM_CONFIG, ConfigError, load_config
from kiosk.base.context import Context
from kiosk.base.pinhash import parse_pin_hash
from kiosk.cli.common import samples_for
from kiosk.cli.enroll import EXIT_CODES
from kiosk.cli.technician import PinRefused, read_new_pin, read_secret

DEVICES = ("idcard", "citizen_card", "camera", "printer", "barcode")
_LABELS = {"idcard": "ID-card reader", "citizen_card": "citizen-card reader",
           "camera": "document camera", "printer": "receipt printer",
           "barcode": "barcode decoder"}
_SPEC_HELP = {
    "idcard": "simulated | memory | PORT (a GA 467 reader, e.g. /dev/serial/by-id/…)",
    "citizen_card": "simulated | memory | pcsc | pcsc:READER NAME",
    "camera": "simulated | memory | DEVICE (index or /dev/video… path)",
    "printer": "simulated | memory | usb:VID:PID | file:PATH | serial:PORT | network:HOST[:PORT]",
    "barcode": "zxing | pyzbar",
}


class Answer(Exception):
    """An answer that cannot be used; the message says which and what is allowed."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``provision`` command."""
    p = sub.add_parser(
        "provision", help="set up this terminal: config, store key, enrolment, doctor, "
        "test receipt (safe to re-run)",
        description="Writes the config (to --config, $KIOSK_CONFIG or /etc/kiosk/kiosk.toml), "
        "makes the store key, enrols with --token, runs the doctor and prints a test receipt. "
        "Asks for what no flag answers unless --non-interactive. Exit codes: 0 done, 1 the "
        "doctor or the test receipt failed, 2 an answer or the config is not usable, 3-8 as "
        "kiosk enroll.")
    p.add_argument("--non-interactive", action="store_true",
                   help="ask nothing: flags, the existing config and detection decide")
    p.add_argument("--profile", choices=("production", "simulated"))
    p.add_argument("--terminal-id")
    p.add_argument("--district")
    p.add_argument("--name", help="the terminal's name or location (terminal.description)")
    p.add_argument("--lat", type=float)
    p.add_argument("--lon", type=float)
    p.add_argument("--locale", choices=("zh_CN", "en_US"))
    p.add_argument("--hub-url")
    p.add_argument("--tracking-url", help="hub.tracking_base_url (the public tracking site)")
    p.add_argument("--token", help="the one-time enrolment token (not written to the config)")
    p.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                   help="how long enrolment retries a hub that is down (default 60)")
    p.add_argument("--re-enroll", action="store_true",
                   help="drop the saved hub credentials and enrol with --token (after the hub "
                   "operator revoked this terminal)")
    p.add_argument("--store-key", choices=("credential", "file"),
                   help="a systemd credential (default where systemd-creds exists) or a 0600 "
                   "key file in the data dir")
    p.add_argument("--credential-file", type=Path, default=DEFAULT_CREDENTIAL_FILE,
                   help=f"where the encrypted store key goes (default {DEFAULT_CREDENTIAL_FILE})")
    for name in DEVICES:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, metavar="SPEC",
                       help=_SPEC_HELP[name])
    p.add_argument("--technician-pin-hash", metavar="HASH",
                   help="the technician PIN as `kiosk technician pin` prints it (pin_hash = …); "
                   "interactive runs ask for the PIN instead (Enter keeps the current one)")
    p.add_argument("--no-probe", action="store_true",
                   help="do not send serial ports the GA 467 status command while detecting")
    p.set_defaults(func=_provision)


# --- device specs --------------------------------------------------------------------------


def section_for(name: str, spec: str) -> DeviceSection:
    """A device section from a spec such as ``file:/dev/usb/lp0``; ``Answer`` if unusable."""
    spec = spec.strip()
    if spec in ("simulated", "memory") and name != "barcode":
        return DeviceSection(name, _with_required(name, {"driver": spec}))
    kind, _, rest = spec.partition(":")
    values: dict[str, TomlValue]
    if name == "idcard" and spec.startswith("/"):
        values = {"driver": "ga467", "port": spec}
    elif name == "citizen_card" and kind == "pcsc":
        values = {"driver": "pcsc", **({"reader": rest} if rest else {})}
    elif name == "camera" and (spec.isdigit() or spec.startswith("/")):
        values = {"driver": "opencv", "device": int(spec) if spec.isdigit() else spec}
    elif name == "printer" and kind == "usb" and rest.count(":") == 1:
        vid, pid = rest.split(":")
        values = {"driver": "escpos", "connection": "usb", "vendor_id": f"0x{vid}",
                  "product_id": f"0x{pid}"}
    elif name == "printer" and kind in ("file", "serial") and rest:
        values = {"driver": "escpos", "connection": kind,
                  ("path" if kind == "file" else "port"): rest}
    elif name == "printer" and kind == "network" and rest:
        host, _, port = rest.partition(":")
        values = {"driver": "escpos", "connection": "network", "host": host,
                  **({"port": int(port)} if port.isdigit() else {})}
    elif name == "barcode" and spec in ("zxing", "pyzbar"):
        values = {"driver": spec}
    else:
        raise Answer(f"{_LABELS[name]}: {spec!r} is not one of: {_SPEC_HELP[name]}")
    return DeviceSection(name, _with_required(name, values))


def _with_required(name: str, values: dict[str, TomlValue]) -> dict[str, TomlValue]:
    # Without the ID-card reader a kiosk cannot identify anyone: it is the one required device.
    return {**values, "required": name == "idcard"}


def spec_of(section: Mapping[str, Any]) -> str:
    """The spec that gives back an existing ``[devices.*]`` section (for the default)."""
    driver = str(section.get("driver", ""))
    if driver in ("simulated", "memory", "zxing", "pyzbar"):
        return driver
    if driver == "ga467":
        return str(section.get("port", ""))
    if driver == "pcsc":
        return f"pcsc:{section['reader']}" if section.get("reader") else "pcsc"
    if driver == "opencv":
        return str(section.get("device", 0))
    connection = section.get("connection")
    if connection == "usb":
        vid = str(section.get("vendor_id", "")).removeprefix("0x")
        pid = str(section.get("product_id", "")).removeprefix("0x")
        return f"usb:{vid}:{pid}"
    if connection == "network":
        port = section.get("port")
        return f"network:{section.get('host', '')}" + (f":{port}" if port else "")
    key = "path" if connection == "file" else "port"
    return f"{connection}:{section.get(key, '')}"


def detected_specs(profile: str, probe: bool) -> dict[str, tuple[str, str]]:
    """Per device: the spec detection suggests and what was found, as ``(spec, note)``."""
    if profile == "simulated":
        return {"idcard": ("simulated", "simulated profile: the GA 467 emulator"),
                "citizen_card": ("memory", "simulated profile: an in-memory reader (the PC/SC "
                                 "simulator needs vpcd)"),
                "camera": ("simulated", "simulated profile"),
                "printer": ("simulated", "simulated profile: the ESC/POS simulator"),
                "barcode": ("zxing", "the default decoder")}
    from kiosk.base.clock import SystemClock
    from kiosk.cli.devices_peripherals import scan_all

    found = scan_all(SystemClock(), probe=probe)
    out: dict[str, tuple[str, str]] = {"barcode": ("zxing", "the default decoder")}
    ports = found["serial"]["ports"]
    readers = [p for p in ports if p.get("ga467")]
    if readers:
        out["idcard"] = (readers[0]["device"], f"a GA 467 reader answered on {readers[0]['device']}")
    elif ports:
        out["idcard"] = (ports[0]["device"], f"serial port {ports[0]['device']} (no GA 467 "
                         "answer: check it)")
    pcsc = found["pcsc"]["readers"]
    out["citizen_card"] = (f"pcsc:{pcsc[0]}", f"PC/SC reader {pcsc[0]}") if pcsc else \
        ("pcsc", found["pcsc"].get("note") or "no PC/SC reader attached yet")
    cameras = found["cameras"]["cameras"]
    if cameras:
        cam = cameras[0]
        out["camera"] = (cam["device"], f"{cam['device']} {cam['name']}".strip())
    printers = found["usb_printers"]["printers"]
    if printers:
        pr = printers[0]
        out["printer"] = (f"usb:{pr['vendor_id']}:{pr['product_id']}",
                          f"USB printer {pr['manufacturer']} {pr['product']}".strip())
    elif found["usb_printers"]["lp_nodes"]:
        node = found["usb_printers"]["lp_nodes"][0]
        out["printer"] = (f"file:{node}", f"printer node {node}")
    return out


# --- answers -------------------------------------------------------------------------------


Ask = Callable[[str, str], str]
# Asks for a new technician PIN; returns its hash, or None to keep what is configured.
AskPin = Callable[[], str | None]


def _asker(interactive: bool) -> Ask:
    def ask(question: str, default: str) -> str:
        if not interactive:
            return default
        shown = f" [{default}]" if default else ""
        try:
            answer = input(f"{question}{shown}: ").strip()
        except EOFError:
            answer = ""
        return answer or default

    return ask


def _pin_asker(interactive: bool) -> AskPin:
    def ask_pin() -> str | None:
        if not interactive:
            return None
        print("Technician PIN for the technician screen (Enter: keep the current one, or "
              "none: a technician card only)", flush=True)
        try:
            pin = read_new_pin(read_secret, twice=True, allow_empty=True)
        except PinRefused as exc:
            raise Answer(f"technician PIN: {exc}") from None
        return None if pin is None else hash_pin(pin)

    return ask_pin


def technician_section(old: Mapping[str, Any], pin_hash: str | None) -> dict[str, TomlValue]:
    """The ``[technician]`` section: the existing one's keys, with ``pin_hash`` if a new one."""
    section = {str(k): v for k, v in old.items()
               if isinstance(v, str | int | float | bool)} if isinstance(old, Mapping) else {}
    if pin_hash is not None:
        try:
            parse_pin_hash(pin_hash)
        except ValueError as exc:
            raise Answer(f"--technician-pin-hash {exc}: make one with kiosk technician pin") \
                from None
        section = {"pin_hash": pin_hash, **{k: v for k, v in section.items() if k != "pin_hash"}}
    return section


def _existing(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def build_plan(args: argparse.Namespace, path: Path, ask: Ask,
               ask_pin: AskPin = lambda: None) -> Plan:
    """The plan from flags, else the existing config, else detection, confirmed by ``ask``."""
    old = _existing(path)
    terminal, hub = old.get("terminal", {}), old.get("hub", {})
    profile = args.profile or old.get("profile") or "production"
    if profile not in ("production", "simulated"):
        raise Answer(f"profile {profile!r} is not production or simulated")
    terminal_id = args.terminal_id or ask("Terminal id (from the provisioning sheet)",
                                          str(terminal.get("id", "")))
    if not terminal_id:
        raise Answer("no terminal id: give --terminal-id (from the provisioning sheet)")
    district = args.district or ask("District", str(terminal.get("district", "")))
    if not district:
        raise Answer("no district: give --district")
    name = args.name if args.name is not None else ask(
        "Terminal name / location", str(terminal.get("description", "")))
    hub_url = args.hub_url or ask("Hub URL" + (" (empty: the embedded reference hub)"
                                               if profile == "simulated" else ""),
                                  str(hub.get("url", "")))
    if profile == "production" and not hub_url:
        raise Answer("a production terminal needs the hub URL: give --hub-url")
    lat = args.lat if args.lat is not None else terminal.get("lat")
    lon = args.lon if args.lon is not None else terminal.get("lon")
    locale = args.locale or terminal.get("locale") or "zh_CN"
    default_key: KeySource = "credential" if profile == "production" and systemd_creds() \
        else "file"
    key_source = args.store_key or old.get("store", {}).get("key_source") or default_key
    old_devices = old.get("devices", {})
    found = None
    sections = []
    for device in DEVICES:
        given = getattr(args, device)
        if given:
            spec = str(given)
        else:
            if device in old_devices:
                default, note = spec_of(old_devices[device]), "as configured now"
            else:
                if found is None:
                    found = detected_specs(profile, probe=not args.no_probe)
                default, note = found.get(device, ("", "nothing found"))
            spec = ask(f"{_LABELS[device]} ({note}; {_SPEC_HELP[device]})", default)
        if not spec:
            raise Answer(f"no {_LABELS[device]} found or given: give --"
                         f"{device.replace('_', '-')} ({_SPEC_HELP[device]})")
        sections.append(section_for(device, spec))
    pin_hash = args.technician_pin_hash or ask_pin()
    technician = technician_section(old.get("technician", {}), pin_hash)
    return Plan(cast(Literal["production", "simulated"], profile), terminal_id, district,
                name or "", lat, lon, cast(Literal["zh_CN", "en_US"], locale), hub_url or None,
                args.tracking_url or hub.get("tracking_base_url"),
                cast(KeySource, key_source), tuple(sections), technician)


# --- the run -------------------------------------------------------------------------------


def _target(args: argparse.Namespace) -> Path:
    return Path(args.config or os.environ.get("KIOSK_CONFIG") or SYSTEM_CONFIG)


def _say(step: Step) -> None:
    print(step.line(), flush=True)


def _provision(args: argparse.Namespace) -> int:
    path = _target(args)
    try:
        plan = build_plan(args, path, _asker(not args.non_interactive),
                          _pin_asker(not args.non_interactive))
    except Answer as exc:
        print(f"cannot provision: {exc}", file=sys.stderr)
        return 2
    text = render_config(plan)
    # Checked before it replaces anything: a bad answer never leaves a broken config behind.
    check = path.with_name(f".{path.name}.check")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        check.write_text(text, encoding="utf-8")
        load_config(check)
    except ConfigError as exc:
        print("cannot provision: the answers make a config that does not pass config check:",
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    finally:
        check.unlink(missing_ok=True)
    _say(write_config(path, text))
    ctx = Context.load(path, args.data_dir)
    ctx.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = ensure_store_key(ctx.config, ctx.data_dir, args.credential_file)
    _say(key)
    if not key.ok:
        return 1
    credentials = None
    if ctx.config.hub.url:
        saved = credentials_path(ctx)
        if args.re_enroll and saved.exists():
            if not args.token:
                print("cannot provision: --re-enroll needs --token", file=sys.stderr)
                return 2
            saved.unlink()
        result = enrol(ctx, ctx.config.hub.url, args.token,
                       retry=RetryPolicy(wait_s=args.wait),
                       note=lambda text: print(f"     enrolment: {text}", file=sys.stderr))
        _say(Step("enrolment", result.ok, result.detail, result.fix))
        if not result.ok:
            return EXIT_CODES[result.outcome]
        credentials = result.credentials
    else:
        _say(Step("enrolment", True, "the embedded reference hub (simulated profile) enrols "
                  "this terminal when the kiosk starts"))
    with credentials_directory(ctx.config, args.credential_file):
        checks = run_checks(ctx.config, ctx.clock, ctx.data_dir, None, samples_for(ctx))
    for item in checks:
        print(f"     doctor: {item.line()}")
    doctor_ok = passed(checks)
    failed = [c.name for c in checks if c.outcome is Outcome.FAIL and c.fatal]
    _say(Step("doctor", doctor_ok, "all required checks passed" if doctor_ok
              else f"failed: {', '.join(failed)}", "fix the lines marked FAIL above"))
    with credentials_directory(ctx.config, args.credential_file):
        printed = print_test_receipt(ctx.config, ctx.clock, ctx.data_dir, samples_for(ctx),
                                     provisioning_receipt(ctx.config, credentials, ctx.clock.now()))
    _say(printed)
    done = doctor_ok and printed.ok
    print(f"terminal {ctx.config.terminal.id} provisioned" if done else
          "provisioning is incomplete: fix the FAIL lines and run kiosk provision again "
          "(it keeps what is done)")
    return 0 if done else 1
