"""Every step a scenario may use, in English and Chinese, and what it does.

A phrase is a template: ``"{name}"`` is a quoted argument (any text without a
quote), ``{name}`` an unquoted one (a number or a word). Every argument goes
through its checker in :mod:`words` before anything happens, so a bad value fails
with the allowed ones. ``docs/testing.md``'s vocabulary section is generated from
this table (``python -m kiosk.devtools.scenarios.docs``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from kiosk.app.journey import Step
from kiosk.app.technician.checks import CheckName, Outcome
from kiosk.app.technician.desk import DeskState
from kiosk.base.i18n import translate
from kiosk.devtools.scenarios import words
from kiosk.devtools.scenarios.control import Material, NotAvailableHere
from kiosk.devtools.scenarios.driver import ExpectationFailed, ScenarioError, TechnicianView
from kiosk.devtools.scenarios.kiosk import SCENARIO_PIN, SCENARIO_PIN_HASH
from kiosk.devtools.scenarios.run import ScenarioRun, source_name

Checker = Callable[[str], Any]
Action = Callable[..., None]

GROUPS = {
    "devices": "Device events",
    "world": "Network, hub, disk and clock",
    "resident": "Resident actions",
    "technician": "Technician actions",
    "expect": "Expectations",
}


@dataclass(frozen=True)
class StepSpec:
    """One step: its English and Chinese phrases, its arguments' checkers, what it does."""

    group: str
    en: str
    zh: str
    doc: str
    checkers: dict[str, Checker]
    action: Action

    def names(self) -> list[str]:
        """The argument names, in the order the English phrase has them."""
        return re.findall(r"\{(\w+)\}", self.en)

    def run(self, run: ScenarioRun, raw: dict[str, str]) -> None:
        """Check the arguments, then carry the step out."""
        args: dict[str, Any] = {}
        for name in self.names():
            checker = self.checkers.get(name, str)
            try:
                args[name] = checker(raw[name])
            except words.BadArgument as exc:
                raise ScenarioError(f"bad argument: {exc}") from None
        if self.group != "expect" or run.driver.patience_s <= 0:
            self.action(run, **args)
            return
        # A screen catches up on its own time (a replugged reader reconnects, a worker
        # finishes): an expectation is given the driver's patience before it fails.
        deadline = time.monotonic() + run.driver.patience_s
        while True:
            try:
                self.action(run, **args)
                return
            except ExpectationFailed:
                if time.monotonic() >= deadline:
                    raise
                run.driver.wait_a_moment()


def pattern(template: str) -> str:
    """The regular expression a phrase template matches (whole step text)."""
    out = []
    for part in re.split(r'("\{\w+\}"|\{\w+\})', template):
        quoted = re.fullmatch(r'"\{(\w+)\}"', part)
        bare = re.fullmatch(r"\{(\w+)\}", part)
        if quoted:
            out.append(f'"(?P<{quoted.group(1)}>[^"]*)"')
        elif bare:
            out.append(f'(?P<{bare.group(1)}>[^\\s"]+)')
        else:
            out.append(re.escape(part))
    return "".join(out)


VOCABULARY: list[StepSpec] = []


def phrase(group: str, en: str, zh: str, doc: str,
           **checkers: Checker) -> Callable[[Action], Action]:
    """Register an action under its two phrases."""
    def register(action: Action) -> Action:
        VOCABULARY.append(StepSpec(group, en, zh, doc, checkers, action))
        return action
    return register


def _ms(value: str) -> float:
    return words.number(value, "milliseconds", low=0, high=120_000)


def _seconds(value: str) -> float:
    return words.number(value, "seconds", low=0, high=86_400)


def _minutes(value: str) -> float:
    return words.number(value, "minutes", low=-10_000, high=10_000)


# --- device events ---------------------------------------------------------------------

@phrase("devices", 'resident "{resident}" places their ID card on the reader',
        '居民 "{resident}" 把身份证放在读卡器上',
        "The demo resident's ID card goes on the reader; the kiosk reads it.",
        resident=words.resident)
def _place_id_card(run: ScenarioRun, resident: str) -> None:
    run.kiosk.person(resident)
    run.kiosk.control.place_id_card(resident)
    run.driver.notice()


@phrase("devices", "the ID card is lifted off the reader", "身份证从读卡器上拿开",
        "The card leaves the reader (residents lift it after the beep).")
def _lift_id_card(run: ScenarioRun) -> None:
    run.kiosk.control.place_id_card(None)
    run.driver.notice()


@phrase("devices", 'resident "{resident}" inserts their citizen card',
        '居民 "{resident}" 插入市民卡',
        "The resident's citizen card goes into the slot and stays there.",
        resident=words.resident)
