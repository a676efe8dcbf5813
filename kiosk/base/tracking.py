"""Human tracking codes that terminals mint offline without colliding.

A code is the terminal's prefix (assigned once, at enrolment), eight random
Crockford base-32 characters and one Luhn mod 32 check character. The prefix
makes codes unique across the fleet; the random part (40 bits) plus the store's
unique index makes them unique on one terminal; the check character catches a
mistyped character or a swapped pair when a resident reads a code out on the
phone. No coordination is needed, so a receipt printed offline is already valid.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# Crockford's rule: readers confuse these, so accept them as the digits they look like.
_ALIASES = {"O": "0", "I": "1", "L": "1"}
PREFIX_LEN = 4
BODY_LEN = 8


def normalise(text: str) -> str:
    """Upper-case, drop separators and map look-alike letters to digits."""
    out = []
    for ch in text.strip().upper():
        if ch in "- ":
            continue
        out.append(_ALIASES.get(ch, ch))
    return "".join(out)


def check_char(payload: str) -> str:
    """Luhn mod 32 check character over Crockford characters."""
    factor = 2
    total = 0
    for ch in reversed(payload):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def is_valid_prefix(prefix: str) -> bool:
    """A terminal prefix is exactly four Crockford characters."""
    return len(prefix) == PREFIX_LEN and all(c in _VALUE for c in prefix)


def new_code(prefix: str) -> str:
    """Mint a fresh tracking code for a terminal."""
    if not is_valid_prefix(prefix):
        raise ValueError(f"terminal prefix must be {PREFIX_LEN} Crockford characters: {prefix!r}")
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LEN))
    return prefix + body + check_char(prefix + body)


def is_valid(code: str) -> bool:
    """Whether a (normalised) code has the right shape and check character."""
    code = normalise(code)
    if len(code) != PREFIX_LEN + BODY_LEN + 1 or any(c not in _VALUE for c in code):
        return False
    return check_char(code[:-1]) == code[-1]


def display(code: str) -> str:
    """Group a code for reading aloud: ``K7Q4-M2X9-TB1C-R``."""
    code = normalise(code)
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def tracking_url(base_url: str, code: str) -> str:
    """The URL the receipt QR holds."""
    return f"{base_url.rstrip('/')}/{normalise(code)}"


def code_from_url(base_url: str, payload: str) -> str | None:
    """The tracking code in a receipt QR's URL (``tracking_url``), or ``None`` for any other QR."""
    prefix = base_url.rstrip("/") + "/"
    text = payload.strip()
    if not text.startswith(prefix):
        return None
    code = normalise(text[len(prefix):].split("?")[0].split("#")[0].strip("/"))
    return code if is_valid(code) else None
