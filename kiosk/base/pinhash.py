"""The stored form of the technician PIN: ``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>``.

Parsing lives here, below the config, so ``[technician] pin_hash`` is checked when the
file loads; hashing and checking a PIN live in ``kiosk.app.technician.pin``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

SCHEME = "scrypt"
MIN_SALT_BYTES = 16
MIN_DIGEST_BYTES = 32
# scrypt needs 128·n·r bytes; a terminal must not be made to spend more than this per try.
MAX_MEMORY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class PinHash:
    """A parsed PIN hash: the scrypt cost parameters, salt and derived key."""

    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def encode(self) -> str:
        """The ``scrypt$…`` text written to ``kiosk.toml``."""
        salt = base64.b64encode(self.salt).decode("ascii")
        digest = base64.b64encode(self.digest).decode("ascii")
        return f"{SCHEME}${self.n}${self.r}${self.p}${salt}${digest}"

    @property
    def memory_bytes(self) -> int:
        """What one scrypt run with these parameters needs (``hashlib.scrypt``'s ``maxmem``)."""
        return 128 * self.r * (self.n + self.p + 2)


def parse_pin_hash(encoded: str) -> PinHash:
    """``encoded`` parsed; ``ValueError`` saying what is wrong (never echoing the value)."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise ValueError("is not a PIN hash (scrypt$<n>$<r>$<p>$<salt>$<hash>)")
    try:
        n, r, p = (int(part, 10) for part in parts[1:4])
    except ValueError:
        raise ValueError("has cost parameters that are not whole numbers") from None
    if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16:
        raise ValueError("has cost parameters out of range (n a power of 2, r 1-64, p 1-16)")
    if 128 * n * r > MAX_MEMORY_BYTES:
        raise ValueError("needs more than 64 MiB per PIN check (lower n or r)")
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("has a salt or hash that is not base64") from None
    if len(salt) < MIN_SALT_BYTES or len(digest) < MIN_DIGEST_BYTES:
        raise ValueError(f"has a salt under {MIN_SALT_BYTES} bytes or a hash under "
                         f"{MIN_DIGEST_BYTES} bytes")
    return PinHash(n, r, p, salt, digest)
