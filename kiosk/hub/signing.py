"""HMAC request signing shared by the kiosk's hub client and the reference hub.

Every request except ``GET /v1/health`` and ``POST /v1/terminals/enroll``
carries three headers::

    X-Kiosk-Terminal:  the enrolled terminal id
    X-Kiosk-Timestamp: unix seconds when the request was signed
    X-Kiosk-Signature: hex HMAC-SHA256(secret, STRING)

    STRING = METHOD "\\n" PATH?QUERY "\\n" TIMESTAMP "\\n" hex(SHA-256(body))

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

HEADER_TERMINAL = "X-Kiosk-Terminal"
HEADER_TIMESTAMP = "X-Kiosk-Timestamp"
HEADER_SIGNATURE = "X-Kiosk-Signature"
MAX_SKEW_S = 300
SECRET_BYTES = 32


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


def body_digest(body: bytes) -> str:
    """Hex SHA-256 of a request body (empty bodies hash the empty string)."""
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path_with_query: str, timestamp: int, body: bytes) -> bytes:
    """The exact bytes covered by the signature."""
    text = f"{method.upper()}\n{path_with_query}\n{timestamp}\n{body_digest(body)}"
    return text.encode("utf-8")


def sign(key: bytes, method: str, path_with_query: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 signature of one request."""
    message = string_to_sign(method, path_with_query, timestamp, body)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed_headers(
    terminal_id: str,
    key: bytes,
    method: str,
    path_with_query: str,
    *,
    body: bytes,
    now: dt.datetime,
) -> dict[str, str]:
    """The three signing headers for a request made at ``now``."""
    timestamp = int(now.timestamp())
    return {
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: sign(key, method, path_with_query, timestamp, body),
    }


def parse_timestamp(text: str | None) -> int | None:
    """The integer timestamp of a header value, or ``None`` if it is not one."""
    if text is None or not text.isascii() or not text.strip().isdigit() or len(text) > 12:
        return None
    return int(text.strip())


def well_formed_signature(text: str) -> bool:
    """Whether a header value can be a hex HMAC-SHA256 at all (64 ASCII hex digits)."""
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
) -> SignatureProblem | None:
    """Check one request's signature; ``None`` means it is authentic and fresh."""
    if not timestamp_header or not signature_header:
        return SignatureProblem.MISSING
    timestamp = parse_timestamp(timestamp_header)
    if timestamp is None or not well_formed_signature(signature_header):
        return SignatureProblem.MALFORMED
    if abs(now.timestamp() - timestamp) > max_skew_s:
        return SignatureProblem.STALE
    expected = sign(key, method, path_with_query, timestamp, body)
    if not hmac.compare_digest(expected, signature_header.lower()):
        return SignatureProblem.MISMATCH
    return None