def _insert_citizen_card(run: ScenarioRun, resident: str) -> None:
    run.kiosk.person(resident)
    run.kiosk.control.insert_citizen_card(resident)
    run.driver.notice()


@phrase("devices", 'technician "{technician}" inserts their technician card',
        '运维人员 "{technician}" 插入运维人员卡',
        "A demo technician's card (a citizen card with a technician role on the hub) goes "
        "into the slot.",
        technician=words.technician)
def _insert_technician_card(run: ScenarioRun, technician: str) -> None:
    run.kiosk.control.insert_citizen_card(technician)
    run.driver.notice()


@phrase("devices", "the citizen card is pulled out", "市民卡被拔出",
        "The citizen card leaves the slot (a session it opened ends).")
def _remove_citizen_card(run: ScenarioRun) -> None:
    run.kiosk.control.insert_citizen_card(None)
    run.driver.notice()


@phrase("devices", 'resident "{resident}" shows their e-ID QR code',
        '居民 "{resident}" 出示电子证照二维码',
        "A fresh e-ID QR of the resident (minted by the reference hub) is held to the camera.",
        resident=words.resident)
def _show_eid(run: ScenarioRun, resident: str) -> None:
    run.kiosk.person(resident)
    run.kiosk.control.show_eid_qr(resident)
    run.driver.notice()


@phrase("devices", 'a QR code holding "{payload}" is shown to the camera',
        '向摄像头出示内容为 "{payload}" 的二维码',
        "Any QR code (a forged e-ID, a stranger's code) is held to the camera.")
def _show_qr(run: ScenarioRun, payload: str) -> None:
    run.kiosk.control.show_qr(payload)
    run.driver.notice()


@phrase("devices", "the receipt's QR code is shown to the camera", "向摄像头出示回执上的二维码",
        "The QR printed on this scenario's last receipt is held to the camera.")
def _show_receipt_qr(run: ScenarioRun) -> None:
    url = run.notes.get("tracking_url")
    if not url:
        raise ScenarioError("no receipt was shown in this scenario yet")
    run.kiosk.control.show_qr(url)
    run.driver.notice()


@phrase("devices", 'the "{material}" is put under the camera', '把 "{material}" 放在高拍仪下',
        "A sheet of that material's shape (type or name, e.g. id_card or 身份证) goes under the "
        "camera.")
def _show_material(run: ScenarioRun, material: str) -> None:
    view = run.driver.view()
    known = {m.type: m for m in view.materials or ()}
    for m in view.materials or ():
        if material in (m.type, m.name_zh, m.name_en):
            run.kiosk.control.show_material(Material(m.type, m.width_mm, m.height_mm))
            run.driver.notice()
            return
    if not known:
        raise ScenarioError("the materials of a service are known on its materials screen; "
                            f"the kiosk is on {view.step.value}")
    raise ScenarioError(f"bad argument: material {material!r} is not one of this service's: "
                        + ", ".join(f"{t} ({m.name_en})" for t, m in known.items()))


@phrase("devices", "the camera sees nothing", "高拍仪下没有东西",
        "Whatever was under the camera is taken away.")
def _clear_camera(run: ScenarioRun) -> None:
    run.kiosk.control.clear_camera()
    run.driver.notice()


@phrase("devices", 'the printer reports "{state}"', '打印机报告 "{state}"',
        "The printer goes into a state: paper out (缺纸), paper near end (纸将用尽), cover open "
        "(盖子打开), error (故障), disconnected (断开), ready (正常).",
        state=words.printer_state)
def _printer(run: ScenarioRun, state: str) -> None:
    run.kiosk.control.set_printer(state)
    run.driver.notice()


@phrase("devices", 'the "{device}" is unplugged', '"{device}" 被拔掉',
        "A device's cable comes out: ID card reader, citizen card reader, camera, printer.",
        device=words.device)
def _unplug(run: ScenarioRun, device: str) -> None:
    run.kiosk.control.unplug(device, True)
    run.driver.notice()


# How long a device may take to be found again after it is plugged back in.
_RECONNECT_S = 15.0


@phrase("devices", 'the "{device}" is plugged back in', '"{device}" 重新接上',
        "The device's cable goes back in.", device=words.device)
def _plug(run: ScenarioRun, device: str) -> None:
    run.kiosk.control.unplug(device, False)
    # The driver finds the device again on its own schedule (a reopened port, its
    # status cache); the UI polls until it does, so wait for that, not a fixed time.
    handle = getattr(run.kiosk.devices, device)
    deadline = time.monotonic() + _RECONNECT_S
    while str(handle.status().value) == "disconnected":
        if time.monotonic() > deadline:
            raise ScenarioError(f"the {device} was plugged back in but still reports "
                                f"disconnected after {_RECONNECT_S:.0f} s")
        time.sleep(0.05)
    run.driver.notice()


