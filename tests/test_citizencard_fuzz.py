"""Property tests: random and mutated APDU replies and TLV records never crash, hang or pass.

Each parser gets at least 10,000 examples in the profile below, which the test
command runs as is. "Nothing bogus accepted" is checked structurally: a wrong
tag, a wrong length, a truncated or extended record, or a bad status word must
never produce card data.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.citizen_card import sscard
from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
)
from devices.citizen_card.sscard import SSSE_LAYOUT, RecordError, TransportError, TransportErrorKind
from devices.citizen_card.sscard_sim import CardAction, ScriptedSsCard
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.residents import demo_residents

CITIZENCARD_PROFILE = settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TODAY = dt.date(2026, 1, 5)
FIELDS = SSSE_LAYOUT.fields
RESIDENTS = demo_residents()
# Replies in the order the reader asks: SELECT, PIN status, then one per field.
PIN_REPLY = 1
FIRST_RECORD_REPLY = 2
REPLY_COUNT = FIRST_RECORD_REPLY + len(FIELDS)
MAX_TRANSMITS_PER_COMMAND = 2 + sscard.MAX_GET_RESPONSE_ROUNDS

status_words = st.integers(0, 0xFFFF).filter(
    lambda sw: sw != 0x9000 and sw >> 8 not in (0x61, 0x6C)
)


def _assert_valid(card: CitizenCardData) -> None:
    """Every field of accepted data decodes back to itself under the layout."""
    for spec in FIELDS:
        value = getattr(card, spec.attr)
        assert sscard.decode_value(spec, sscard.encode_value(spec, value)) == value


HEADER_MUTATIONS = ("tag", "length", "truncate", "extend")


@st.composite
def record_cases(draw: st.DrawFn) -> tuple[sscard.FieldSpec, str, bytes]:
    """A field and a reply for it: random bytes, or a real record with one mutation."""
    spec = draw(st.sampled_from(FIELDS))
    kind = draw(st.sampled_from(("random", "value", *HEADER_MUTATIONS)))
    if kind == "random":
        return spec, kind, draw(st.binary(max_size=40))
    card = citizen_card_for(draw(st.sampled_from(RESIDENTS)))
    good = sscard.encode_record(spec, getattr(card, spec.attr))
    byte = draw(st.integers(0, 255))
    count = draw(st.integers(1, 8))
    if kind == "tag":
        bad = bytes([byte if byte != spec.tag else (byte + 1) & 0xFF]) + good[1:]
    elif kind == "length":
        bad = good[:1] + bytes([byte if byte != good[1] else (byte + 1) & 0xFF]) + good[2:]
    elif kind == "truncate":
        bad = good[: max(0, len(good) - count)]
    elif kind == "extend":
        bad = good + bytes([byte]) * count
    else:
        raw = bytearray(good)
        raw[2 + draw(st.integers(0, len(good) - 3))] = byte
        bad = bytes(raw)
    return spec, kind, bad


@CITIZENCARD_PROFILE
@given(case=record_cases())
def test_random_and_mutated_records_are_parsed_or_refused(
    case: tuple[sscard.FieldSpec, str, bytes],
) -> None:
    spec, kind, data = case
    try:
        value = sscard.decode_value(spec, sscard.parse_record(spec, data))
    except RecordError:
        return
    assert kind not in HEADER_MUTATIONS, f"{kind} mutation accepted"
    assert data[0] == spec.tag and data[1] == len(data) - 2 <= spec.length
    # Whatever is accepted is a value the layout can hold, and decodes back to itself.
    assert sscard.decode_value(spec, sscard.encode_value(spec, value)) == value


@CITIZENCARD_PROFILE
@given(
    command=st.sampled_from([SSSE_LAYOUT.select_apdu(), *(f.read_record_apdu() for f in FIELDS)]),
    replies=st.lists(
        st.one_of(
            st.binary(max_size=24),
            st.tuples(st.binary(max_size=8), st.sampled_from([0x61, 0x6C]), st.integers(0, 255))
            .map(lambda t: t[0] + bytes([t[1], t[2]])),
        ),
        max_size=6,
    ),
)
def test_random_reply_sequences_end_in_bounded_exchanges(command: bytes, replies: list[bytes]) -> None:
    queue = list(replies)
    sent: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        if not queue:
            raise TransportError(TransportErrorKind.MUTE, "script exhausted")
        return queue.pop(0)

    try:
        resp = sscard.exchange(transmit, command)
    except TransportError:
        assert len(sent) <= MAX_TRANSMITS_PER_COMMAND
        return
    assert len(sent) <= MAX_TRANSMITS_PER_COMMAND
    assert resp.sw1 != 0x61
    assert len(resp.data) <= sscard.MAX_RESPONSE_BYTES + 24


def _scripted_transmit(card: ScriptedSsCard, mutate: dict[int, object]) -> tuple[list[int], object]:
    """A transmit over a healthy scripted card with one reply replaced by ``mutate``."""
    calls = [0]

    def transmit(apdu: bytes) -> bytes:
        index = calls[0]
        calls[0] += 1
        reply = card.process(apdu)
        assert not isinstance(reply, CardAction)
        fn = mutate.get(index)
        return fn(reply) if callable(fn) else reply

    return calls, transmit


@CITIZENCARD_PROFILE
@given(
    person=st.sampled_from(RESIDENTS),
    index=st.integers(0, REPLY_COUNT - 1),
    mutation=st.sampled_from(["sw", "tag", "length", "truncate", "extend", "byte"]),
    sw=status_words,
    position=st.integers(0, 40),
    byte=st.integers(0, 255),
)
def test_full_read_with_one_mutated_reply_accepts_nothing_bogus(
    person: object, index: int, mutation: str, sw: int, position: int, byte: int
) -> None:
    original = citizen_card_for(person)  # type: ignore[arg-type]
    card = ScriptedSsCard(original)
    is_record = index >= FIRST_RECORD_REPLY

    def mutate(reply: bytes) -> bytes:
        data, status = reply[:-2], reply[-2:]
        if mutation == "sw":
            return data + bytes([sw >> 8, sw & 0xFF])
        if mutation == "tag" and data:
            return bytes([data[0] ^ (byte or 1)]) + data[1:] + status
        if mutation == "length" and len(data) > 1:
            return data[:1] + bytes([data[1] ^ (byte or 1)]) + data[2:] + status
        if mutation == "truncate" and data:
            return data[: position % len(data)] + status
        if mutation == "extend":
            return data + bytes([byte]) * (1 + position % 8) + status
        raw = bytearray(reply)
        raw[position % len(raw)] = byte
        return bytes(raw)

    calls, transmit = _scripted_transmit(card, {index: mutate})
    result = sscard.read_card(transmit, SSSE_LAYOUT, TODAY)  # type: ignore[arg-type]
    assert calls[0] <= REPLY_COUNT * MAX_TRANSMITS_PER_COMMAND
    structural = mutation in ("tag", "length", "truncate", "extend") and is_record
    if (mutation == "sw" and index != PIN_REPLY) or structural:
        assert isinstance(result, CitizenCardFailure), f"{mutation} at reply {index} accepted"
    if mutation == "sw" and index == PIN_REPLY:
        # A PIN status reply only matters when it says "blocked".
        assert result == original or (
            isinstance(result, CitizenCardFailure) and result.kind is CitizenCardFailureKind.LOCKED
        )
    if isinstance(result, CitizenCardData):
        _assert_valid(result)
        if mutation != "byte":
            assert result == original


# Not one parser but all of them at once; the per-parser tests above carry the 10,000.
@settings(CITIZENCARD_PROFILE, max_examples=2_000)
@given(replies=st.lists(st.binary(max_size=24), max_size=REPLY_COUNT + 2))
def test_entirely_random_replies_never_crash_or_pass(replies: list[bytes]) -> None:
    queue = list(replies)

    def transmit(apdu: bytes) -> bytes:
        if not queue:
            raise TransportError(TransportErrorKind.REMOVED, "script exhausted")
        return queue.pop(0)

    result = sscard.read_card(transmit, SSSE_LAYOUT, TODAY)
    if isinstance(result, CitizenCardData):
        _assert_valid(result)
    else:
        assert result.kind in CitizenCardFailureKind
