"""Typed failures of hub calls: one closed hierarchy the kiosk can act on.

Every failure of the hub client is a ``HubError`` subclass; nothing else
escapes it. ``kind`` says what went wrong, ``retryable`` whether the same call
may succeed later unchanged (the outbox uses it), and ``message_key`` names
the text shown to the resident (``MESSAGES`` has Chinese and English).
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


# Resident-facing texts (zh-CN, en) for every message key the client produces.
MESSAGES: dict[str, tuple[str, str]] = {
    "hub.unreachable": ("暂时无法连接政务数据平台，您的申请将保存在本机并自动补发。",
                        "The city data hub cannot be reached; your application is kept here "
                        "and sent automatically later."),
    "hub.timeout": ("政务数据平台响应超时，请稍后再试。",
                    "The city data hub did not answer in time. Please try again shortly."),
    "hub.auth": ("本终端身份验证失败，请联系工作人员。",
                 "This terminal could not authenticate with the hub. Please ask staff."),
    "hub.clock": ("本终端时间不准确，请联系工作人员校准。",
                  "This terminal's clock is wrong. Please ask staff to correct it."),
    "hub.rejected": ("提交的信息有误，请检查后重试。",
                     "Some information was not accepted. Please check and try again."),
    "hub.conflict": ("该业务已提交过，请勿重复办理。",
                     "This application was already submitted."),
    "hub.not_found": ("未找到相关记录。", "No matching record was found."),
    "hub.server_error": ("政务数据平台暂时繁忙，请稍后再试。",
                         "The city data hub is busy. Please try again shortly."),
    "hub.bad_response": ("政务数据平台返回了无法识别的数据，请稍后再试。",
                         "The city data hub sent an unreadable answer. Please try again."),
    "hub.too_large": ("文件过大，请减少页数后重试。",
                      "The file is too large. Please scan fewer pages and try again."),
    "hub.person_unknown": ("未查询到您的信息，请到服务窗口办理。",
                           "Your record was not found. Please go to a service counter."),
    "hub.identity_mismatch": ("证件信息不一致，请重新刷卡。",
                              "The card details do not match. Please tap your card again."),
    "hub.session_expired": ("身份验证已过期，请重新刷卡。",
                            "Your identity check has expired. Please tap your card again."),
    "hub.code_wrong": ("验证码不正确，请重新输入。",
                       "The verification code is wrong. Please enter it again."),
    "hub.code_expired": ("验证码已过期，请重新获取。",
                         "The verification code has expired. Please request a new one."),
    "hub.code_locked": ("验证码错误次数过多，请到服务窗口办理。",
                        "Too many wrong codes. Please go to a service counter."),
    "hub.code_too_soon": ("验证码已发送，请稍后再重新获取。",
                          "A code was just sent. Please wait before asking again."),
    "hub.qr_expired": ("电子证照二维码已过期，请刷新后重新出示。",
                       "The e-ID QR code has expired. Please refresh it and scan again."),
    "hub.qr_invalid": ("无法识别该二维码，请出示电子身份证二维码。",
                       "This QR code is not an e-ID code. Please show your e-ID QR."),
    "hub.slot_full": ("该时段已约满，请选择其他时段。",
                      "That time slot is full. Please choose another."),
}

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
        """Key of the resident-facing text in ``MESSAGES``."""
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