@phrase("devices", 'the "{reader}" sends a corrupt frame', '"{reader}" 发来损坏的数据帧',
        "The reader's next answer has a wrong checksum on the wire.", reader=words.reader)
def _corrupt(run: ScenarioRun, reader: str) -> None:
    if reader != "idcard":
        raise ScenarioError("bad argument: only the ID card reader speaks frames on a wire "
                            "here; a citizen card's faults are mute, removed, wrong card, "
                            "locked, expired")
    run.kiosk.control.reader_fault(reader, "corrupt_frame")


@phrase("devices", 'the "{reader}" goes mute', '"{reader}" 不再应答',
        "The reader (or the card in it) stops answering until it answers again.",
        reader=words.reader)
def _mute(run: ScenarioRun, reader: str) -> None:
    run.kiosk.control.reader_fault(reader, "mute")


@phrase("devices", 'the "{reader}" answers again', '"{reader}" 恢复应答',
        "The reader behaves again.", reader=words.reader)
def _unmute(run: ScenarioRun, reader: str) -> None:
    run.kiosk.control.reader_fault(reader, "ok")
    run.driver.notice()


@phrase("devices", 'the "{reader}" fails with "{fault}"', '"{reader}" 出现故障 "{fault}"',
        "The reader's next read fails that way: corrupt frame, truncated frame, read failed, "
        "mute (ID card); mute, locked, expired, wrong card, removed (the next citizen card "
        "inserted).",
        reader=words.reader, fault=words.reader_fault)
def _reader_fault(run: ScenarioRun, reader: str, fault: str) -> None:
    run.kiosk.control.reader_fault(reader, fault)


# --- network, hub, disk, clock -----------------------------------------------------------

@phrase("world", "the network goes down", "网络断开",
        "Nothing reaches the hub: every connection is dropped.")
def _network_down(run: ScenarioRun) -> None:
    run.kiosk.control.hub_faults("drop_rate=1")


@phrase("world", "the network comes back", "网络恢复",
        "The hub is reachable again, with no faults.")
def _network_up(run: ScenarioRun) -> None:
    run.kiosk.control.hub_faults("none")


@phrase("world", "the network is slow, {ms} ms per request", "网络变慢，每个请求 {ms} 毫秒",
        "Every request to the hub takes that much longer.", ms=_ms)
def _network_slow(run: ScenarioRun, ms: float) -> None:
    run.kiosk.control.hub_faults(f"latency={ms / 1000:g}")


@phrase("world", "the hub answers every request with a server error",
        "数据中心对每个请求都返回服务器错误", "A server error (5xx) to every request.")
def _hub_500(run: ScenarioRun) -> None:
    run.kiosk.control.hub_faults("error_rate=1")


@phrase("world", "the hub answers garbage", "数据中心返回无法解析的内容",
        "Every answer is malformed.")
def _hub_garbage(run: ScenarioRun) -> None:
    run.kiosk.control.hub_faults("malformed_rate=1")


@phrase("world", "the hub answers after {ms} ms", "数据中心 {ms} 毫秒后才应答",
        "Every hub answer comes that much later (the network is fine).", ms=_ms)
def _hub_slow(run: ScenarioRun, ms: float) -> None:
    run.kiosk.control.hub_faults(f"latency={ms / 1000:g}")


@phrase("world", "the hub works normally again", "数据中心恢复正常", "No hub faults.")
def _hub_ok(run: ScenarioRun) -> None:
    run.kiosk.control.hub_faults("none")


@phrase("world", "the disk is full", "磁盘已满",
        "The store cannot grow: the next write that needs room fails.")
def _disk_full(run: ScenarioRun) -> None:
    run.kiosk.control.disk_full(True)


@phrase("world", "the disk has room again", "磁盘空间已恢复", "The store can grow again.")
def _disk_ok(run: ScenarioRun) -> None:
    run.kiosk.control.disk_full(False)


@phrase("world", "the terminal's clock jumps {minutes} minutes",
        "终端时钟跳变 {minutes} 分钟",
        "The terminal's wall clock is set wrong by that much (negative: back); the hub keeps "
        "the true time.", minutes=_minutes)
def _clock_jump(run: ScenarioRun, minutes: float) -> None:
    run.kiosk.control.jump_clock(minutes * 60)


@phrase("world", "the kiosk sends its queue", "终端发送待发队列",
        "One pass of the sync worker over every waiting submission, due now (as when it "
        "notices the network is back); whatever the hub answers.")
def _sync(run: ScenarioRun) -> None:
    run.kiosk.rt.outbox.make_all_due()
    run.kiosk.rt.sync.sync_once()


# --- resident actions --------------------------------------------------------------------

