"""``kiosk devices record`` and ``kiosk devices replay``: a device session to one file and back.

``record`` runs a fixed session on the configured devices (or, with
``--simulate R0001``, on every byte-level simulator holding that demo resident's
cards) and records each driver's transport; ``replay`` runs the same session with
the real drivers against simulators answering from the file and says whether every
step gave the same outcome. See ``docs/testing.md``, "Record and replay".
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from devices.simulation import (
    CAMERA_FAULTS,
    CITIZEN_CARD_FAULTS,
    ID_CARD_FAULTS,
    PRINTER_FAULTS,
)
from kiosk.cli.common import context, samples_for
from kiosk.cli.devices_idcard import parse_fault_option

EXIT_DIFFERENT = 1
EXIT_USAGE = 2
FAULT_KINDS = {"idcard": ID_CARD_FAULTS, "citizen_card": CITIZEN_CARD_FAULTS,
               "camera": CAMERA_FAULTS, "printer": PRINTER_FAULTS}


def register_devices_commands(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``record`` and ``replay`` to the ``devices`` group."""
    rec = actions.add_parser("record", help="record a device session (ID card, citizen card, "
                                            "camera frames, a print job) to one file")
    rec.add_argument("out", help="the recording to write (a new file)")
    rec.add_argument("--simulate", metavar="RESIDENT",
                     help="use every byte-level simulator, holding this demo resident's cards")
    rec.add_argument("--fault", action="append", default=[], metavar="DEVICE:KIND[:N]",
                     help="switch a simulator fault on while recording (the dock's names)")
    rec.add_argument("--no-idcard", action="store_true", help="skip the ID-card read")
    rec.add_argument("--no-citizen-card", action="store_true", help="skip the citizen-card read")
    rec.add_argument("--frames", type=int, default=3, help="camera frames to grab (default 3)")
    rec.add_argument("--frame-interval", type=float, default=0.5,
                     help="seconds between frames (default 0.5)")
    rec.add_argument("--print", dest="job", metavar="JOB.bin",
                     help="an ESC/POS job to print (e.g. from `kiosk receipt render`)")
    rec.add_argument("--wait", type=float, default=30.0,
                     help="seconds to wait for each card (default 30)")
    rec.add_argument("--seal", action="store_true",
                     help="seal the recording with the store key even if only simulators run")
    rec.add_argument("--allow-production", action="store_true",
                     help="record on the production profile (the file is sealed)")
    rec.add_argument("--json", action="store_true", help="print JSON")
    rec.set_defaults(func=_record)

    rep = actions.add_parser("replay", help="replay a recording through the simulators "
                                            "and compare every step")
    rep.add_argument("file", help="a recording from `kiosk devices record`")
    rep.add_argument("--wait", type=float, help="seconds to wait for each card "
                                                "(default: as recorded)")
    rep.add_argument("--json", action="store_true", help="print JSON")
    rep.set_defaults(func=_replay)


def _faults(texts: list[str]) -> dict[str, list[tuple[str, int | None]]]:
    faults: dict[str, list[tuple[str, int | None]]] = {}
    for text in texts:
        device, sep, rest = text.partition(":")
        if not sep or device not in FAULT_KINDS:
            raise ValueError(f"{text!r}: use DEVICE:KIND[:N] with DEVICE one of "
                             + ", ".join(FAULT_KINDS))
        faults.setdefault(device, []).append(parse_fault_option(rest, FAULT_KINDS[device]))
    return faults


