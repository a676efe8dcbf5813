"""The technician PIN's scrypt hash: round trip, wrong PIN, salt, malformed hashes, weak PINs."""

from __future__ import annotations

import base64

import pytest

from kiosk.app.technician.pin import hash_pin, pin_matches, pin_problem
from kiosk.base.i18n import translate
from kiosk.base.pinhash import parse_pin_hash


def test_round_trip_and_wrong_pin() -> None:
    encoded = hash_pin("730519")
    assert pin_matches("730519", encoded)
    assert not pin_matches("730518", encoded)
    assert not pin_matches("7305190", encoded)
    assert not pin_matches("", encoded)


def test_encoding_names_scrypt_parameters_and_a_fresh_salt() -> None:
    first, second = hash_pin("730519"), hash_pin("730519")
    assert first != second  # a random salt each time
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert "730519" not in first
    assert parse_pin_hash(first).encode() == first


@pytest.mark.parametrize("encoded", [
    "", "730519", "bcrypt$16384$8$1$AAAA$BBBB", "scrypt$16384$8$1$AAAA",
    "scrypt$16000$8$1$" + "A" * 24 + "$" + "A" * 44,        # n not a power of two
    "scrypt$x$8$1$" + "A" * 24 + "$" + "A" * 44,
    "scrypt$1048576$8$1$" + "A" * 24 + "$" + "A" * 44,      # 1 GiB per try
    "scrypt$16384$8$1$AAAA$" + "A" * 44,                    # 3-byte salt
    "scrypt$16384$8$1$" + "!" * 24 + "$" + "A" * 44,        # not base64
])
def test_malformed_hash_is_refused_without_echoing_it(encoded: str) -> None:
    with pytest.raises(ValueError) as caught:
        pin_matches("730519", encoded)
    if encoded:
        assert encoded not in str(caught.value)


@pytest.mark.parametrize(("pin", "key"), [
    ("12345", "technician.pin_length"),
    ("1234567890123", "technician.pin_length"),
    ("12a456", "technician.pin_digits_only"),
    ("１２３４５８", "technician.pin_digits_only"),  # full-width digits
    ("000000", "technician.pin_one_digit"),
    ("123456", "technician.pin_straight_run"),
    ("654321", "technician.pin_straight_run"),
    ("0123456789", "technician.pin_straight_run"),
    ("730519", None),
    ("112233445566", None),
])
def test_pin_rules(pin: str, key: str | None) -> None:
    assert pin_problem(pin) == key
    if key is not None:
        for locale in ("zh_CN", "en_US"):
            assert translate(key, locale) != key