@phrase("resident", 'the resident taps "{target}"', '居民点击 "{target}"',
        "Tap a button by its words on screen (Chinese or English) or its test id "
        "(e.g. confirmIdentityButton, service_hotline_12345).")
def _tap(run: ScenarioRun, target: str) -> None:
    run.driver.tap(target)


@phrase("resident", 'the resident types "{text}" into "{field}"', '居民在 "{field}" 中输入 "{text}"',
        "Type with the on-screen keyboard into a form field (its label or name), the tracking "
        "code box or the code box.")
def _type(run: ScenarioRun, text: str, field: str) -> None:
    run.driver.type_text(field, text)


@phrase("resident", "the resident types the receipt's tracking code", "居民输入回执上的查询码",
        "Type the code printed on this scenario's last receipt into the track-a-case box.")
def _type_tracking(run: ScenarioRun) -> None:
    from kiosk.base.tracking import display

    code = run.notes.get("tracking")
    if not code:
        raise ScenarioError("no receipt was shown in this scenario yet")
    run.driver.type_text("trackCodeField", display(code))


@phrase("resident", "the resident enters the code sent to their phone", "居民输入手机收到的验证码",
        "Send the one-time code if not sent yet, read it off the phone, tap it in and OK.")
def _enter_sent_code(run: ScenarioRun) -> None:
    run.enter_code()


@phrase("resident", 'the resident enters the code "{code}"', '居民输入验证码 "{code}"',
        "Tap these digits on the keypad and OK (a wrong code, say).")
def _enter_code(run: ScenarioRun, code: str) -> None:
    run.driver.enter_code(code)


@phrase("resident", "the resident fills in the required fields", "居民填写全部必填项",
        "Every empty required field gets an answer (typed, chosen or ticked).")
def _fill(run: ScenarioRun) -> None:
    person = next(iter(run.kiosk.residents.values()), None)
    if person is None:
        raise ScenarioError("no resident has identified in this scenario")
    run.fill_required(person)


@phrase("resident", "the resident takes pictures of the missing materials", "居民拍摄缺少的材料",
        "Each missing required material goes under the camera and is photographed.")
def _capture(run: ScenarioRun) -> None:
    run.capture_missing()


@phrase("resident", "the resident takes a picture", "居民拍照", 'Tap "Take picture".')
def _take(run: ScenarioRun) -> None:
    run.driver.take_picture()


@phrase("resident", "the resident signs", "居民签名", "Draw a signature on the pad.")
def _sign(run: ScenarioRun) -> None:
    run.driver.sign()


@phrase("resident", "the resident agrees, signs and submits", "居民勾选同意、签名并提交",
        'Tick the consent box, sign, tap "Submit".')
def _submit(run: ScenarioRun) -> None:
    run.submit()


@phrase("resident", "the resident waits {seconds} seconds", "居民等待 {seconds} 秒不操作",
        "Touch nothing for that long (the idle timeout runs on).", seconds=_seconds)
def _wait(run: ScenarioRun, seconds: float) -> None:
    run.driver.wait(seconds)


@phrase("resident", 'the resident switches the language to "{language}"',
        '居民把语言切换为 "{language}"', "中文 / Chinese or English / 英文.",
        language=words.language)
def _language(run: ScenarioRun, language: str) -> None:
    run.driver.set_language(language)


@phrase("resident", "the resident turns elder mode on", "居民打开长辈模式",
        "Larger text, longer timeouts, voice prompts.")
def _elder_on(run: ScenarioRun) -> None:
    run.driver.set_elder_mode(True)


@phrase("resident", "the resident turns elder mode off", "居民关闭长辈模式", "Back to standard.")
def _elder_off(run: ScenarioRun) -> None:
    run.driver.set_elder_mode(False)


@phrase("resident", 'resident "{resident}" is on the "{screen}" screen of "{service}"',
        '居民 "{resident}" 已进入 "{service}" 的 "{screen}" 页面',
        "From the home screen with their ID card: confirm, choose the service (by id or name), "
        "the code if asked, the form, the materials, the submission, as far as that screen.",
        resident=words.resident, screen=words.screen)
def _walk_id_card(run: ScenarioRun, resident: str, screen: Step, service: str) -> None:
    run.walk_to(resident, _service_id(run, service), screen, "id_card")


@phrase("resident",
        'resident "{resident}" with a citizen card is on the "{screen}" screen of "{service}"',
        '居民 "{resident}" 用市民卡进入 "{service}" 的 "{screen}" 页面',
        "The same walk, identified by the citizen card (it stays in the slot).",
        resident=words.resident, screen=words.screen)
def _walk_citizen_card(run: ScenarioRun, resident: str, screen: Step, service: str) -> None:
    run.walk_to(resident, _service_id(run, service), screen, "citizen_card")


