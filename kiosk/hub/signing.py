"""HMAC request signing shared by the kiosk's hub client and the reference hub.

Every request except ``GET /v1/health`` and ``POST /v1/terminals/enroll``
carries three headers::

    X-Kiosk-Terminal:  the enrolled terminal id
    X-Kiosk-Timestamp: unix seconds when the request was signed
    X-Kiosk-Signature: hex HMAC-H(secret, STRING)

    STRING = METHOD "\\n" PATH?QUERY "\\n" TIMESTAMP "\\n" hex(H(body))

H is the terminal's signature algorithm, agreed at enrolment: SHA-256 for
``hmac-sha256`` (the default) and SM3 for ``hmac-sm3`` (the GM profile); the
body digest and the HMAC always use the same hash.
``secret`` is the base64 string from enrolment, decoded to bytes. The path is
the request target exactly as sent on the wire (percent-encoding included).
The hub refuses a timestamp more than ``MAX_SKEW_S`` from its own clock.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import hashlib
import hmac
import secrets
from typing import Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac

HEADER_TERMINAL = "X-Kiosk-Terminal"
HEADER_TIMESTAMP = "X-Kiosk-Timestamp"
HEADER_SIGNATURE = "X-Kiosk-Signature"
MAX_SKEW_S = 300
SECRET_BYTES = 32

HMAC_SHA256: Final = "hmac-sha256"
HMAC_SM3: Final = "hmac-sm3"
# In the order a terminal prefers them when it does not say otherwise.
SIGNATURE_ALGORITHMS: Final = (HMAC_SHA256, HMAC_SM3)
DEFAULT_SIGNATURE_ALGORITHM: Final = HMAC_SHA256


def check_algorithm(algorithm: str) -> str:
    """``algorithm`` if it is one of ``SIGNATURE_ALGORITHMS``, else ``ValueError``."""
    if algorithm not in SIGNATURE_ALGORITHMS:
        raise ValueError(f"unknown signature algorithm {algorithm!r}; known: "
                         f"{', '.join(SIGNATURE_ALGORITHMS)}")
    return algorithm


class SignatureProblem(enum.StrEnum):
    """Why a signed request was refused (the 401 ``reason``)."""

    MISSING = "signature_missing"
    MALFORMED = "signature_malformed"
    STALE = "timestamp_stale"
    UNKNOWN_TERMINAL = "terminal_unknown"
    MISMATCH = "signature_mismatch"
    REPLAYED = "signature_replayed"


def new_secret() -> str:
    """A fresh random terminal secret, base64-encoded."""
    return base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def decode_secret(secret: str) -> bytes:
    """The key bytes of a base64 secret; ``ValueError`` if it is not valid base64."""
    try:
        raw = base64.b64decode(secret.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("terminal secret is not base64") from exc
    if len(raw) < 16:
        raise ValueError("terminal secret is too short")
    return raw


def body_digest(body: bytes, algorithm: str = DEFAULT_SIGNATURE_ALGORITHM) -> str:
    """Hex digest of a request body with the algorithm's hash (empty bodies hash b"")."""
    if check_algorithm(algorithm) == HMAC_SM3:
        digest = hashes.Hash(hashes.SM3())
        digest.update(body)
        return digest.finalize().hex()
    return hashlib.sha256(body).hexdigest()


def string_to_sign(
    method: str,
    path_with_query: str,
    timestamp: int,
    body: bytes,
    algorithm: str = DEFAULT_SIGNATURE_ALGORITHM,
) -> bytes:
    """The exact bytes covered by the signature."""
    text = f"{method.upper()}\n{path_with_query}\n{timestamp}\n{body_digest(body, algorithm)}"
    return text.encode("utf-8")


def sign(
    key: bytes,
    method: str,
    path_with_query: str,
    timestamp: int,
    body: bytes,
    algorithm: str = DEFAULT_SIGNATURE_ALGORITHM,
) -> str:
    """Hex HMAC signature of one request with ``algorithm`` (hmac-sha256 or hmac-sm3)."""
    message = string_to_sign(method, path_with_query, timestamp, body, algorithm)
    if algorithm == HMAC_SM3:
        mac = crypto_hmac.HMAC(key, hashes.SM3())
        mac.update(message)
        return mac.finalize().hex()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed_headers(
    terminal_id: str,
    key: bytes,
    method: str,
    path_with_query: str,
    *,
    body: bytes,
    now: dt.datetime,
    algorithm: str = DEFAULT_SIGNATURE_ALGORITHM,
) -> dict[str, str]:
    """The three signing headers for a request made at ``now``."""
    timestamp = int(now.timestamp())
    return {
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: sign(key, method, path_with_query, timestamp, body, algorithm),
    }


def parse_timestamp(text: str | None) -> int | None:
    """The integer timestamp of a header value, or ``None`` if it is not one."""
    if text is None or not text.isascii() or not text.strip().isdigit() or len(text) > 12:
        return None
    return int(text.strip())


def well_formed_signature(text: str) -> bool:
    """Whether a header value can be a hex HMAC-SHA256/SM3 at all (64 ASCII hex digits)."""
    # Checked before compare_digest, which raises TypeError on non-ASCII text.
    return len(text) == 64 and text.isascii() and all(c in "0123456789abcdefABCDEF" for c in text)


def verify(
    key: bytes,
    *,
    method: str,
    path_with_query: str,
    timestamp_header: str | None,
    signature_header: str | None,
    body: bytes,
    now: dt.datetime,
    max_skew_s: int = MAX_SKEW_S,
    algorithm: str = DEFAULT_SIGNATURE_ALGORITHM,
) -> SignatureProblem | None:
    """Check one request's signature; ``None`` means it is authentic and fresh."""
    if not timestamp_header or not signature_header:
        return SignatureProblem.MISSING
    timestamp = parse_timestamp(timestamp_header)
    if timestamp is None or not well_formed_signature(signature_header):
        return SignatureProblem.MALFORMED
    if abs(now.timestamp() - timestamp) > max_skew_s:
        return SignatureProblem.STALE
    expected = sign(key, method, path_with_query, timestamp, body, algorithm)
    if not hmac.compare_digest(expected, signature_header.lower()):
        return SignatureProblem.MISMATCH
    return None
