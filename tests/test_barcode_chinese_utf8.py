"""Chinese UTF-8 QR payloads come back exactly, from both backends.

zbar guesses a QR's text encoding and tries Shift-JIS first, which turns many
short UTF-8 Chinese payloads into Japanese mojibake; the pyzbar backend reads
the raw bytes instead. zxing-cpp must give plain text with no escapes.
"""

from __future__ import annotations

import numpy as np
import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.barcode.factory import decoder_by_name
from devices.barcode.protocol import DecoderStatus

settings.register_profile("barcode_utf8", max_examples=40, deadline=None)
BACKENDS = ("zxing", "pyzbar")


def qr(payload: str) -> np.ndarray:
    code = qrcode.QRCode(border=4, box_size=4)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return np.array(code.make_image().get_image().convert("L"), dtype=np.uint8)


@pytest.mark.parametrize("backend", BACKENDS)
def test_backend_is_ready(backend: str) -> None:
    assert decoder_by_name(backend).status() is DecoderStatus.READY


# "翥" and "躭聙饤剫" are payloads zbar's own guess decodes as Shift-JIS mojibake.
@pytest.mark.parametrize("payload", ["翥", "躭聙饤剫", "张三", "EID1:R0001:和睦区:签名"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_known_short_chinese_payloads(backend: str, payload: str) -> None:
    codes = decoder_by_name(backend).decode(qr(payload))
    assert [(c.format, c.text) for c in codes] == [("QRCode", payload)]
    assert codes[0].raw == payload.encode("utf-8")


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_PAYLOAD = st.text(st.one_of(_HAN, st.sampled_from("0123456789ABCxyz:-_ ")), min_size=1,
                   max_size=16).filter(lambda s: s.strip() == s and s)


@settings(settings.get_profile("barcode_utf8"))
@given(payload=_PAYLOAD)
def test_any_han_payload_round_trips_through_both_backends(payload: str) -> None:
    image = qr(payload)
    for backend in BACKENDS:
        texts = [c.text for c in decoder_by_name(backend).decode(image)]
        assert texts == [payload], backend


@pytest.mark.parametrize("backend", BACKENDS)
def test_bgr_and_grey_images_give_the_same_result(backend: str) -> None:
    grey = qr("办事一次不用跑")
    bgr = np.dstack([grey, grey, grey])
    decoder = decoder_by_name(backend)
    assert decoder.decode(grey) == decoder.decode(bgr)
