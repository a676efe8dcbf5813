"""The SSSE card layout, its codecs and the in-memory APDU reader (no pcscd needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from devices.citizen_card import sscard
from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from devices.citizen_card.sscard import SSSE_LAYOUT, Codec, FieldSpec, RecordError
from devices.citizen_card.sscard_sim import (
    ATR,
    CardFaults,
    MemoryApduCitizenCardReader,
    ScriptedSsCard,
    build_atr,
)
from kiosk.base.clock import ManualClock
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.residents import demo_residents


def _spec(attr: str) -> FieldSpec:
    return next(f for f in SSSE_LAYOUT.fields if f.attr == attr)


def test_select_command_names_the_ssse_application_in_gbk() -> None:
    apdu = SSSE_LAYOUT.select_apdu()
    assert apdu.hex().upper() == "00A404000F7378312E73682EC9E7BBE1B1A3D5CF"


@pytest.mark.parametrize(("attr", "apdu"), [
    ("card_identifier", "00B2012C12"),
    ("issue_date", "00B2052C06"),
    ("expiry_date", "00B2062C06"),
    ("card_number", "00B2072C0B"),
    ("id_number", "00B2083414"),
    ("name", "00B2093420"),
    ("sex", "00B20A3403"),
    ("nation", "00B20B3403"),
    ("birthplace", "00B20C3405"),
    ("birth_date", "00B20D3406"),
])
def test_read_record_commands_address_records_by_sfi(attr: str, apdu: str) -> None:
    assert _spec(attr).read_record_apdu().hex().upper() == apdu


def test_every_demo_resident_round_trips_through_the_apdu_flow() -> None:
    reader = MemoryApduCitizenCardReader(ManualClock())
    for person in demo_residents():
        card = citizen_card_for(person)
        reader.insert(ScriptedSsCard(card))
        assert reader.read_card() == card


def test_binary_identifier_layout_reads_32_hex_characters() -> None:
    layout = sscard.LAYOUTS["ssse_binary_id"]
    card = replace(citizen_card_for(demo_residents()[0]),
                   card_identifier="330100D15600000500CB89B1F2A0C8FD")
    reader = MemoryApduCitizenCardReader(ManualClock(), layout)
    reader.insert(ScriptedSsCard(card, layout))
    assert reader.read_card() == card


def test_card_written_in_one_layout_is_refused_by_another() -> None:
    card = replace(citizen_card_for(demo_residents()[0]),
                   card_identifier="330100D15600000500CB89B1F2A0C8FD")
    reader = MemoryApduCitizenCardReader(ManualClock())
    reader.insert(ScriptedSsCard(card, sscard.LAYOUTS["ssse_binary_id"]))
    result = reader.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.READ_FAILED


def test_dates_are_packed_bcd_and_zero_expiry_means_none() -> None:
    assert sscard.decode_value(_spec("birth_date"), bytes.fromhex("19880229")) == dt.date(1988, 2, 29)
    with pytest.raises(RecordError):
        sscard.decode_value(_spec("birth_date"), bytes.fromhex("19890229"))  # no such day
    with pytest.raises(RecordError):
        sscard.decode_value(_spec("birth_date"), bytes.fromhex("1988A229"))  # not BCD
    assert sscard.decode_value(_spec("expiry_date"), b"\x00" * 4) is None
    assert sscard.decode_value(_spec("expiry_date"), b"\xff" * 4) is None
    with pytest.raises(RecordError):
        sscard.decode_value(_spec("issue_date"), b"\x00" * 4)


def test_nation_and_birthplace_are_bcd_with_f_padding() -> None:
    assert sscard.decode_value(_spec("nation"), b"\x01") == "01"
    assert sscard.decode_value(_spec("birthplace"), bytes.fromhex("3305FF")) == "3305"
    with pytest.raises(RecordError):
        sscard.decode_value(_spec("nation"), b"\x1f")
    with pytest.raises(RecordError):
        sscard.decode_value(_spec("birthplace"), bytes.fromhex("33F599"))


def test_sex_is_one_ascii_digit() -> None:
    assert sscard.decode_value(_spec("sex"), b"2") == "2"
    for bad in (b"\x02", b"M", b"3"):
        with pytest.raises(RecordError):
            sscard.decode_value(_spec("sex"), bad)


def test_name_is_gbk_with_padding_and_may_be_shorter_than_30_bytes() -> None:
    spec = _spec("name")
    assert sscard.decode_value(spec, "张三".encode("gbk").ljust(30, b"\x20")) == "张三"
    assert sscard.parse_record(spec, bytes([0x09, 4]) + "张三".encode("gbk")) == "张三".encode("gbk")
    with pytest.raises(RecordError):
        sscard.decode_value(spec, b"\x00" * 30)  # empty name
    with pytest.raises(RecordError):
        sscard.decode_value(spec, b"\x81\x20")  # broken GBK sequence


def test_tlv_header_must_match_the_layout() -> None:
    spec = _spec("card_number")
    good = sscard.encode_record(spec, "A00000001")
    assert sscard.parse_record(spec, good) == b"A00000001"
    for bad in (
        bytes([0x08]) + good[1:],  # wrong tag
        good[:1] + bytes([8]) + good[2:],  # length byte disagrees with the data
        good[:-1],  # truncated
        good + b"\x00",  # trailing byte
        bytes([0x07, 8]) + b"A0000000",  # self-consistent but shorter than the layout
    ):
        with pytest.raises(RecordError):
            sscard.parse_record(spec, bad)


def test_identity_number_with_a_bad_check_digit_is_refused() -> None:
    card = citizen_card_for(demo_residents()[0])
    last = "0" if card.id_number[-1] != "0" else "1"
    bogus = replace(card, id_number=card.id_number[:-1] + last)
    reader = MemoryApduCitizenCardReader(ManualClock())
    reader.insert(ScriptedSsCard(bogus))
    result = reader.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.READ_FAILED


def test_memory_reader_reports_slot_states() -> None:
    reader = MemoryApduCitizenCardReader(ManualClock())
    assert reader.status() is CitizenCardReaderStatus.NO_CARD
    assert reader.read_card() == CitizenCardFailure(CitizenCardFailureKind.NO_CARD)
    reader.insert(ScriptedSsCard(citizen_card_for(demo_residents()[1])))
    assert reader.status() is CitizenCardReaderStatus.CARD_PRESENT
    reader.connected = False
    assert reader.status() is CitizenCardReaderStatus.DISCONNECTED
    assert reader.read_card() == CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED)


@pytest.mark.parametrize(("faults", "kind"), [
    (CardFaults(wrong_card=True), CitizenCardFailureKind.WRONG_CARD),
    (CardFaults(locked="select"), CitizenCardFailureKind.LOCKED),
    (CardFaults(locked="pin"), CitizenCardFailureKind.LOCKED),
    (CardFaults(pull_at_apdu=4), CitizenCardFailureKind.REMOVED),
    (CardFaults(mute_at_apdu=2), CitizenCardFailureKind.MUTE),
])
def test_memory_reader_maps_card_faults(faults: CardFaults, kind: CitizenCardFailureKind) -> None:
    reader = MemoryApduCitizenCardReader(ManualClock())
    reader.insert(ScriptedSsCard(citizen_card_for(demo_residents()[2]), faults=faults))
    result = reader.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is kind


def test_pin_status_check_can_be_switched_off_per_layout() -> None:
    layout = replace(SSSE_LAYOUT, check_pin_status=False)
    card = citizen_card_for(demo_residents()[3])
    reader = MemoryApduCitizenCardReader(ManualClock(), layout)
    reader.insert(ScriptedSsCard(card, layout, CardFaults(locked="pin")))
    assert reader.read_card() == card


def test_atr_is_t1_with_a_valid_check_byte() -> None:
    assert ATR[0] == 0x3B
    check = 0
    for byte in ATR[1:]:
        check ^= byte
    assert check == 0
    with pytest.raises(ValueError):
        build_atr(b"x" * 16)


def test_encoding_refuses_values_the_layout_cannot_hold() -> None:
    with pytest.raises(ValueError):
        sscard.encode_value(_spec("name"), "张" * 16)  # 32 GBK bytes
    with pytest.raises(ValueError):
        sscard.encode_value(_spec("birth_date"), None)
    assert sscard.encode_value(FieldSpec("x", 5, 1, 2, Codec.HEX), "ABCD") == b"\xab\xcd"


def test_card_data_repr_stays_masked_after_a_read() -> None:
    reader = MemoryApduCitizenCardReader(ManualClock())
    card = citizen_card_for(demo_residents()[4])
    reader.insert(ScriptedSsCard(card))
    result = reader.read_card()
    assert isinstance(result, CitizenCardData)
    assert card.id_number not in repr(result) and card.name not in repr(result)
