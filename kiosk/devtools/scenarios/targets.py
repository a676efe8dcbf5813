"""What a resident can tap: each button's test id (its QML objectName), its words, its screens.

Both drivers resolve "tap X" here, by test id or by the visible words in either
language, so a scenario reads the same on the headless and the UI driver. The
UI driver then taps the QML item with that objectName; the headless driver sends
the journey the event the button's ``onClicked`` sends. A test checks the words
against ``ui/i18n/*.ts`` so they stay what the screens show.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.app.journey import Step


class Press(enum.Enum):
    """What a button does, as the headless driver carries it out."""

    BROWSE = "browse"
    SERVICE_POINTS = "service_points"
    TRACK_CASE = "track_case"
    CALL_STAFF = "call_staff"
    TOGGLE_LANGUAGE = "toggle_language"
    TOGGLE_ELDER = "toggle_elder"
    EXIT = "exit"
    CONFIRM_IDENTITY = "confirm_identity"
    CONTINUE_SESSION = "continue_session"
    BACK = "back"
    SEND_CODE = "send_code"
    CODE_DONE = "code_done"
    FORM_NEXT = "form_next"
    CAPTURE = "capture"
    MATERIALS_DONE = "materials_done"
    CONSENT = "consent"
    CLEAR_SIGNATURE = "clear_signature"
    SUBMIT = "submit"
    FINISH = "finish"
    SKIP_RATING = "skip_rating"
    LOOK_UP = "look_up"
    CHOOSE_SERVICE = "choose_service"  # service_<id>, named by the catalog
    SELECT_MATERIAL = "select_material"  # material_<type>


@dataclass(frozen=True)
class Target:
    """One tappable thing: test id, English and Chinese words, the screens it is on."""

    test_id: str
    en: str
    zh: str
    press: Press
    steps: frozenset[Step] | None  # None: on every screen (the status bar)


def _on(*steps: Step) -> frozenset[Step]:
    return frozenset(steps)


S = Step
TARGETS: tuple[Target, ...] = (
    Target("languageButton", "English", "中文", Press.TOGGLE_LANGUAGE, None),
    Target("elderButton", "Elder mode", "长辈模式", Press.TOGGLE_ELDER, None),
    Target("callStaffButton", "Call staff", "呼叫工作人员", Press.CALL_STAFF, None),
    Target("browseButton", "Browse services", "浏览办事事项", Press.BROWSE, _on(S.IDLE)),
    Target("pointsButton", "Service points and map", "附近服务点和地图", Press.SERVICE_POINTS,
           _on(S.IDLE)),
    Target("trackCaseButton", "Track a case", "查询办件进度", Press.TRACK_CASE, _on(S.IDLE)),
    Target("homeCallStaffButton", "Ask staff for help", "请工作人员帮忙", Press.CALL_STAFF,
           _on(S.IDLE)),
    Target("notMeButton", "Not you? Exit", "不是本人？退出", Press.EXIT,
           _on(S.IDENTITY_CONFIRMED)),
    Target("confirmIdentityButton", "Yes, continue", "是我，继续", Press.CONFIRM_IDENTITY,
           _on(S.IDENTITY_CONFIRMED)),
    Target("codeBackButton", "Back", "返回", Press.BACK, _on(S.LEVEL2_CODE)),
    Target("sendCodeButton", "Send code", "发送验证码", Press.SEND_CODE, _on(S.LEVEL2_CODE)),
    Target("key_done", "OK", "确定", Press.CODE_DONE, _on(S.LEVEL2_CODE)),
    Target("servicesBackButton", "Back", "返回", Press.BACK, _on(S.CHOOSE_SERVICE, S.BROWSE)),
    Target("formBackButton", "Back", "返回", Press.BACK, _on(S.FORM)),
    Target("formNextButton", "Next", "下一步", Press.FORM_NEXT, _on(S.FORM)),
    Target("materialsBackButton", "Back", "返回", Press.BACK, _on(S.MATERIALS)),
    Target("captureButton", "Take picture", "拍照", Press.CAPTURE, _on(S.MATERIALS)),
    Target("materialsDoneButton", "Next", "下一步", Press.MATERIALS_DONE, _on(S.MATERIALS)),
    Target("consentCheck",
           "I confirm the information is true and agree that it is sent to the service office.",
           "本人确认以上信息真实，同意提交至办理部门。", Press.CONSENT, _on(S.REVIEW)),
    Target("reviewBackButton", "Back", "返回", Press.BACK, _on(S.REVIEW)),
    Target("clearSignatureButton", "Clear signature", "重新签名", Press.CLEAR_SIGNATURE,
           _on(S.REVIEW)),
    Target("submitButton", "Submit", "提交", Press.SUBMIT, _on(S.REVIEW)),
    Target("finishButton", "Finish", "完成", Press.FINISH, _on(S.RECEIPT)),
    Target("ratingSkipButton", "Skip", "跳过", Press.SKIP_RATING, _on(S.RATING)),
    Target("helpBackButton", "Back", "返回", Press.BACK, _on(S.CALL_STAFF)),
    Target("pointsBackButton", "Back", "返回", Press.BACK, _on(S.SERVICE_POINTS)),
    Target("trackBackButton", "Back", "返回", Press.BACK, _on(S.TRACK_CASE)),
    Target("trackLookupButton", "Look up", "查询", Press.LOOK_UP, _on(S.TRACK_CASE)),
    Target("idleExitButton", "Exit now", "立即退出", Press.EXIT, None),
    Target("idleContinueButton", "Continue", "继续办理", Press.CONTINUE_SESSION, None),
)


@dataclass(frozen=True)
class Resolved:
    """A tap resolved to a target and, for services and materials, the id it carries."""

    target: Target
    argument: str | None = None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def resolve(name: str, step: Step, services: dict[str, tuple[str, str]],
            materials: dict[str, tuple[str, str]]) -> Resolved | None:
    """The target ``name`` means on ``step``: a test id, or words on that screen.

    ``services`` and ``materials`` map ids to (Chinese, English) names for the
    ``service_<id>`` and ``material_<type>`` targets of the catalog and the service.
    """
    wanted = _norm(name)
    for sid, names in services.items():
        if name == f"service_{sid}" or wanted in (_norm(n) for n in names):
            return Resolved(Target(f"service_{sid}", names[1], names[0], Press.CHOOSE_SERVICE,
                                   _on(S.CHOOSE_SERVICE, S.BROWSE)), sid)
    for mtype, names in materials.items():
        if name == f"material_{mtype}" or wanted in (_norm(n) for n in names):
            return Resolved(Target(f"material_{mtype}", names[1], names[0],
                                   Press.SELECT_MATERIAL, _on(S.MATERIALS)), mtype)
    by_id = [t for t in TARGETS if t.test_id == name]
    if by_id:
        return Resolved(by_id[0])
    on_screen = [t for t in TARGETS if t.steps is None or step in t.steps]
    for t in on_screen:
        if wanted in (_norm(t.en), _norm(t.zh)):
            return Resolved(t)
    return None


def tappable(step: Step) -> list[str]:
    """Test ids of what is on ``step`` (for the "no such button" error)."""
    return [t.test_id for t in TARGETS if t.steps is not None and step in t.steps]
