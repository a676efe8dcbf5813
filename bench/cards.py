"""Card-reader speed figures, printed as one JSON object with a section per reader.

Run: ``.venv/bin/python bench/cards.py [--only SECTION ...] [--reads N] [--baud B ...]``.
Each entry of ``SECTIONS`` is a function taking the parsed arguments and
returning a JSON-able dict; add a section (e.g. the citizen card) by adding an
entry and, if it needs options, an argument in ``_parser``.

``idcard``: the real GA 467 driver reads cards from the pty emulator (no chip
delay), so ``read_ms`` is wire time plus everything the driver, the emulator
and the OS add. ``wire_ms`` is what the bytes of the cycle (find, select,
read; both directions) need at 10 bits per byte at that baud, and
``overhead_ms`` is the difference, per read.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script, this folder comes first on sys.path and bench/devices.py would
# shadow the ``devices`` package; drop that entry so the real package is imported.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devices.idcard.emulator import Ga467Emulator, sample_card  # noqa: E402
from devices.idcard.frames import wire_seconds  # noqa: E402
from devices.idcard.ga467 import MIN_POLL_INTERVAL_S, Ga467Reader  # noqa: E402
from devices.idcard.protocol import IdCardData  # noqa: E402
from kiosk.base.clock import SystemClock  # noqa: E402
from kiosk.devtools.cards import DemoCards  # noqa: E402


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "min": round(ordered[0], 2), "max": round(ordered[-1], 2)}


def _idcard_at(baud: int, reads: int) -> dict[str, Any]:
    clock = SystemClock()
    emulator = Ga467Emulator(clock, baud=baud).start()
    reader = Ga467Reader(emulator.port, clock, baud=baud, timeout_s=5.0)
    codes = ("R0001", "J", "I", "Y")
    elapsed: list[float] = []
    wire: list[float] = []
    failures = 0
    try:
        for i in range(reads):
            emulator.place(sample_card(codes[i % len(codes)], DemoCards()))
            # Wait out the poll floor outside the timed region: we time the cycle, not pacing.
            time.sleep(MIN_POLL_INTERVAL_S)
            out0, in0 = reader.stats.bytes_out, reader.stats.bytes_in
            start = time.perf_counter()
            result = reader.read_card()
            took = time.perf_counter() - start
            if not isinstance(result, IdCardData):
                failures += 1
                continue
            moved = reader.stats.bytes_out - out0 + reader.stats.bytes_in - in0
            elapsed.append(took * 1000)
            wire.append(wire_seconds(moved, baud) * 1000)
            emulator.lift()
    finally:
        reader.close()
        emulator.stop()
    overhead = [e - w for e, w in zip(elapsed, wire, strict=True)]
    return {
        "baud": baud,
        "reads": len(elapsed),
        "failures": failures,
        "read_ms": _summary(elapsed),
        "wire_ms": round(statistics.median(wire), 2),
        "overhead_ms": _summary(overhead),
    }


def bench_idcard(args: argparse.Namespace) -> dict[str, Any]:
    """GA 467 read cycle time against the wire time, per baud rate."""
    return {"driver": "ga467 on the pty emulator",
            "by_baud": [_idcard_at(baud, args.reads) for baud in args.baud]}


def bench_citizen_card(args: argparse.Namespace) -> dict[str, Any]:
    """Citizen-card figures through pyscard → pcscd → vpcd → the virtual card.

    ``read_ms``: one full read (SELECT, PIN status, 10 READ RECORDs);
    ``insert_to_present_ms`` / ``remove_to_no_card_ms``: how long until ``status()``
    shows an insertion or a removal (bounded by pcscd's 0.4 s slot polling);
    ``status_us``: the cost of one ``status()`` poll.
    """
    from devices.citizen_card.pcsc import PcscCitizenCardReader
    from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
    from devices.citizen_card.sscard_sim import ScriptedSsCard
    from devices.citizen_card.vpcd import VPCD_PORT, VpcdCard, VpcdUnavailable, vpcd_slot_matcher
    from kiosk.devtools.cards import citizen_card_for
    from kiosk.devtools.residents import demo_residents

    clock = SystemClock()
    reader = PcscCitizenCardReader(clock, match=vpcd_slot_matcher(VPCD_PORT))
    slot = VpcdCard(clock=clock)
    people = demo_residents()
    read_ms: list[float] = []
    present_ms: list[float] = []
    gone_ms: list[float] = []
    status_us: list[float] = []
    failures = 0

    def wait_for(state: CitizenCardReaderStatus) -> float | None:
        start = time.perf_counter()
        while time.perf_counter() - start < 5.0:
            if reader.status() is state:
                return (time.perf_counter() - start) * 1000
            time.sleep(0.001)
        return None

    try:
        if reader.status() is CitizenCardReaderStatus.DISCONNECTED:
            return {"error": "no vpcd reader in pcscd: install pcscd and vsmartcard-vpcd, "
                             "start pcscd"}
        for i in range(args.reads):
            card = citizen_card_for(people[i % len(people)])
            try:
                slot.insert(ScriptedSsCard(card))
            except VpcdUnavailable as exc:
                return {"error": str(exc)}
            took = wait_for(CitizenCardReaderStatus.CARD_PRESENT)
            if took is None:
                failures += 1
                continue
            present_ms.append(took)
            start = time.perf_counter()
            result = reader.read_card()
            read_ms.append((time.perf_counter() - start) * 1000)
            if result != card or not isinstance(result, CitizenCardData):
                failures += 1
            for _ in range(20):
                start = time.perf_counter()
                reader.status()
                status_us.append((time.perf_counter() - start) * 1e6)
            slot.remove()
            took = wait_for(CitizenCardReaderStatus.NO_CARD)
            if took is None:
                failures += 1
            else:
                gone_ms.append(took)
    finally:
        slot.close()
        reader.close()
    return {
        "driver": "pcsc (pyscard) through pcscd and the vpcd virtual reader",
        "reads": len(read_ms),
        "failures": failures,
        "read_ms": _summary(read_ms) if read_ms else None,
        "insert_to_present_ms": _summary(present_ms) if present_ms else None,
        "remove_to_no_card_ms": _summary(gone_ms) if gone_ms else None,
        "status_us": _summary(status_us) if status_us else None,
    }


SECTIONS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "idcard": bench_idcard,
    "citizen_card": bench_citizen_card,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", nargs="*", choices=sorted(SECTIONS), help="sections to run")
    parser.add_argument("--reads", type=int, default=20,
                        help="ID-card reads per baud rate, and citizen-card reads")
    parser.add_argument("--baud", type=int, nargs="*", default=[115200],
                        help="baud rates to measure the ID-card reader at (default 115200)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the selected sections and print one JSON object."""
    args = _parser().parse_args(argv)
    names = args.only or list(SECTIONS)
    print(json.dumps({name: SECTIONS[name](args) for name in names}, ensure_ascii=False,
                     indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