def _service_id(run: ScenarioRun, service: str) -> str:
    catalog = run.kiosk.rt.cache.catalog(None)
    if catalog is None:
        raise ScenarioError("the kiosk has no catalog (it could not reach the hub at start)")
    for sv in catalog.services:
        if service in (sv.id, sv.name_zh, sv.name_en):
            return sv.id
    raise ScenarioError(f"bad argument: service {service!r} is not in the catalog; use one of "
                        + ", ".join(sv.id for sv in catalog.services))


# --- technician actions --------------------------------------------------------------------

@phrase("technician", "a technician opens the technician sign-in", "运维人员打开运维登录",
        "Press and hold the status bar for three seconds (the hidden entry); it opens only on "
        "the start screen while no resident is being served.")
def _technician_open(run: ScenarioRun) -> None:
    run.driver.technician_open()


@phrase("technician", 'the technician enters the PIN "{pin}"', '运维人员输入运维密码 "{pin}"',
        f"Tap the PIN on the sign-in keypad and OK. The scenario kiosk's PIN is {SCENARIO_PIN} "
        "(fictional); on a terminal (--hardware) PIN steps run only if its [technician] "
        "pin_hash is that PIN's.", pin=words.pin)
def _technician_pin(run: ScenarioRun, pin: str) -> None:
    if run.kiosk.ctx.config.technician.pin_hash != SCENARIO_PIN_HASH:
        raise NotAvailableHere(f"this kiosk's technician PIN is not the scenarios' demo PIN "
                               f"({SCENARIO_PIN}); set [technician] pin_hash to "
                               f"{SCENARIO_PIN_HASH} in a test config to run PIN scenarios")
    run.driver.technician_pin(pin)


@phrase("technician", "the technician runs the {check} check", "运维人员运行 {check} 检查",
        "Tap a check on the technician screen and wait for its result: test_receipt (测试回执), "
        "card_read (读卡), camera (高拍仪).", check=words.check)
def _technician_check(run: ScenarioRun, check: CheckName) -> None:
    run.driver.technician_check(check)


@phrase("technician", "the technician signs out", "运维人员退出登录",
        'Tap "Sign out": back to the residents\' start screen.')
def _technician_sign_out(run: ScenarioRun) -> None:
    run.driver.technician_sign_out()


@phrase("technician", "the technician leaves the kiosk", "运维人员退出自助终端",
        'Tap "Leave the kiosk", then "Leave now": the kiosk app ends for maintenance.')
def _technician_leave(run: ScenarioRun) -> None:
    run.driver.technician_leave()


# --- expectations ----------------------------------------------------------------------------

@phrase("expect", 'the screen shows "{screen}"', '屏幕显示 "{screen}"',
        "The resident is on that screen (home, identity, code, services, form, materials, "
        "review, receipt, browse, service points, track case, help, or the Chinese names).",
        screen=words.screen)
def _screen(run: ScenarioRun, screen: Step) -> None:
    seen = run.driver.view()
    if seen.step is not screen:
        message = f", showing {_say(run, seen.message.key, seen.message.params)}" \
            if seen.message else ""
        raise ExpectationFailed(f"the {screen.value} screen", f"the {seen.step.value} screen"
                                + message)


def _say(run: ScenarioRun, key: str, params: dict[str, str]) -> str:
    locale = run.driver.view().locale
    return f'"{translate(key, locale, **params)}" ({key})'


@phrase("expect", 'the message "{message}" is shown', '显示提示 "{message}"',
        "A message on screen (banner, camera hint, print problem, field error) is that key, "
        "or its Chinese or English text contains these words.")
def _message(run: ScenarioRun, message: str) -> None:
    shown = run.driver.shown().messages
    for m in shown:
        texts = (translate(m.key, "zh_CN", **m.params), translate(m.key, "en_US", **m.params))
        if message == m.key or any(message.casefold() in t.casefold() for t in texts):
            return
    raise ExpectationFailed(f'a message "{message}"',
                            "; ".join(_say(run, m.key, m.params) for m in shown)
                            or "no message")


@phrase("expect", "no message is shown", "没有显示提示", "No banner, hint or print problem.")
def _no_message(run: ScenarioRun) -> None:
    shown = run.driver.shown().messages
    if shown:
        raise ExpectationFailed("no message", "; ".join(_say(run, m.key, m.params)
                                                        for m in shown))


def _field(run: ScenarioRun, field: str) -> Any:
    form = run.driver.view().form
    if form is None:
        raise ScenarioError(f"there is no form (the kiosk is on {run.driver.view().step.value})")
    for f in form.fields:
        if field.casefold() in (f.name.casefold(), f.label_zh.casefold(), f.label_en.casefold()):
            return f
    raise ScenarioError(f"bad argument: no field {field!r}; the form has "
                        + ", ".join(f"{f.name} ({f.label_en})" for f in form.fields))


