"""The headless driver: the resident plays the journey state machine directly, no screen.

Buttons become the events their ``onClicked`` sends (``targets.py``); device events
are noticed the way the UI's device thread notices them (poll the ID-card reader on
the home screen, watch the citizen-card slot, scan the camera for a QR, run the
capture workflow on the materials screen), but synchronously, right after the step
that caused them, so a scenario never races a background thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import assert_never

from devices.barcode.qr_watch import QrScanner
from devices.camera.protocol import Frame
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
from devices.idcard.protocol import IdCardData, IdCardFailureKind
from kiosk.app import journey as j
from kiosk.app.capture import CameraFrame, CaptureWorkflow, WantedMaterial, failed_grab
from kiosk.app.runtime import build_journey
from kiosk.app.technician import checks
from kiosk.app.technician.desk import DeskState, Notice, desk_for
from kiosk.app.technician.status import device_lines
from kiosk.base.i18n import translate
from kiosk.devtools.scenarios.driver import ScenarioError, Shown, TechnicianView
from kiosk.devtools.scenarios.kiosk import ScenarioKiosk
from kiosk.devtools.scenarios.targets import Press, resolve, tappable

# The standing voice prompt of each screen (the UI's ``ui.prompts.SCREEN_PROMPTS``, by step).
STEP_VOICE: dict[j.Step, str] = {
    j.Step.IDLE: "voice.home", j.Step.IDENTITY_CONFIRMED: "voice.identity",
    j.Step.LEVEL2_CODE: "voice.code", j.Step.CHOOSE_SERVICE: "voice.services",
    j.Step.BROWSE: "voice.services", j.Step.FORM: "voice.form",
    j.Step.MATERIALS: "voice.materials", j.Step.REVIEW: "voice.review",
    j.Step.RECEIPT: "voice.receipt", j.Step.SERVICE_POINTS: "voice.service_points",
    j.Step.TRACK_CASE: "voice.track_case", j.Step.CALL_STAFF: "voice.help",
}
_QUIET_ID_FAILURES = frozenset({IdCardFailureKind.NO_CARD, IdCardFailureKind.CARD_NOT_REMOVED})
_ID_POLLS = 3  # a placed card is read on the first poll; a few more ride out a slow reader
_QR_SCAN_S = 0.3
# A 1×1 white PNG: the headless "signature" (the pad hands the journey a PNG).
_SIGNATURE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8ffff3f0005fe02fea7d6a4d20000000049454e44ae426082")


class HeadlessDriver:
    """Plays the resident on the journey state machine of a :class:`ScenarioKiosk`."""

    name = "headless"
    patience_s = 0.0  # synchronous: what a step caused has happened when it returns

    def __init__(self, kiosk: ScenarioKiosk) -> None:
        self.kiosk = kiosk
        self.journey = build_journey(kiosk.rt)
        self._consent = False
        self._signature: bytes | None = None
        self._typed = ""
        self._cc_present = False
        self._cc_read = False
        self._id_failure: str | None = None
        self._last_qr: str | None = None
        self._workflow: CaptureWorkflow | None = None
        self._camera_hint = ""
        self._spoken: list[str] = []
        self._last_said: tuple[object, ...] | None = None
        self._scanner = QrScanner(kiosk.devices.camera, kiosk.devices.barcode, kiosk.clock)
        # The technician desk, as the UI builds it; while it is not closed the residents'
        # card watching is paused and the slot's card goes to the desk instead.
        self.desk = desk_for(kiosk.rt)
        self._paused = False
        self._desk_card_seen = False
        self._notice: Notice | None = None
        self._check: checks.CheckResult | None = None
        self._left = False

    # --- events ----------------------------------------------------------------------

    def _post(self, event: j.Event) -> None:
        before = self.journey.step
        self.journey.handle(event)
        after = self.journey.step
        if after is not before:
            self._typed = ""
            if before is j.Step.REVIEW:
                self._consent, self._signature = False, None
            self._workflow = self._new_workflow() if after is j.Step.MATERIALS else None
            self._camera_hint = ""
        self._voice()

    def _new_workflow(self) -> CaptureWorkflow:
        s = self.journey.session
        assert s.service is not None
        on_file = set(s.prefill.materials_on_file) if s.prefill else set()
        workflow = CaptureWorkflow(self.kiosk.clock, self._post)
        workflow.set_materials([WantedMaterial.from_hub(m, on_file=m.type in on_file)
                                for m in s.service.materials])
        return workflow

    def _voice(self) -> None:
        """Say what the UI's prompter would: in elder mode, on every change of what is faced."""
        view = self.journey.view()
        if not view.elder_mode:
            self._last_said = None
            return
        key = (view.step, view.message, view.locale, view.idle_warning)
        if key == self._last_said:
            return
        self._last_said = key
        if view.idle_warning:
            parts = [translate("voice.idle_warning", view.locale)]
        else:
            parts = [translate(view.message.key, view.locale, **view.message.params)
                     if view.message else "", translate(STEP_VOICE[view.step], view.locale)]
        self._spoken.append(" ".join(p for p in parts if p))

    # --- what the device thread would notice -----------------------------------------

    def wait_a_moment(self) -> None:
        """Nothing runs by itself headless."""

    def notice(self) -> None:
        """Watch the citizen-card slot, poll the ID-card reader and the camera, as the UI does."""
        if self._technician_watch():
            return
        self._watch_citizen_card()
        step = self.journey.step
        if step is j.Step.IDLE:
            self._poll_id_card()
        if self.journey.step in (j.Step.IDLE, j.Step.TRACK_CASE):
            self._scan_qr()
        if self.journey.step is j.Step.MATERIALS:
            self._look_at_camera()

    def _technician_watch(self) -> bool:
        """While the desk is not closed, its sign-in watches the slot; ``True``: paused here."""
        reader = self.kiosk.devices.citizen_card
        if self.desk.state is DeskState.CLOSED:
            if self._paused:
                # As the UI's device thread resumes: a card still in the slot (the
                # technician's) counts as read, so it never starts a resident's errand.
                self._paused = False
                self._cc_present = self._cc_read = (
                    reader.status() is CitizenCardReaderStatus.CARD_PRESENT)
            return False
        self._paused = True
        if self.desk.state is DeskState.SIGN_IN:
            present = reader.status() is CitizenCardReaderStatus.CARD_PRESENT
            if not present:
                self._desk_card_seen = False
            elif not self._desk_card_seen:
                self._desk_card_seen = True
                self._notice = self.desk.present_card(reader.read_card())
        return True

    def _watch_citizen_card(self) -> None:
        reader = self.kiosk.devices.citizen_card
        present = reader.status() is CitizenCardReaderStatus.CARD_PRESENT
        if present and not self._cc_read and self.journey.step is j.Step.IDLE:
            read = reader.read_card()
            self._cc_read = True
            if isinstance(read, CitizenCardData):
                self._post(j.CitizenCardRead(read))
            else:
                self._post(j.CardReadFailed(read.message_key))
        if not present and self._cc_present:
            self._post(j.CitizenCardRemoved())
        if not present:
            self._cc_read = False
        self._cc_present = present

    def _poll_id_card(self) -> None:
        reader = self.kiosk.devices.idcard
        for _ in range(_ID_POLLS):
            read = reader.read_card()
            if isinstance(read, IdCardData):
                self._id_failure = None
                self._post(j.IdCardRead(read))
                return
            if read.kind in _QUIET_ID_FAILURES:
                self._id_failure = None
                return
            if read.message_key != self._id_failure:
                # Told once per fault, as on the screen.
                self._id_failure = read.message_key
                self._post(j.CardReadFailed(read.message_key))
                return

    def _scan_qr(self) -> None:
        payload = self._scanner.scan(_QR_SCAN_S)
        if payload is None:
            self._last_qr = None
            return
        if payload == self._last_qr:
            return
        self._last_qr = payload
        self._post(j.QrScanned(payload))

    def _grab(self) -> CameraFrame | None:
        """One camera frame for the workflow; the hint says when the camera is gone."""
        assert self._workflow is not None
        camera = self.kiosk.devices.camera
        frame = camera.grab()
        if isinstance(frame, Frame):
            return CameraFrame(frame.image, frame.image)
        gone = failed_grab(frame, camera)
        if gone is not None:
            self._camera_hint = self._workflow.see(gone).hint
        return None

    def _look_at_camera(self) -> None:
        if self._workflow is None:
            return
        view = self._grab()
        if view is not None:
            self._camera_hint = self._workflow.see(view).hint

    # --- the resident's finger -------------------------------------------------------

    def tap(self, target: str) -> None:
        """Resolve the target on the current screen and send its event."""
        step = self.journey.step
        if step is j.Step.FORM and target.startswith("field_"):
            self._tap_field(target.removeprefix("field_"))
            return
        view = self.journey.view()
        services = {e.id: (e.name_zh, e.name_en) for e in view.services or ()}
        materials = {m.type: (m.name_zh, m.name_en) for m in view.materials or ()}
        found = resolve(target, step, services, materials)
        if found is None or (found.target.steps is not None and step not in found.target.steps):
            raise ScenarioError(f"no {target!r} to tap on the {step.value} screen; there is "
                                + ", ".join(tappable(step) or ["nothing"]))
        self._press(found.target.press, found.argument)
        self.notice()

    def _press(self, press: Press, argument: str | None) -> None:
        view = self.journey.view()
        match press:
            case Press.BROWSE:
                self._post(j.Browse())
            case Press.SERVICE_POINTS:
                self._post(j.ShowServicePoints())
            case Press.TRACK_CASE:
                self._post(j.ShowTrackCase())
            case Press.CALL_STAFF:
                self._post(j.CallStaff())
            case Press.TOGGLE_LANGUAGE:
                self._post(j.SetLocale("en_US" if view.locale == "zh_CN" else "zh_CN"))
            case Press.TOGGLE_ELDER:
                self._post(j.SetElderMode(not view.elder_mode))
            case Press.EXIT:
                self._post(j.Exit())
            case Press.CONFIRM_IDENTITY:
                self._post(j.ConfirmIdentity())
            case Press.CONTINUE_SESSION:
                self._post(j.ContinueSession())
            case Press.BACK:
                self._post(j.Back())
            case Press.SEND_CODE:
                if view.code_sent is not None and view.code_sent.resend_after_s > 0:
                    raise ScenarioError("the Send code button is not enabled yet "
                                        "(the resend countdown is running)")
                self._post(j.RequestCode())
            case Press.CODE_DONE:
                if not self._typed:
                    raise ScenarioError("the keypad's OK is not enabled: no digit typed")
                self._post(j.EnterCode(self._typed))
            case Press.FORM_NEXT:
                self._post(j.SubmitForm())
            case Press.CAPTURE:
                self.take_picture()
            case Press.MATERIALS_DONE:
                self._post(j.MaterialsDone())
            case Press.CONSENT:
                self._consent = not self._consent
            case Press.CLEAR_SIGNATURE:
                self._signature = None
            case Press.SUBMIT:
                if not self._consent:
                    raise ScenarioError("the Submit button is not enabled: the consent box "
                                        "is not ticked")
                self._post(j.ConfirmAndSubmit(True, self._signature))
            case Press.FINISH:
                self._post(j.Finish())
            case Press.SKIP_RATING:
                self._post(j.SkipRating())
            case Press.LOOK_UP:
                if not self._typed.strip():
                    raise ScenarioError("the Look up button is not enabled: no code typed")
                self._post(j.TrackCase(self._typed))
            case Press.CHOOSE_SERVICE:
                assert argument is not None
                self._post(j.ChooseService(argument))
            case Press.SELECT_MATERIAL:
                assert argument is not None and self._workflow is not None
                self._workflow.select(argument)

    def _tap_field(self, name: str) -> None:
        """``field_<name>`` ticks a checkbox; ``field_<name>_<value>`` picks a choice."""
        form = self.journey.view().form
        assert form is not None
        for f in form.fields:
            if name == f.name and f.widget == "checkbox":
                self._post(j.SetField(f.name, not bool(f.value)))
                return
            for option in f.options:
                if name == f"{f.name}_{option.value}":
                    self._post(j.SetField(f.name, option.value))
                    return
        raise ScenarioError(f"no field_{name} on the form")

    def type_text(self, field: str, text: str) -> None:
        """A form field by name or label; on the code and track-case screens, their one box."""
        step = self.journey.step
        if step in (j.Step.TRACK_CASE, j.Step.LEVEL2_CODE):
            self._typed = text
            return
        form = self.journey.view().form
        if step is not j.Step.FORM or form is None:
            raise ScenarioError(f"there is nothing to type into on the {step.value} screen")
        wanted = field.casefold()
        for f in form.fields:
            if wanted in (f.name.casefold(), f.label_zh.casefold(), f.label_en.casefold()):
                self._post(j.SetField(f.name, _typed_value(f.widget, text)))
                return
        raise ScenarioError(f"no field {field!r} on the form; its fields are "
                            + ", ".join(f"{f.name} ({f.label_en})" for f in form.fields))

    def enter_code(self, code: str) -> None:
        """The keypad's digits, then "OK"."""
        self.type_text("code", code)
        self.tap("key_done")

    def sign(self) -> None:
        """The pad hands over a PNG of the strokes."""
        if self.journey.step is not j.Step.REVIEW:
            raise ScenarioError(f"there is no signature pad on the {self.journey.step.value} "
                                "screen")
        self._signature = _SIGNATURE_PNG

    def take_picture(self) -> None:
        """Manual capture: the next frame is taken, as "Take picture" does."""
        workflow = self._workflow
        if workflow is None:
            raise ScenarioError(f"there is no camera on the {self.journey.step.value} screen")
        if not workflow.status().capture_enabled:
            raise ScenarioError("the Take picture button is not enabled: no material still "
                                "wants pages")
        workflow.request_capture()
        view = self._grab()
        if view is None:
            return  # the camera is gone: the hint says so, nothing is taken
        sighting = workflow.see(view)
        self._camera_hint = sighting.hint
        shot = workflow.take(view, sighting)
        if shot is not None:
            workflow.keep(shot)
            self._camera_hint = workflow.see(view).hint

    def wait(self, seconds: float) -> None:
        """Let the time pass, then the once-a-second ticks the UI sends (journey and desk)."""
        self.kiosk.control.let_time_pass(seconds)
        if self.desk.state is not DeskState.CLOSED and self.desk.check_idle():
            self._reset_technician()
        self._post(j.Tick())

    def set_language(self, locale: str) -> None:
        """The status bar's language switch."""
        self._post(j.SetLocale(locale))

    def set_elder_mode(self, on: bool) -> None:
        """The status bar's elder-mode switch."""
        self._post(j.SetElderMode(on))

    # --- the technician's finger -----------------------------------------------------

    def technician_open(self) -> None:
        """The hidden entry: opens only on the start screen with no resident being served."""
        if self.journey.step is j.Step.IDLE and self.desk.open_sign_in():
            self._desk_card_seen = False
            self._notice = None
        self.notice()

    def technician_pin(self, pin: str) -> None:
        """Type the PIN on the sign-in keypad and OK."""
        if self.desk.state is not DeskState.SIGN_IN:
            raise ScenarioError(f"there is no PIN keypad: the technician desk is "
                                f"{self.desk.state.value}")
        if not pin:
            raise ScenarioError("the keypad's OK is not enabled: no digit typed")
        self._notice = self.desk.enter_pin(pin)
        self.notice()

    def technician_check(self, check: checks.CheckName) -> checks.CheckResult:
        """Run one check of the open technician screen."""
        if self.desk.state is not DeskState.OPEN:
            raise ScenarioError(f"the checks are on the technician screen; the desk is "
                                f"{self.desk.state.value}")
        self.desk.touch()
        devices, clock = self.kiosk.devices, self.kiosk.rt.ctx.clock
        match check:
            case checks.CheckName.TEST_RECEIPT:
                result = checks.print_test_receipt(self.kiosk.rt)
            case checks.CheckName.CARD_READ:
                result = checks.card_read_check(devices, clock)
            case checks.CheckName.CAMERA:
                result = checks.camera_check(devices)
            case _:
                assert_never(check)
        self._check = result
        return result

    def technician_sign_out(self) -> None:
        """Sign out: back to the residents' start screen."""
        if self.desk.state is not DeskState.OPEN:
            raise ScenarioError(f"there is no Sign out button: the technician desk is "
                                f"{self.desk.state.value}")
        self.desk.sign_out()
        self._reset_technician()
        self.notice()

    def technician_leave(self) -> None:
        """Leave the kiosk (the app would end); only from the open technician screen."""
        if self.desk.state is not DeskState.OPEN:
            raise ScenarioError(f"there is no Leave button: the technician desk is "
                                f"{self.desk.state.value}")
        self._left = self.desk.leave()
        self._reset_technician()

    def _reset_technician(self) -> None:
        self._notice, self._check = None, None

    def technician_view(self) -> TechnicianView:
        """The desk's state, its last notice and check, the devices as the screen lists them."""
        state = self.desk.state
        who = self.desk.technician
        return TechnicianView(
            state=state, notice=self._notice if state is DeskState.SIGN_IN else None,
            staff_id=who.staff_id if who else None, method=who.method if who else None,
            check=self._check if state is DeskState.OPEN else None,
            devices=device_lines(self.kiosk.rt) if state is DeskState.OPEN else (),
            locked_s=self.desk.locked_for(), may_close=self._left)

    # --- what the resident sees ------------------------------------------------------

    def view(self) -> j.JourneyView:
        """The journey's view now."""
        return self.journey.view()

    def shown(self) -> Shown:
        """The banner, a print failure, the camera hint and field errors."""
        view = self.journey.view()
        out: list[j.Message] = []
        if view.message is not None:
            out.append(view.message)
        if view.receipt is not None and view.receipt.print_failure:
            out.append(j.Message(view.receipt.print_failure))
        if view.step is j.Step.MATERIALS and self._camera_hint:
            out.append(j.Message(self._camera_hint))
        if view.form is not None and view.step is j.Step.FORM:
            out.extend(j.Message(f.error) for f in view.form.fields if f.error)
        return Shown(tuple(out))

    def spoken(self) -> list[str]:
        """What elder mode said so far."""
        return list(self._spoken)

    def screenshot(self, path: Path) -> Path | None:
        """No screen headless."""
        return None

    def close(self) -> None:
        """Stop watching the camera."""
        self._scanner.cancel()


def _typed_value(widget: str, text: str) -> str | int | float:
    """What the form field hands the journey: a number field's text as a number, if it is one."""
    if widget != "number":
        return text
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text