def _record(args: argparse.Namespace) -> int:
    from devices.recording import RecordingError
    from kiosk.app.runtime import key_provider
    from kiosk.base.config import parse_config
    from kiosk.devtools.cards import DemoCards
    from kiosk.devtools.recording import (
        RecordingRefused,
        SessionPlan,
        check_recordable,
        needs_sealing,
        record_session,
    )
    from offline_cache.crypto import StoreKeyError

    try:
        faults = _faults(args.fault)
    except ValueError as exc:
        print(f"--fault: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if faults and not args.simulate:
        print("--fault needs --simulate: only simulators take faults", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    if out.exists():
        print(f"{out} exists: a recording is never overwritten; pick a new name",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        job = Path(args.job).read_bytes() if args.job else None
    except OSError as exc:
        print(f"--print: cannot read {args.job}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    ctx = context(args)
    config = ctx.config
    samples = samples_for(ctx)
    if args.simulate:
        if not config.is_simulation:
            print("--simulate is refused on the production profile", file=sys.stderr)
            return EXIT_USAGE
        samples = DemoCards()
        try:
            samples.id_card(args.simulate)
        except KeyError:
            print(f"no demo resident {args.simulate!r}; use R0001…R0240", file=sys.stderr)
            return EXIT_USAGE
        config = parse_config({"devices": {name: {"driver": "simulated"} for name in
                                           ("idcard", "citizen_card", "camera", "printer")}},
                              "--simulate")
    plan = SessionPlan(idcard=not args.no_idcard, citizen_card=not args.no_citizen_card,
                       frames=max(0, args.frames), frame_interval_s=args.frame_interval,
                       receipt=job, wait_s=args.wait)
    try:
        drivers = check_recordable(config, args.allow_production)
        sealer = algorithm = None
        if args.seal or needs_sealing(drivers) or not config.is_simulation:
            algorithm = ctx.config.crypto.store_cipher
            sealer = key_provider(ctx).sealer(create=True, algorithm=algorithm)
        done = record_session(config, ctx.clock, ctx.data_dir, out, plan, samples=samples,
                              resident=args.simulate, faults=faults, sealer=sealer,
                              algorithm=algorithm, allow_production=args.allow_production)
    except (RecordingRefused, RecordingError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except StoreKeyError as exc:
        print(f"the recording must be sealed, but the store key is not usable: {exc}",
              file=sys.stderr)
        return EXIT_USAGE
    steps = [{"step": o.step, "outcome": o.outcome} for o in done.outcomes]
    if args.json:
        print(json.dumps({"ok": True, "file": str(out), "sealed": done.sealed, "steps": steps}))
    else:
        print(f"{out}: {len(steps)} steps{' (sealed)' if done.sealed else ''}")
        for step in steps:
            print(f"  {step['step']}: {step['outcome']}")
    return 0


def _replay(args: argparse.Namespace) -> int:
    from devices.recording import RecordingError, read_header, read_recording
    from kiosk.app.runtime import key_provider
    from kiosk.devtools.recording import replay_session
    from offline_cache.crypto import StoreKeyError

    path = Path(args.file)
    ctx = context(args)
    try:
        header = read_header(path)
        sealer = None
        if header.sealed:
            sealer = key_provider(ctx).sealer(create=False, algorithm=header.sealed)
        recording = read_recording(path, sealer)
    except StoreKeyError as exc:
        print(f"{path} is sealed and this data dir's store key cannot open it ({exc}); replay "
              "it with --data-dir of the kiosk that recorded it", file=sys.stderr)
        return EXIT_USAGE
    except RecordingError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    report = replay_session(recording, ctx.clock, wait_s=args.wait)
    steps = [{"step": r.step, "recorded": r.outcome,
              "replayed": p.outcome if p else None}
             for r, p in zip(report.recorded, report.replayed + [None] * len(report.recorded),
                             strict=False)]
    if args.json:
        print(json.dumps({"ok": report.identical, "steps": steps,
                          "divergences": report.divergences}))
    else:
        for step in steps:
            mark = "same" if step["recorded"] == step["replayed"] else "DIFFERENT"
            print(f"{step['step']}: {step['replayed']} ({mark})")
        print("identical" if report.identical else
              "the replay differs: a driver changed, or the recording is incomplete")
    return 0 if report.identical else EXIT_DIFFERENT
