"""A session recorded with faults (bad checksum frame, SW error, pulled card, paper out,
slow reader) replays with the same faults: the real drivers fail the same way again."""

from __future__ import annotations

from pathlib import Path

import pytest
from recording_support import RESIDENT, data_dir, plan, simulated_config

from devices.recording import read_recording
from kiosk.base.clock import SystemClock
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.recording import SessionPlan, record_session, replay_session

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]


def _round_trip(tmp_path: Path, faults: dict[str, list[tuple[str, int | None]]],
                session: SessionPlan) -> dict[str, str]:
    clock = SystemClock()
    out = tmp_path / "faulty.jsonl"
    done = record_session(simulated_config(), clock, data_dir(tmp_path), out, session,
                          samples=DemoCards(), resident=RESIDENT, faults=faults)
    report = replay_session(read_recording(out), clock)
    assert report.replayed == done.outcomes, (done.outcomes, report.replayed)
    assert report.identical
    return {o.step: o.outcome for o in report.replayed}


def test_checksum_sw_error_and_paper_out_replay_as_recorded(tmp_path: Path) -> None:
    outcomes = _round_trip(tmp_path, {"idcard": [("checksum", None)],
                                      "citizen_card": [("wrong_card", None)],
                                      "printer": [("paper_out", None)]}, plan(frames=1))
    assert outcomes["idcard.read"] == "failure checksum"
    assert outcomes["citizen_card.read"] == "failure wrong_card"
    assert outcomes["printer.print"] == "failure paper_end"


def test_a_card_pulled_mid_read_replays_as_pulled(tmp_path: Path) -> None:
    outcomes = _round_trip(tmp_path, {"citizen_card": [("pulled", None)]},
                           SessionPlan(idcard=False, frames=0, wait_s=5.0))
    assert outcomes["citizen_card.read"] == "failure removed"


def test_a_slow_reader_replays_slow(tmp_path: Path) -> None:
    # The answers come back at their recorded delay, so the driver times out again.
    outcomes = _round_trip(tmp_path, {"idcard": [("slow", None)]},
                           SessionPlan(citizen_card=False, frames=0, wait_s=5.0))
    assert outcomes["idcard.read"] == "failure timeout"