@phrase("expect", 'the field "{field}" holds "{value}"', '字段 "{field}" 的值为 "{value}"',
        "The field's value, as the resident sees it (masked where the screen masks it).")
def _field_value(run: ScenarioRun, field: str, value: str) -> None:
    f = _field(run, field)
    if str(f.value) != value:
        raise ExpectationFailed(f'{f.name} = "{value}"',
                                f'{f.name} = "{f.value}" (from {source_name(f.source)})')


@phrase("expect", 'the field "{field}" came from "{source}"', '字段 "{field}" 的来源是 "{source}"',
        "Where the value came from: card (证件), hub (数据中心), resident (居民填写), empty (空).",
        source=words.source)
def _field_source(run: ScenarioRun, field: str, source: Any) -> None:
    f = _field(run, field)
    if f.source is not source:
        raise ExpectationFailed(f"{f.name} from {source.value}",
                                f"{f.name} from {source_name(f.source)}")


@phrase("expect", "the outbox holds {waiting} waiting and {sent} sent submissions",
        "待发队列中有 {waiting} 条待发送、{sent} 条已发送",
        "The terminal's outbox: waiting (pending or being sent) and sent rows.",
        waiting=lambda v: words.count(v, "waiting"), sent=lambda v: words.count(v, "sent"))
def _outbox(run: ScenarioRun, waiting: int, sent: int) -> None:
    counts = run.kiosk.outbox_counts()
    seen_waiting = counts.get("pending", 0) + counts.get("sending", 0)
    if (seen_waiting, counts.get("sent", 0)) != (waiting, sent):
        raise ExpectationFailed(f"{waiting} waiting and {sent} sent",
                                f"{seen_waiting} waiting and {counts.get('sent', 0)} sent "
                                f"(all states: {counts})")


def _tracking(run: ScenarioRun) -> str:
    code = run.notes.get("tracking")
    if not code:
        raise ScenarioError("no receipt was shown in this scenario, so no submission to look for")
    return code


@phrase("expect", "the hub received the submission exactly once", "数据中心恰好收到该申请一次",
        "This scenario's submission is at the hub as one case, not two.")
def _hub_once(run: ScenarioRun) -> None:
    code = _tracking(run)
    rows = [r for r in run.kiosk.hub_submissions() if r["tracking_code"] == code]
    if len(rows) != 1 or len({r["case_id"] for r in rows}) != 1:
        raise ExpectationFailed(f"submission {code} received once",
                                f"received {len(rows)} time(s)")


@phrase("expect", "the hub received no submission", "数据中心没有收到申请",
        "Nothing reached the hub's intake.")
def _hub_none(run: ScenarioRun) -> None:
    rows = run.kiosk.hub_submissions()
    if rows:
        raise ExpectationFailed("no submission at the hub",
                                f"{len(rows)}: " + ", ".join(r["tracking_code"] for r in rows))


@phrase("expect", 'the submission is "{status}"', '申请状态为 "{status}"',
        "The receipt screen says sent (已提交) or queued (已保存待发).", status=words.status)
def _status(run: ScenarioRun, status: str) -> None:
    receipt = run.driver.view().receipt
    if receipt is None:
        raise ExpectationFailed(f"a receipt screen saying {status}",
                                f"the {run.driver.view().step.value} screen")
    if receipt.status != status:
        raise ExpectationFailed(f"submission {status}", f"submission {receipt.status}")


def _printed_count(run: ScenarioRun, question: str) -> int:
    """Receipts printed so far: the simulator's paper, or the tester's eyes on hardware."""
    if run.kiosk.devices.sim.printed_jobs is None:
        return 1 if run.kiosk.control.tester_confirms(question) else 0
    return len([j for j in run.kiosk.receipts() if j.printed])


@phrase("expect", "the receipt was printed", "回执已打印", "The printer printed a receipt.")
def _printed(run: ScenarioRun) -> None:
    if not _printed_count(run, "Did the printer print a receipt just now?"):
        raise ExpectationFailed("a printed receipt", "nothing printed")


@phrase("expect", "no receipt was printed", "没有打印回执",
        "The printer printed nothing (the QR is shown on screen instead).")
def _not_printed(run: ScenarioRun) -> None:
    count = _printed_count(run, "Did the printer print anything in this scenario?")
    if count:
        raise ExpectationFailed("nothing printed", f"{count} printed receipt(s)")


def _last_receipt(run: ScenarioRun) -> Any:
    if run.kiosk.devices.sim.printed_jobs is None:
        raise NotAvailableHere("the printed text and QR are read from the printer simulator")
    printed = [j for j in run.kiosk.receipts() if j.printed]
    if not printed:
        raise ExpectationFailed("a printed receipt", "nothing printed")
    return printed[-1]


