"""The words a scenario may use for screens, devices, states, languages and sources.

Every argument of a step is checked here, so a typo fails with the allowed
words instead of doing something else. Each table maps what a tester writes
(English or Chinese, any case) to the one value the kiosk uses.
"""

from __future__ import annotations

import difflib
import re

from kiosk.app.forms import Source
from kiosk.app.journey import Step
from kiosk.app.technician.checks import CheckName
from kiosk.base.i18n import catalogue
from kiosk.devtools.residents import RESIDENT_COUNT
from kiosk.devtools.technicians import DEMO_TECHNICIANS, is_technician_code


class BadArgument(ValueError):
    """A step's argument is not one the vocabulary knows; the message lists what is."""


SCREENS: dict[str, Step] = {
    "home": Step.IDLE, "idle": Step.IDLE, "首页": Step.IDLE,
    "identity": Step.IDENTITY_CONFIRMED, "identity_confirmed": Step.IDENTITY_CONFIRMED,
    "身份确认": Step.IDENTITY_CONFIRMED,
    "code": Step.LEVEL2_CODE, "level2_code": Step.LEVEL2_CODE, "验证码": Step.LEVEL2_CODE,
    "services": Step.CHOOSE_SERVICE, "choose_service": Step.CHOOSE_SERVICE,
    "选择事项": Step.CHOOSE_SERVICE,
    "form": Step.FORM, "填写表单": Step.FORM, "表单": Step.FORM,
    "materials": Step.MATERIALS, "材料": Step.MATERIALS, "拍摄材料": Step.MATERIALS,
    "review": Step.REVIEW, "确认签名": Step.REVIEW,
    "receipt": Step.RECEIPT, "回执": Step.RECEIPT,
    "browse": Step.BROWSE, "浏览事项": Step.BROWSE,
    "service points": Step.SERVICE_POINTS, "service_points": Step.SERVICE_POINTS,
    "附近网点": Step.SERVICE_POINTS,
    "track case": Step.TRACK_CASE, "track_case": Step.TRACK_CASE, "查询进度": Step.TRACK_CASE,
    "help": Step.CALL_STAFF, "call_staff": Step.CALL_STAFF, "呼叫帮助": Step.CALL_STAFF,
}
DEVICES: dict[str, str] = {
    "id card reader": "idcard", "idcard": "idcard", "身份证读卡器": "idcard",
    "citizen card reader": "citizen_card", "citizen_card": "citizen_card",
    "市民卡读卡器": "citizen_card",
    "camera": "camera", "高拍仪": "camera", "摄像头": "camera",
    "printer": "printer", "打印机": "printer",
}
READERS: dict[str, str] = {k: v for k, v in DEVICES.items() if v in ("idcard", "citizen_card")}
PRINTER_STATES: dict[str, str] = {
    "ready": "ready", "正常": "ready",
    "paper near end": "paper_near_end", "paper_near_end": "paper_near_end", "纸将用尽": "paper_near_end",
    "paper out": "paper_out", "paper_out": "paper_out", "缺纸": "paper_out",
    "cover open": "cover_open", "cover_open": "cover_open", "盖子打开": "cover_open",
    "error": "error", "故障": "error",
    "disconnected": "disconnected", "断开": "disconnected",
}
READER_FAULTS: dict[str, str] = {
    "corrupt frame": "corrupt_frame", "corrupt_frame": "corrupt_frame", "数据帧损坏": "corrupt_frame",
    "truncated frame": "truncated_frame", "truncated_frame": "truncated_frame",
    "数据帧不完整": "truncated_frame",
    "read failed": "read_failed", "read_failed": "read_failed", "读卡失败": "read_failed",
    "mute": "mute", "不应答": "mute",
    "locked": "locked", "卡已锁定": "locked",
    "expired": "expired", "卡已过期": "expired",
    "wrong card": "wrong_card", "wrong_card": "wrong_card", "不是市民卡": "wrong_card",
    "removed": "removed", "读卡中拔出": "removed",
}
LANGUAGES: dict[str, str] = {
    "chinese": "zh_CN", "中文": "zh_CN", "zh_cn": "zh_CN", "zh-cn": "zh_CN",
    "english": "en_US", "英文": "en_US", "英语": "en_US", "en_us": "en_US", "en-us": "en_US",
}
SOURCES: dict[str, Source] = {
    "card": Source.CARD, "证件": Source.CARD, "卡片": Source.CARD,
    "hub": Source.HUB, "数据中心": Source.HUB,
    "resident": Source.RESIDENT, "typed": Source.RESIDENT, "居民填写": Source.RESIDENT,
    "empty": Source.EMPTY, "空": Source.EMPTY,
}
CHECKS: dict[str, CheckName] = {
    "test_receipt": CheckName.TEST_RECEIPT, "test receipt": CheckName.TEST_RECEIPT,
    "测试回执": CheckName.TEST_RECEIPT,
    "card_read": CheckName.CARD_READ, "card read": CheckName.CARD_READ, "读卡": CheckName.CARD_READ,
    "camera": CheckName.CAMERA, "高拍仪": CheckName.CAMERA, "摄像头": CheckName.CAMERA,
}
# The devices the technician screen lists: the four a scenario can unplug, and the decoder.
STATUS_DEVICES: dict[str, str] = {**DEVICES, "barcode": "barcode", "barcode decoder": "barcode",
                                  "条码识别": "barcode"}
