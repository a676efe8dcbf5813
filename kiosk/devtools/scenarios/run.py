"""One scenario in progress: its kiosk, its driver, its records, and the walks steps share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.app import forms
from kiosk.app.journey import FieldView, Step
from kiosk.devtools.residents import DemoResident
from kiosk.devtools.scenarios.driver import ScenarioDriver, ScenarioError
from kiosk.devtools.scenarios.kiosk import ScenarioKiosk
from kiosk.devtools.scenarios.records import ScenarioRecord, StepRecord

# The order of the journey's screens, for "go as far as …".
JOURNEY_ORDER = (Step.IDLE, Step.IDENTITY_CONFIRMED, Step.CHOOSE_SERVICE, Step.LEVEL2_CODE,
                 Step.FORM, Step.MATERIALS, Step.REVIEW, Step.RECEIPT)


@dataclass
class ScenarioRun:
    """What the steps of one scenario share."""

    kiosk: ScenarioKiosk
    driver: ScenarioDriver
    artifacts: Path
    record: ScenarioRecord
    current: StepRecord | None = None
    previous_ms: float | None = None
    notes: dict[str, str] = field(default_factory=dict)

    # --- walks made of the driver's primitives --------------------------------------

    def expect_step(self, step: Step, doing: str) -> None:
        """Fail with where the resident is stuck when the screen is not ``step``."""
        view = self.driver.view()
        if view.step is not step:
            message = f" (message {view.message.key})" if view.message else ""
            raise ScenarioError(f"{doing}: the kiosk is on the {view.step.value} screen"
                                f"{message}, not {step.value}")

    def identify(self, resident_id: str, card: str) -> DemoResident:
        """The resident identifies on the home screen with an ID card or a citizen card."""
        person = self.kiosk.person(resident_id)
        control = self.kiosk.control
        if card == "citizen_card":
            control.insert_citizen_card(resident_id)
            self.driver.notice()
        else:
            control.place_id_card(resident_id)
            self.driver.notice()
            control.place_id_card(None)  # lifted after the beep, as the screen asks
        self.expect_step(Step.IDENTITY_CONFIRMED, f"reading the {card.replace('_', ' ')}")
        return person

    def walk_to(self, resident_id: str, service: str, target: Step, card: str) -> None:
        """From the home screen, as far as ``target`` in ``service``, doing what a resident does."""
        if target not in JOURNEY_ORDER or target is Step.IDLE:
            raise ScenarioError(f"{target.value} is not a screen of a service's journey; use "
                                + ", ".join(s.value for s in JOURNEY_ORDER[1:]))
        person = self.identify(resident_id, card)
        if target is Step.IDENTITY_CONFIRMED:
            return
        self.driver.tap("confirmIdentityButton")
        self.expect_step(Step.CHOOSE_SERVICE, "opening the service list")
        if target is Step.CHOOSE_SERVICE:
            return
        self.driver.tap(f"service_{service}")
        if self.driver.view().step is Step.LEVEL2_CODE:
            if target is Step.LEVEL2_CODE:
                return
            self.enter_code()
        self.expect_step(Step.FORM, f"opening the form of {service}")
        if target is Step.FORM:
            return
        self.fill_required(person)
        self.driver.tap("formNextButton")
        if self.driver.view().step is Step.MATERIALS:
            if target is Step.MATERIALS:
                return
            self.capture_missing()
            self.driver.tap("materialsDoneButton")
        self.expect_step(Step.REVIEW, "finishing the form and materials")
        if target is Step.REVIEW:
            return
        self.submit()
        self.expect_step(Step.RECEIPT, "submitting")

    def enter_code(self) -> None:
        """Send the one-time code, read it off the "phone" (the reference hub), type it in."""
        view = self.driver.view()
        if view.code_sent is None:
            self.driver.tap("sendCodeButton")
        admin = self.kiosk.admin
        if admin is None:
            raise ScenarioError("the one-time code goes to the resident's phone; only the "
                                "reference hub lets a scenario read it")
        codes = admin.sent_codes()
        if not codes:
            shown = self.driver.view().message
            raise ScenarioError("no one-time code was sent"
                                + (f" (message {shown.key})" if shown else ""))
        # One kiosk per scenario: the last code the hub sent is this resident's.
        self.driver.enter_code(str(codes[-1]["code"]))

    def fill_required(self, person: DemoResident) -> None:
        """Answer every empty required field with the keyboard, a choice or a tick."""
        form = self.driver.view().form
        if form is None:
            raise ScenarioError("there is no form on screen")
        for f in form.fields:
            if not f.required or f.value not in ("", None, False):
                continue
            if f.options:
                self.driver.tap(f"field_{f.name}_{f.options[0].value}")
            elif f.widget == "checkbox":
                self.driver.tap(f"field_{f.name}")
            else:
                self.driver.type_text(f.name, answer_for(f, person))

    def capture_missing(self) -> None:
        """Hold each missing required material under the camera and take its pictures."""
        from kiosk.devtools.scenarios.control import Material

        for _ in range(8):
            view = self.driver.view()
            missing = [m for m in view.materials or ()
                       if m.required and not m.on_file and m.pages < m.pages_wanted]
            if not missing:
                break
            m = missing[0]
            self.driver.tap(f"material_{m.type}")
            self.kiosk.control.show_material(Material(m.type, m.width_mm, m.height_mm))
            self.driver.notice()
            if self.driver.view().materials == view.materials:
                self.driver.take_picture()
            self.kiosk.control.clear_camera()
            self.driver.notice()
        else:
            raise ScenarioError("the materials were not all taken after 8 pictures")

    def submit(self) -> None:
        """Tick the consent box, sign and tap "Submit"."""
        self.driver.tap("consentCheck")
        self.driver.sign()
        self.driver.tap("submitButton")


def answer_for(f: FieldView, person: DemoResident) -> str:
    """What the resident types into an empty required field."""
    if f.widget == "phone":
        return person.phone
    if f.widget == "date":
        return "2026-01-05"
    if f.widget == "id_number":
        return person.id_number
    if f.widget == "number":
        return "1"
    if "address" in f.name:
        return person.residence_address
    return "示范"


def source_name(source: forms.Source) -> str:
    """How the report and errors name a value's source."""
    return source.value
