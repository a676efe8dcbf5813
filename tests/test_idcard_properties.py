"""Property-based tests of the GA 467 parsers: random and mutated input never crashes or lies.

Pure parsing, no pty. Each parser (the streaming frame decoder and the text-block
parser) gets one 10,000-example test in the ``idcard-parsers`` profile mixing
random and mutated input; narrower properties run in the smaller
``idcard-focused`` profile. The normal test command runs both.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from idcard_helpers import sample_card

from devices.idcard.frames import (
    MAX_LEN,
    PREAMBLE,
    Frame,
    FrameDecoder,
    FrameError,
    checksum,
    encode_response,
)
from devices.idcard.protocol import IdCardData
from devices.idcard.textblock import TEXT_LEN, TextBlockError, encode_text_block, parse_text_block

settings.register_profile(
    "idcard-parsers", max_examples=10_000, deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "idcard-focused", max_examples=1_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PARSERS = settings.get_profile("idcard-parsers")
FOCUSED = settings.get_profile("idcard-focused")

_SAMPLE_BLOCKS = [encode_text_block(sample_card(c)) for c in ("R0001", "R0002", "J", "I", "Y")]


frames = st.builds(encode_response, st.integers(0, 255), st.binary(max_size=64))
noise = st.binary(max_size=16).map(lambda b: b.replace(b"\xaa", b"\x55"))
cut_points = st.lists(st.integers(0, 1024), max_size=5)


@st.composite
def mutated_stream(draw: st.DrawFn) -> bytes:
    """Valid frames with noise between them, then random byte flips, drops and inserts."""
    stream = bytearray()
    for _ in range(draw(st.integers(1, 3))):
        stream += draw(st.binary(max_size=12)) + draw(frames)
    for _ in range(draw(st.integers(0, 4))):
        if not stream:
            break
        pos = draw(st.integers(0, len(stream) - 1))
        action = draw(st.sampled_from(("flip", "drop", "insert", "preamble")))
        if action == "flip":
            stream[pos] ^= draw(st.integers(1, 255))
        elif action == "drop":
            del stream[pos]
        elif action == "insert":
            stream[pos:pos] = draw(st.binary(min_size=1, max_size=4))
        else:
            stream[pos:pos] = PREAMBLE
    return bytes(stream)


def _decode_in_chunks(stream: bytes, cuts: list[int]) -> list[Frame | FrameError]:
    decoder = FrameDecoder(min_payload=3)
    out: list[Frame | FrameError] = []
    last = 0
    for cut in sorted(c % (len(stream) + 1) for c in cuts):
        out += decoder.feed(stream[last:cut])
        last = cut
    out += decoder.feed(stream[last:])
    assert decoder.wanted >= 1
    # Never more held back than one maximal frame (no unbounded growth, no hang).
    assert decoder.pending <= MAX_LEN + 7
    return out


def _assert_checksums_hold(stream: bytes, items: list[Frame | FrameError]) -> None:
    for item in items:
        if isinstance(item, Frame):
            body = (len(item.payload) + 1).to_bytes(2, "big") + item.payload
            wire = PREAMBLE + body + bytes([checksum(body)])
            # Every returned frame is literally in the stream with a correct checksum.
            assert wire in stream
            assert 4 <= len(body) - 1 <= MAX_LEN


@PARSERS
@given(st.one_of(
    st.tuples(st.just("random"), st.binary(max_size=512), st.just(())),
    st.tuples(st.just("mutated"), mutated_stream(), st.just(())),
    st.tuples(st.just("noisy"), st.just(b""), st.lists(st.tuples(noise, frames), min_size=1,
                                                         max_size=3).map(tuple)),
), cut_points)
def test_frame_decoder_on_random_and_mutated_streams(
    case: tuple[str, bytes, tuple[tuple[bytes, bytes], ...]], cuts: list[int],
) -> None:
    kind, stream, parts = case
    if kind == "noisy":
        stream = b"".join(n + f for n, f in parts)
    items = _decode_in_chunks(stream, cuts)
    _assert_checksums_hold(stream, items)
    if kind == "noisy":
        # Noise between intact frames never costs a frame, however the bytes are chunked.
        assert [i for i in items if isinstance(i, Frame)] == [Frame(f[7:-1]) for _, f in parts]


@FOCUSED
@given(frames, st.integers(0, 10_000), st.integers(1, 255))
def test_no_corrupted_frame_is_accepted(frame: bytes, where: int, flip: int) -> None:
    damaged = bytearray(frame)
    pos = 5 + where % (len(frame) - 5)  # damage after the preamble: LEN, payload or CHK
    damaged[pos] ^= flip
    items = FrameDecoder(min_payload=3).feed(bytes(damaged))
    # One flipped byte can never pass the XOR checksum as the original frame.
    assert Frame(frame[7:-1]) not in items
    _assert_checksums_hold(bytes(damaged), items)


@FOCUSED
@given(frames, frames, noise, st.integers(0, 10_000), st.integers(1, 255), cut_points)
def test_decoder_resyncs_after_a_corrupted_frame(
    first: bytes, second: bytes, gap: bytes, where: int, flip: int, cuts: list[int],
) -> None:
    damaged = bytearray(first)
    pos = 7 + where % (len(first) - 7)  # payload or checksum, not the length field
    damaged[pos] ^= flip
    # A preamble inside the damaged frame could claim bytes beyond the stream's end;
    # the driver turns that into a timeout, the decoder cannot tell it apart.
    assume(PREAMBLE not in bytes(damaged[1:]))
    stream = bytes(damaged) + gap + second
    items = _decode_in_chunks(stream, cuts)
    assert items[0] == FrameError("checksum", len(first) - 7)
    assert items[-1] == Frame(second[7:-1])
    _assert_checksums_hold(stream, items)


@st.composite
def mutated_block(draw: st.DrawFn) -> bytes:
    """A real card's text block with random bytes overwritten and its size nudged."""
    block = bytearray(draw(st.sampled_from(_SAMPLE_BLOCKS)))
    for _ in range(draw(st.integers(0, 8))):
        block[draw(st.integers(0, TEXT_LEN - 1))] = draw(st.integers(0, 255))
    resize = draw(st.integers(-2, 2)) if draw(st.integers(0, 9)) == 0 else 0
    if resize > 0:
        block += bytes(resize)
    elif resize < 0:
        del block[resize:]
    return bytes(block)


@PARSERS
@given(st.one_of(st.binary(min_size=TEXT_LEN, max_size=TEXT_LEN), mutated_block()))
def test_text_parser_on_random_and_mutated_blocks(block: bytes) -> None:
    result = parse_text_block(block)
    assert isinstance(result, IdCardData | TextBlockError)
    if len(block) != TEXT_LEN:
        assert isinstance(result, TextBlockError)
    if isinstance(result, IdCardData):
        # Whatever parses re-encodes to a block that parses to the same card.
        assert parse_text_block(encode_text_block(result)) == result