@phrase("expect", 'the printed receipt contains "{text}"', '打印的回执包含 "{text}"',
        "The receipt's printed text (as the printer received it) contains these words.")
def _receipt_text(run: ScenarioRun, text: str) -> None:
    job = _last_receipt(run)
    printed = job.text()
    if text not in printed:
        raise ExpectationFailed(f'the receipt to contain "{text}"',
                                "the receipt reads: " + " / ".join(
                                    line for line in printed.splitlines() if line.strip()))


def _decoded_qr(run: ScenarioRun) -> list[str]:
    job = _last_receipt(run)
    path = run.artifacts / "receipt-qr.png"
    run.kiosk.receipt_png(job, path)
    from PIL import Image

    image = np.asarray(Image.open(path).convert("RGB"))[:, :, ::-1].copy()
    return [c.text for c in run.kiosk.devices.barcode.decode(image)]


@phrase("expect", "the printed receipt's QR code decodes to the tracking address",
        "回执二维码解码为查询网址",
        "The QR on the paper, decoded from its picture, is this submission's tracking URL.")
def _receipt_qr_url(run: ScenarioRun) -> None:
    url = run.notes.get("tracking_url")
    decoded = _decoded_qr(run)
    if url is None or url not in decoded:
        raise ExpectationFailed(f"the QR to hold {url}", f"decoded {decoded or 'nothing'}")


@phrase("expect", 'the printed receipt\'s QR code decodes to "{text}"',
        '回执二维码解码为 "{text}"', "The QR on the paper holds text containing these words.")
def _receipt_qr(run: ScenarioRun, text: str) -> None:
    decoded = _decoded_qr(run)
    if not any(text in d for d in decoded):
        raise ExpectationFailed(f'a QR holding "{text}"', f"decoded {decoded or 'nothing'}")


@phrase("expect", 'the voice prompt says "{text}"', '语音提示包含 "{text}"',
        "In elder mode, the last thing spoken contains these words.")
def _voice(run: ScenarioRun, text: str) -> None:
    spoken = run.driver.spoken()
    if not spoken or text not in spoken[-1]:
        raise ExpectationFailed(f'the voice to say "{text}"',
                                f'it said "{spoken[-1]}"' if spoken else "nothing was said")


@phrase("expect", "no personal data appears in the logs", "日志中没有个人信息",
        "No name, ID number, phone or address of a resident of this scenario in any log line "
        "or log file.")
def _no_pii(run: ScenarioRun) -> None:
    lines = list(run.kiosk.logs.lines)
    for path in run.kiosk.ctx.data_dir.rglob("*.log"):
        lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    for what, value in run.kiosk.personal_values():
        hits = [line for line in lines if value and value in line]
        if hits:
            raise ExpectationFailed(f"no {what} in the logs",
                                    f"the {what} in {len(hits)} line(s), e.g. a "
                                    f"{hits[0].split(' ', 1)[0]} record")


@phrase("expect", "the previous step finished within {ms} ms", "上一步在 {ms} 毫秒内完成",
        "How long the step before this one took.", ms=_ms)
def _within(run: ScenarioRun, ms: float) -> None:
    if run.previous_ms is None:
        raise ScenarioError("there is no previous step to time")
    if run.previous_ms > ms:
        raise ExpectationFailed(f"within {ms:g} ms", f"{run.previous_ms:.0f} ms")


# --- technician expectations ---------------------------------------------------------------

def _desk_seen(view: TechnicianView) -> str:
    match view.state:
        case DeskState.CLOSED:
            return "the residents' screens (technician desk closed)" + \
                (" and the kiosk left" if view.may_close else "")
        case DeskState.SIGN_IN:
            return "the technician sign-in" + (f", saying {_notice_said(view)}"
                                               if view.notice else "")
        case DeskState.OPEN:
            return f"the technician screen ({view.staff_id}, by {view.method})"


def _notice_said(view: TechnicianView) -> str:
    if view.notice is None:
        return "nothing"
    return f'"{translate(view.notice.key, "en_US", **view.notice.params)}" ({view.notice.key})'


def _desk_is(run: ScenarioRun, state: DeskState, wanted: str) -> TechnicianView:
    view = run.driver.technician_view()
    if view.state is not state:
        raise ExpectationFailed(wanted, _desk_seen(view))
    return view


@phrase("expect", "the technician sign-in is shown", "显示运维登录页面",
        "The sign-in screen (card or PIN) is up.")
def _technician_sign_in_shown(run: ScenarioRun) -> None:
    _desk_is(run, DeskState.SIGN_IN, "the technician sign-in")


