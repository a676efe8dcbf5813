"""Fault: a recording that is damaged, cut short, of another version or not a recording;
and a replay whose driver sends what was never recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devices.recording import Direction, Record, RecordingError, RecordingWriter, read_recording
from devices.recording.script import Exchange, ExchangeScript, exchanges
from kiosk.base.clock import ManualClock


def _write(path: Path, clock: ManualClock) -> None:
    writer = RecordingWriter(path, clock, {"idcard": "simulated"}, meta={"plan": {}})
    writer.add("idcard", Direction.SENT, b"\x01\x02")
    clock.advance(0.25)
    writer.add("idcard", Direction.RECEIVED, b"\x90")
    writer.add("idcard", Direction.SENT, b"\x03")
    writer.close()


def test_a_recording_reads_back_as_written(tmp_path: Path, manual_clock: ManualClock) -> None:
    path = tmp_path / "r.jsonl"
    _write(path, manual_clock)
    recording = read_recording(path)
    assert recording.records == (Record(0.0, "idcard", Direction.SENT, b"\x01\x02"),
                                 Record(0.25, "idcard", Direction.RECEIVED, b"\x90"),
                                 Record(0.25, "idcard", Direction.SENT, b"\x03"))
    assert exchanges(recording.records) == [Exchange(b"\x01\x02", ((0.25, b"\x90"),)),
                                            Exchange(b"\x03")]


def test_a_recording_cut_short_is_read_to_its_last_whole_line(
        tmp_path: Path, manual_clock: ManualClock) -> None:
    path = tmp_path / "r.jsonl"
    _write(path, manual_clock)
    path.write_bytes(path.read_bytes()[:-7])
    assert len(read_recording(path).records) == 2


def test_a_damaged_line_is_an_error_naming_it(tmp_path: Path, manual_clock: ManualClock) -> None:
    path = tmp_path / "r.jsonl"
    _write(path, manual_clock)
    lines = path.read_bytes().splitlines()
    lines[2] = b'{"t": 1, "device": "idcard", "dir": "sideways", "data": ""}'
    path.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(RecordingError, match="line 3"):
        read_recording(path)


@pytest.mark.parametrize("first, says", [
    (b"hello", "not a device recording"),
    (json.dumps({"format": "kiosk-device-recording", "version": 9}).encode(), "version 9"),
])
def test_not_a_recording_or_another_version(tmp_path: Path, first: bytes, says: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(first + b"\n")
    with pytest.raises(RecordingError, match=says):
        read_recording(path)


def test_a_sealed_recording_without_its_key_is_refused(
        tmp_path: Path, manual_clock: ManualClock) -> None:
    from offline_cache.crypto import AES_256_GCM, make_sealer

    path = tmp_path / "s.jsonl"
    writer = RecordingWriter(path, manual_clock, {"idcard": "ga467"},
                             sealer=make_sealer(AES_256_GCM, bytes(32)), algorithm=AES_256_GCM)
    writer.add("idcard", Direction.SENT, b"\x01")
    writer.close()
    with pytest.raises(RecordingError, match="store key"):
        read_recording(path)
    with pytest.raises(RecordingError, match="cannot be opened"):
        read_recording(path, make_sealer(AES_256_GCM, b"\x01" * 32))
    assert read_recording(path, make_sealer(AES_256_GCM, bytes(32))).records[0].data == b"\x01"


def test_a_recording_is_never_overwritten(tmp_path: Path, manual_clock: ManualClock) -> None:
    path = tmp_path / "r.jsonl"
    _write(path, manual_clock)
    with pytest.raises(FileExistsError):
        RecordingWriter(path, manual_clock, {})


def test_bytes_never_recorded_are_a_counted_divergence() -> None:
    script = ExchangeScript([Exchange(b"AB", ((0.0, b"1"),)), Exchange(b"CD", ((0.0, b"2"),)),
                             Exchange(b"AB", ((0.0, b"3"),))])
    # A command split over two reads is answered once complete.
    assert script.feed(b"A") == []
    assert [e.answer for e in script.feed(b"B")] == [((0.0, b"1"),)]
    # Skipping ahead: CD is answered, then AB gets its later answer.
    assert [e.answer for e in script.feed(b"CDAB")] == [((0.0, b"2"),), ((0.0, b"3"),)]
    assert script.used_up
    # A repeat of a recorded command gets the last answer to it; a stranger gets nothing.
    assert [e.answer for e in script.feed(b"CD")] == [((0.0, b"2"),)]
    assert script.feed(b"ZZ") == []
    assert script.answer(b"QQ") is None
    assert script.divergences == [b"ZZ", b"QQ"]
