"""Typed failures of hub calls: one closed hierarchy the kiosk can act on.

Every failure of the hub client is a ``HubError`` subclass; nothing else
escapes it. ``kind`` says what went wrong, ``retryable`` whether the same call
may succeed later unchanged (the outbox uses it), and ``message_key`` names
the text shown to the resident (in the gettext catalogue, ``kiosk/base/locale/*/hub.po``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from kiosk.hub.schema import Problem


class HubErrorKind(enum.StrEnum):
    """What went wrong with a hub call."""

    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    AUTH = "auth"
    REJECTED = "rejected"
    CONFLICT = "conflict"
    NOT_FOUND = "not_found"
    SERVER_ERROR = "server_error"
    BAD_RESPONSE = "bad_response"
    TOO_LARGE = "too_large"


_DEFAULT_KEYS: dict[HubErrorKind, str] = {kind: f"hub.{kind.value}" for kind in HubErrorKind}
_RETRYABLE = frozenset(
    {HubErrorKind.UNREACHABLE, HubErrorKind.TIMEOUT, HubErrorKind.SERVER_ERROR,
     HubErrorKind.BAD_RESPONSE}
)
# Specific hub reasons that deserve their own resident-facing text.
_REASON_KEYS: dict[str, str] = {
    "timestamp_stale": "hub.clock",
    "person_unknown": "hub.person_unknown",
    "identity_mismatch": "hub.identity_mismatch",
    "session_expired": "hub.session_expired",
    "session_unknown": "hub.session_expired",
    "code_wrong": "hub.code_wrong",
    "code_expired": "hub.code_expired",
    "code_locked": "hub.code_locked",
    "code_too_soon": "hub.code_too_soon",
    "qr_expired": "hub.qr_expired",
    "qr_malformed": "hub.qr_invalid",
    "qr_unknown": "hub.qr_invalid",
    "qr_used": "hub.qr_expired",
    "slot_full": "hub.slot_full",
    "slot_past": "hub.slot_past",
    "slot_unknown": "hub.slot_past",
    "appointment_unknown": "hub.appointment_unknown",
    "technician_unknown": "hub.technician_unknown",
    "technician_suspended": "hub.technician_suspended",
}


class HubError(Exception):
    """Root of every hub-call failure."""

    kind: HubErrorKind = HubErrorKind.BAD_RESPONSE

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        reason: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.reason = reason
        self.problems: tuple[Problem, ...] = tuple(problems)

    @property
    def retryable(self) -> bool:
        """Whether the same call may succeed later without changes."""
        return self.kind in _RETRYABLE

    @property
    def message_key(self) -> str:
        """Key of the resident-facing text in the message catalogue."""
        if self.reason is not None and self.reason in _REASON_KEYS:
            return _REASON_KEYS[self.reason]
        return _DEFAULT_KEYS[self.kind]

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(kind={self.kind.value!r}, status={self.status!r}, "
                f"reason={self.reason!r}, detail={self.detail!r})")


class HubUnreachable(HubError):
    """No connection could be made, or it was dropped without an answer."""

    kind = HubErrorKind.UNREACHABLE


class HubTimeout(HubError):
    """The hub did not answer within the call's deadline."""

    kind = HubErrorKind.TIMEOUT


class HubAuthError(HubError):
    """The hub refused the terminal's credentials or signature (401/403)."""

    kind = HubErrorKind.AUTH


class HubRejected(HubError):
    """The hub refused the request as invalid (4xx); see ``problems``."""

    kind = HubErrorKind.REJECTED


class HubConflict(HubError):
    """The request conflicts with what the hub already holds (409)."""

    kind = HubErrorKind.CONFLICT


class HubNotFound(HubError):
    """The addressed thing does not exist (404)."""

    kind = HubErrorKind.NOT_FOUND


class HubServerError(HubError):
    """The hub failed (5xx) or asked to be left alone (429)."""

    kind = HubErrorKind.SERVER_ERROR


class HubBadResponse(HubError):
    """The hub's answer was not what the contract promises."""

    kind = HubErrorKind.BAD_RESPONSE


class HubTooLarge(HubError):
    """A request or response exceeded a size limit."""

    kind = HubErrorKind.TOO_LARGE


ERROR_CLASSES: dict[HubErrorKind, type[HubError]] = {
    cls.kind: cls
    for cls in (HubUnreachable, HubTimeout, HubAuthError, HubRejected, HubConflict,
                HubNotFound, HubServerError, HubBadResponse, HubTooLarge)
}


def error_for_status(
    status: int, detail: str, reason: str | None, problems: Sequence[Problem] = ()
) -> HubError:
    """The typed error for a non-2xx HTTP status."""
    if status in (401, 403):
        kind = HubErrorKind.AUTH
    elif status == 404:
        kind = HubErrorKind.NOT_FOUND
    elif status == 409:
        kind = HubErrorKind.CONFLICT
    elif status == 413:
        kind = HubErrorKind.TOO_LARGE
    elif status == 429 or status >= 500:
        kind = HubErrorKind.SERVER_ERROR
    elif 400 <= status < 500:
        kind = HubErrorKind.REJECTED
    else:
        kind = HubErrorKind.BAD_RESPONSE
    return ERROR_CLASSES[kind](detail, status=status, reason=reason, problems=problems)