DEVICE_STATES: dict[str, str] = {
    "ok": "ok", "正常": "ok", "degraded": "degraded", "降级": "degraded",
    "absent": "absent", "缺失": "absent", "fault": "fault", "故障": "fault",
}
STATUSES: dict[str, str] = {"sent": "sent", "已提交": "sent", "queued": "queued",
                            "已保存待发": "queued"}


def one_of(table: dict[str, object], value: str, what: str) -> object:
    """The table's value for ``value`` (case and spacing ignored), else ``BadArgument``."""
    key = " ".join(value.split()).casefold()
    if key in table:
        return table[key]
    raise BadArgument(f"{what} {value!r} is not known; use one of "
                      + ", ".join(f'"{k}"' for k in table))


def screen(value: str) -> Step:
    """A screen by its English or Chinese name, or its journey step."""
    found = one_of(dict(SCREENS), value, "screen")
    assert isinstance(found, Step)
    return found


def device(value: str) -> str:
    """A device as the dock names it."""
    return str(one_of(dict(DEVICES), value, "device"))


def reader(value: str) -> str:
    """One of the two card readers."""
    return str(one_of(dict(READERS), value, "card reader"))


def printer_state(value: str) -> str:
    """A printer state as the dock names it."""
    return str(one_of(dict(PRINTER_STATES), value, "printer state"))


def reader_fault(value: str) -> str:
    """A reader fault as the simulators name it."""
    return str(one_of(dict(READER_FAULTS), value, "reader fault"))


def language(value: str) -> str:
    """A locale."""
    return str(one_of(dict(LANGUAGES), value, "language"))


def source(value: str) -> Source:
    """Where a field's value came from."""
    found = one_of(dict(SOURCES), value, "source")
    assert isinstance(found, Source)
    return found


def status(value: str) -> str:
    """A submission's status on the receipt screen."""
    return str(one_of(dict(STATUSES), value, "status"))


def check(value: str) -> CheckName:
    """One of the technician screen's checks."""
    found = one_of(dict(CHECKS), value, "check")
    assert isinstance(found, CheckName)
    return found


def status_device(value: str) -> str:
    """A device as the technician screen names it."""
    return str(one_of(dict(STATUS_DEVICES), value, "device"))


def device_state(value: str) -> str:
    """A device's state as the technician screen folds it: ok, degraded, absent, fault."""
    return str(one_of(dict(DEVICE_STATES), value, "device state"))


def message_key(value: str) -> str:
    """A message key of the kiosk's catalogue (``technician.pin_wrong``, …)."""
    known = catalogue("en_US")
    if value not in known:
        near = difflib.get_close_matches(value, list(known), n=6, cutoff=0.6)
        raise BadArgument(f"message {value!r} is not in the kiosk's catalogue"
                          + ("; did you mean " + ", ".join(near) if near else ""))
    return value


def resident(value: str) -> str:
    """A demo resident's id, R0001 … R0240."""
    if not re.fullmatch(r"R\d{4}", value) or not 1 <= int(value[1:]) <= RESIDENT_COUNT:
        raise BadArgument(f"resident {value!r} is not a demo resident; use R0001 … "
                          f"R{RESIDENT_COUNT:04d}")
    return value


def technician(value: str) -> str:
    """A demo technician's card code, T0001 … (kiosk.devtools.technicians)."""
    if not is_technician_code(value):
        codes = ", ".join(tech.code for tech in DEMO_TECHNICIANS)
        raise BadArgument(f"technician {value!r} is not a demo technician; use {codes}")
    return value


def pin(value: str) -> str:
    """What a technician types on the PIN keypad: digits only (a wrong PIN is fine)."""
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise BadArgument(f"PIN {value!r} cannot be typed on the keypad; use 1 to 12 digits")
    return value


def number(value: str, what: str, *, low: float, high: float) -> float:
    """A number in [low, high]."""
    try:
        n = float(value)
    except ValueError:
        raise BadArgument(f"{what} {value!r} is not a number") from None
    if not low <= n <= high:
        raise BadArgument(f"{what} {value} is out of range; use {low:g} … {high:g}")
    return n


def count(value: str, what: str) -> int:
    """A whole number of things, 0 or more."""
    if not value.isdigit():
        raise BadArgument(f"{what} {value!r} is not a whole number")
    return int(value)
