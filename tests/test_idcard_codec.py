"""GA 467 frames, status words and text blocks, byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from idcard_helpers import sample_card

from devices.idcard.frames import (
    STATUS_WORDS,
    Command,
    Frame,
    FrameDecoder,
    FrameError,
    encode_response,
    parse_response,
    split_read_data,
    status_meaning,
)
from devices.idcard.nations import NATIONS, country
from devices.idcard.protocol import FAILURE_MESSAGE_KEYS, CardKind, IdCardFailureKind
from devices.idcard.textblock import (
    LAYOUTS,
    TEXT_LEN,
    TextBlockError,
    check_number,
    encode_text_block,
    parse_text_block,
    previous_number_link,
)
from kiosk.base.i18n import catalogue


def test_command_frames_match_the_published_byte_strings() -> None:
    # The byte strings every GA 467 reader manual lists for these commands.
    assert Command.FIND.frame().hex(" ") == "aa aa aa 96 69 00 03 20 01 22"
    assert Command.SELECT.frame().hex(" ") == "aa aa aa 96 69 00 03 20 02 21"
    assert Command.READ.frame().hex(" ") == "aa aa aa 96 69 00 03 30 01 32"
    assert Command.STATUS.frame().hex(" ") == "aa aa aa 96 69 00 03 11 ff ed"
    assert Command.RESET.frame().hex(" ") == "aa aa aa 96 69 00 03 10 ff ec"
    assert Command.SET_BAUD.frame(0x01).hex(" ") == "aa aa aa 96 69 00 03 60 01 62"


def test_find_response_decodes_to_card_found() -> None:
    wire = bytes.fromhex("aaaaaa9669 0008 00009f 00000000 97".replace(" ", ""))
    (frame,) = FrameDecoder(min_payload=3).feed(wire)
    assert isinstance(frame, Frame)
    response = parse_response(frame)
    assert response is not None and response.sw3 == 0x9F and response.data == bytes(4)
    assert encode_response(0x9F, bytes(4)) == wire


def test_decoder_skips_noise_and_reports_a_bad_checksum_then_resyncs() -> None:
    good = encode_response(0x90, b"\x01\x02")
    bad = bytearray(encode_response(0x41))
    bad[-1] ^= 0x01
    items = FrameDecoder().feed(b"\x00\xaa\x13" + bytes(bad) + good)
    assert items[0] == FrameError("checksum", 4)
    assert items[-1] == Frame(b"\x00\x00\x90\x01\x02")


def test_decoder_waits_for_a_split_frame() -> None:
    wire = encode_response(0x90, bytes(100))
    decoder = FrameDecoder()
    assert decoder.feed(wire[:3]) == []
    assert decoder.feed(wire[3:50]) == []
    assert decoder.pending == 50
    assert decoder.feed(wire[50:]) == [Frame(b"\x00\x00\x90" + bytes(100))]


def test_decoder_refuses_impossible_lengths() -> None:
    wire = b"\xaa\xaa\xaa\x96\x69\xff\xff" + bytes(10)
    assert FrameDecoder().feed(wire)[0] == FrameError("length", 0xFFFF)


def test_every_status_word_has_a_failure_kind_and_a_catalogued_message() -> None:
    expected = {0x90, 0x9F, 0x10, 0x11, 0x21, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47,
                0x60, 0x66, 0x80, 0x81}
    assert expected <= set(STATUS_WORDS)
    assert STATUS_WORDS[0x90].failure is None and STATUS_WORDS[0x9F].failure is None
    assert STATUS_WORDS[0x41].failure is IdCardFailureKind.READ_FAILED
    assert STATUS_WORDS[0x40].failure is IdCardFailureKind.WRONG_CARD
    assert STATUS_WORDS[0x80].failure is IdCardFailureKind.NO_CARD
    assert STATUS_WORDS[0x60].failure is IdCardFailureKind.READER_FAULT
    assert STATUS_WORDS[0x66].failure is IdCardFailureKind.READER_FAULT
    assert STATUS_WORDS[0x10].failure is IdCardFailureKind.CHECKSUM
    for code in ("zh_CN", "en_US"):
        messages = catalogue(code)
        for meaning in STATUS_WORDS.values():
            if meaning.failure is not None:
                assert meaning.message_key == FAILURE_MESSAGE_KEYS[meaning.failure]
                assert meaning.message_key in messages
    assert status_meaning(0x5A).failure is IdCardFailureKind.READER_FAULT


@pytest.mark.parametrize("code", ["R0001", "R0002", "R0137", "J", "I", "Y"])
def test_text_block_round_trips_every_card_kind(code: str) -> None:
    card = sample_card(code)
    block = encode_text_block(card)
    assert len(block) == TEXT_LEN
    parsed = parse_text_block(block)
    assert parsed == dataclasses.replace(card, photo_wlt=b"")
    assert check_number(card) is None


def test_resident_block_fields_sit_at_the_standard_offsets() -> None:
    card = sample_card("R0001")
    block = encode_text_block(card)
    assert block[0:30].decode("utf-16-le").rstrip() == card.name
    assert block[30:32].decode("utf-16-le") == card.sex
    assert block[32:36].decode("utf-16-le") == card.nation
    assert block[36:52].decode("utf-16-le") == f"{card.birth_date:%Y%m%d}"
    assert block[122:158].decode("utf-16-le") == card.id_number
    assert block[204:220].decode("utf-16-le").rstrip() == "长期"
    assert block[248:250] == b" \x00"


def test_j_block_carries_pass_number_and_issue_count() -> None:
    block = encode_text_block(sample_card("J"))
    assert block[220:238].decode("utf-16-le") == "H99999999"
    assert block[238:242].decode("utf-16-le") == "01"
    assert block[248:250] == b"J\x00"


def test_i_block_follows_the_2017_foreigner_layout() -> None:
    block = encode_text_block(sample_card("I"))
    assert block[0:120].decode("utf-16-le").rstrip() == "SAMPLE, ALEX"
    assert block[122:152].decode("utf-16-le") == "USA330585031599"
    assert block[152:158].decode("utf-16-le") == "USA"
    assert block[158:188].decode("utf-16-le").rstrip() == "示例亚历"
    assert block[220:236].decode("utf-16-le") == "19850315"
    assert block[240:248].decode("utf-16-le") == "3305"
    assert block[248:250] == b"I\x00"


def test_y_block_splits_a_long_english_name_and_uses_the_numeric_country() -> None:
    card = sample_card("Y")
    block = encode_text_block(card, previous_link="015")
    assert block[52:122].decode("utf-16-le") == card.name_en[:35]
    assert block[220:242].decode("utf-16-le").rstrip() == card.name_en[35:]
    assert block[242:248].decode("utf-16-le") == "124"
    assert block[248:250] == b"Y\x00"
    assert previous_number_link(block) == "015"
    parsed = parse_text_block(block)
    assert not isinstance(parsed, TextBlockError)
    assert parsed.nationality == "CAN" and parsed.name_en == card.name_en


def test_short_y_name_does_not_carry_padding() -> None:
    card = dataclasses.replace(sample_card("Y"), name_en="SAMPLE, KIM")
    parsed = parse_text_block(encode_text_block(card))
    assert not isinstance(parsed, TextBlockError)
    assert parsed.name_en == "SAMPLE, KIM"


def test_unknown_card_flag_is_a_wrong_card() -> None:
    block = bytearray(encode_text_block(sample_card("R0001")))
    block[248:250] = "Q".encode("utf-16-le")
    result = parse_text_block(bytes(block))
    assert isinstance(result, TextBlockError) and result.wrong_card


@pytest.mark.parametrize(("start", "value", "field"), [
    (30, "5", "sex"),
    (32, "77", "nation"),
    (36, "19991340", "birth_date"),
    (204, "2030XX01", "valid_to"),
])
def test_bad_resident_fields_are_named(start: int, value: str, field: str) -> None:
    block = bytearray(encode_text_block(sample_card("R0001")))
    data = value.encode("utf-16-le")
    block[start : start + len(data)] = data
    result = parse_text_block(bytes(block))
    assert isinstance(result, TextBlockError) and result.field == field
    assert not result.wrong_card


def test_lone_surrogate_is_refused_not_raised() -> None:
    block = bytearray(encode_text_block(sample_card("R0001")))
    block[0:2] = b"\x00\xd8"
    result = parse_text_block(bytes(block))
    assert isinstance(result, TextBlockError) and result.field == "name"


def test_layouts_stay_inside_the_block_and_clear_of_the_flag() -> None:
    for layout in LAYOUTS.values():
        spans = sorted((start, end) for _, start, end in layout)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start
        assert all(end <= 248 or start >= 250 for _, start, end in layout)


def test_check_number_per_kind() -> None:
    resident = sample_card("R0001")
    broken = resident.id_number[:-1] + ("0" if resident.id_number[-1] != "0" else "1")
    assert check_number(dataclasses.replace(resident, id_number=broken)) is not None
    assert check_number(dataclasses.replace(sample_card("I"), id_number="US1330585031599"))
    y = sample_card("Y")
    assert check_number(dataclasses.replace(y, id_number=resident.id_number)) is not None
    j = sample_card("J")
    assert check_number(dataclasses.replace(j, id_number=resident.id_number)) is not None


def test_read_data_split_checks_the_length_fields() -> None:
    text, photo = bytes(256), bytes(1024)
    data = b"\x01\x00\x04\x00" + text + photo
    parts = split_read_data(data, with_fingerprint=False)
    assert not isinstance(parts, str) and parts.photo == photo
    assert isinstance(split_read_data(data[:-1], with_fingerprint=False), str)
    assert isinstance(split_read_data(b"\x01\x01" + data[2:], with_fingerprint=False), str)
    fp = b"\x01\x00\x04\x00\x02\x00" + text + photo + bytes(512)
    parts = split_read_data(fp, with_fingerprint=True)
    assert not isinstance(parts, str) and parts.fingerprint == bytes(512)


def test_nation_and_country_tables() -> None:
    assert len(NATIONS) == 58
    assert NATIONS["01"].zh == "汉族" and NATIONS["56"].zh == "基诺族"
    assert NATIONS["98"].zh == "外国血统中国籍人士"
    pak = country("586")
    assert pak is not None and pak.code == "PAK"
    can = country("CAN")
    assert can is not None and can.zh == "加拿大"
    assert country("ZZZ") is None


def test_valid_to_long_term_and_date_types() -> None:
    parsed = parse_text_block(encode_text_block(sample_card("J")))
    assert not isinstance(parsed, TextBlockError)
    assert parsed.valid_to == dt.date(2029, 1, 10) and not parsed.long_term
    assert parsed.kind is CardKind.HMT_PERMIT
