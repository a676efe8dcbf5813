"""Property tests: random status bytes and random byte streams never crash or stall."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.printer.escpos import (
    is_valid_status_byte,
    parse_status_byte,
    status_from_replies,
)
from devices.printer.protocol import PrinterStatus
from devices.printer.simulator import EscposInterpreter, render_job, status_reply

# Profile used by the test command: 10,000 examples for the parsers that read bytes from a
# printer (a wrong status byte must never crash the driver). Each example is cheap;
# hypothesis's own per-example overhead dominates the runtime.
settings.register_profile("printer-fuzz", max_examples=10_000, deadline=None, derandomize=True,
                          database=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings.get_profile("printer-fuzz")
RENDER = settings(FUZZ, max_examples=300)

# Fragments of real commands, so random streams reach deep parser states (payload lengths,
# half-sent multi-byte characters, QR store/print, cuts) and not only "unknown byte".
FRAGMENTS = [
    b"\x1b@", b"\x1ba\x01", b"\x1bE\x01", b"\x1d!\x11", b"\x1c&", b"\x1c.", b"\n",
    "汉字䶮𠀾".encode("gb18030"), b"\x81", b"\x810", b"\x1dv0\x00\x02\x00\x03\x00",
    b"\x1dv0\x00\xff\xff\xff\xff", b"\x1d(k\x04\x001A2\x00", b"\x1d(k\x03\x001C\x08",
    b"\x1d(k\x06\x001P0abc", b"\x1d(k\x03\x001Q0", b"\x1dVB\x00", b"\x1dV\x00",
    b"\x10\x04\x01", b"\x10\x04\x04", b"\x1b*\x21\x05\x00", b"\x1dk\x04", b"\x1dkA\x05",
    b"\x1d8L\xff\xff\x00\x00", b"\x1bD\x08\x10", b"\x1bd\xff", b"\x1c2\xfe\xa1",
    b"\x1b(A\x02\x00", b"\x10\x14\x08", b"\x09",
]
ESCAPE = 0xE0


def expand(raw: bytes) -> bytes:
    """Random bytes, where ``0xE0 i`` stands for command fragment ``i`` (cheap to generate)."""
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i] == ESCAPE and i + 1 < len(raw):
            out += FRAGMENTS[raw[i + 1] % len(FRAGMENTS)]
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


@FUZZ
@given(n=st.integers(-1, 260), b=st.integers(-5, 300), word=st.integers(0, 2**32 - 1))
def test_status_parser_never_crashes_and_applies_the_validity_rule(n: int, b: int,
                                                                  word: int) -> None:
    flags = parse_status_byte(n, b)
    valid = n in (1, 2, 3, 4) and 0 <= b <= 255 and (b & 0x93) == 0x12
    assert (flags is not None) == valid
    assert is_valid_status_byte(b) == (0 <= b <= 255 and (b & 0x93) == 0x12)
    others = [(k, word >> (8 * (k - 1)) & 0xFF) for k in (1, 2, 3, 4)]  # one reply per n
    status = status_from_replies(others)
    assert isinstance(status, PrinterStatus)
    if any(not is_valid_status_byte(x) for _, x in others):
        assert status is PrinterStatus.DISCONNECTED


def test_simulator_replies_round_trip_through_the_parser() -> None:
    for state in PrinterStatus:
        for n in range(256):
            reply = status_reply(state, n)
            if n not in (1, 2, 3, 4) or state is PrinterStatus.DISCONNECTED:
                assert reply is None
            else:
                assert reply is not None and is_valid_status_byte(reply)
        if state is not PrinterStatus.DISCONNECTED:
            full = [(k, status_reply(state, k) or 0) for k in (1, 2, 3, 4)]
            expected = PrinterStatus.READY if state is PrinterStatus.UNKNOWN else state
            assert status_from_replies(full) is expected


@FUZZ
@given(raw=st.binary(max_size=160), state=st.sampled_from(list(PrinterStatus)),
       split=st.integers(0, 40))
def test_interpreter_accepts_any_stream_in_any_chunking(raw: bytes, state: PrinterStatus,
                                                         split: int) -> None:
    data = expand(raw)
    whole = EscposInterpreter(58, "gb2312")
    whole.state = state
    replies_whole = whole.feed(data)
    chunked = EscposInterpreter(58, "gb2312")
    chunked.state = state
    replies_chunked = b"".join(chunked.feed(data[i : i + split + 1])
                               for i in range(0, len(data), split + 1))
    # Chunking must not change what the printer does or says.
    assert replies_whole == replies_chunked
    assert [j.data for j in whole.jobs] == [j.data for j in chunked.jobs]
    assert all(is_valid_status_byte(b) for b in replies_whole)
    whole.flush()


@RENDER
@given(raw=st.binary(max_size=160))
def test_renderer_draws_whatever_was_received(raw: bytes) -> None:
    interpreter = EscposInterpreter(80, "gb18030")
    interpreter.feed(expand(raw))
    interpreter.flush()
    for job in interpreter.jobs:
        image = render_job(job, 80)
        assert image.width == 640 and image.height > 0
