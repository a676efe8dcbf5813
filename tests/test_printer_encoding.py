"""ESC/POS encoding: line wrapping to the printer's columns."""

from __future__ import annotations

from devices.printer.encoding import wrap


def test_words_stay_whole() -> None:
    for line in wrap("Scan the QR code below or use the tracking code to follow", 32):
        assert len(line) <= 32 and not line.startswith(" ")
    assert wrap("a verylongwordthatdoesnotfitatall b", 10)[0] == "a"


def test_no_line_starts_with_closing_punctuation() -> None:
    for width in range(6, 40):
        for line in wrap("网络暂时中断：申请已安全保存在本机，联网后自动提交，查询码已生效。", width)[1:]:
            assert line[0] not in "，。：、"