@phrase("expect", "the technician screen is open", "运维页面已打开",
        "A technician is signed in and sees the terminal's state and the checks.")
def _technician_open_shown(run: ScenarioRun) -> None:
    _desk_is(run, DeskState.OPEN, "the technician screen")


@phrase("expect", "the technician screen is closed", "运维页面已关闭",
        "Neither technician screen is up: the residents' screens are.")
def _technician_closed(run: ScenarioRun) -> None:
    _desk_is(run, DeskState.CLOSED, "the residents' screens (technician desk closed)")


@phrase("expect", 'the technician is signed in as "{staff}"', '运维人员以 "{staff}" 身份登录',
        "Who the open technician screen says is signed in: the hub's staff id (TECH-0001) for "
        "a card, PIN for the PIN.")
def _technician_staff(run: ScenarioRun, staff: str) -> None:
    view = _desk_is(run, DeskState.OPEN, f"the technician screen signed in as {staff}")
    if view.staff_id != staff:
        raise ExpectationFailed(f"signed in as {staff}", f"signed in as {view.staff_id}")


@phrase("expect", 'the technician sign-in says "{message}"', '运维登录页面提示 "{message}"',
        "The sign-in screen's message is this key of the kiosk's catalogue "
        "(technician.pin_wrong, hub.technician_unknown, technician.card_needs_hub, …).",
        message=words.message_key)
def _technician_notice(run: ScenarioRun, message: str) -> None:
    view = _desk_is(run, DeskState.SIGN_IN, f'the technician sign-in saying "{message}"')
    if view.notice is None or view.notice.key != message:
        raise ExpectationFailed(f'the sign-in saying "{translate(message, "en_US")}" '
                                f"({message})", f"it says {_notice_said(view)}")


def _check_is(run: ScenarioRun, check: CheckName, outcome: Outcome) -> None:
    view = _desk_is(run, DeskState.OPEN, f"the technician screen with the {check.value} check "
                                         f"{outcome.value}")
    result = view.check
    if result is None or result.check is not check:
        raise ExpectationFailed(f"the {check.value} check {outcome.value}",
                                "no result of that check on the screen" if result is None else
                                f"the result of the {result.check.value} check")
    if result.outcome is not outcome:
        said = translate(result.key, "en_US", **result.params)
        raise ExpectationFailed(f"the {check.value} check {outcome.value}",
                                f'{result.outcome.value}: "{said}" ({result.key})')


@phrase("expect", "the {check} check passed", "{check} 检查通过",
        "The technician screen's result of that check says it passed.", check=words.check)
def _check_passed(run: ScenarioRun, check: CheckName) -> None:
    _check_is(run, check, Outcome.PASSED)


@phrase("expect", "the {check} check failed", "{check} 检查未通过",
        "The technician screen's result of that check says it failed (with the reason).",
        check=words.check)
def _check_failed(run: ScenarioRun, check: CheckName) -> None:
    _check_is(run, check, Outcome.FAILED)


@phrase("expect", "the {check} check found nothing to check", "{check} 检查没有可检测的对象",
        "The technician screen's result of that check says there was nothing to check (no "
        "card on either reader), or something to do first (lift the card and place it again).",
        check=words.check)
def _check_nothing(run: ScenarioRun, check: CheckName) -> None:
    _check_is(run, check, Outcome.NOTHING)


@phrase("expect", "the technician screen shows the {device} as {state}",
        "运维页面显示 {device} 为 {state}",
        "The device's line on the technician screen: ok, degraded, absent or fault (the hub's "
        "four states). The device in one word: idcard, citizen_card, camera, printer, barcode.",
        device=words.status_device, state=words.device_state)
def _technician_device(run: ScenarioRun, device: str, state: str) -> None:
    view = _desk_is(run, DeskState.OPEN, f"the technician screen listing the {device}")
    lines = {d.name: d for d in view.devices}
    line = lines.get(device)
    if line is None or line.state != state:
        raise ExpectationFailed(f"{device} {state}", f"{device} {line.state} ({line.status})"
                                if line else "devices listed: " + (", ".join(lines) or "none"))


@phrase("expect", "the kiosk may be left", "自助终端可以关闭",
        "The technician left the kiosk: the app ends (the window may close).")
def _may_leave(run: ScenarioRun) -> None:
    view = run.driver.technician_view()
    if not view.may_close:
        raise ExpectationFailed("the kiosk left (the window may close)", _desk_seen(view))


@phrase("expect", "the PIN is locked", "运维密码已锁定",
        "Too many wrong PINs: no PIN is checked until the lock-out ends.")
def _pin_locked(run: ScenarioRun) -> None:
    view = run.driver.technician_view()
    if view.locked_s <= 0:
        raise ExpectationFailed("the PIN locked", "the PIN may be tried")
