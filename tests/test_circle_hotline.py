"""12345: an enquiry or complaint as a service, with a receipt and a code anyone can track,
and tracking that shows nothing personal to whoever stands at the kiosk."""

from __future__ import annotations

from fakes import card_for

from devices.printer.simulator import EscposInterpreter
from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey
from kiosk.base import tracking
from kiosk.devtools.residents import resident

DESCRIPTION = "和睦新村5幢楼下路灯不亮已一周"
PHONE = "13912345678"


def test_a_complaint_gets_a_receipt_and_is_tracked_without_personal_data(
        kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    person = resident("R0010")
    journey = build_journey(rt)
    journey.handle(card_for("R0010"))
    journey.handle(j.ConfirmIdentity())
    journey.handle(j.ShowServiceDetails("hotline_12345"))
    details = journey.view().details
    assert details is not None and details.identity_level == 1 and details.time_limit_days == 5
    journey.handle(j.ChooseService("hotline_12345"))
    assert journey.step is j.Step.FORM
    for name, value in (("topic", "complaint"), ("category", "environment"),
                        ("description", DESCRIPTION), ("phone", PHONE),
                        ("location", "和睦新村5幢")):
        journey.handle(j.SetField(name, value))
    journey.handle(j.SubmitForm())
    journey.handle(j.MaterialsDone())
    journey.handle(j.ConfirmAndSubmit(agreed=True))
    receipt = journey.view().receipt
    assert receipt is not None and receipt.status == "sent" and receipt.printed
    assert rt.devices is not None
    interpreter = EscposInterpreter(80)
    interpreter.feed(rt.devices.printer.jobs[-1])  # type: ignore[attr-defined]
    printed = interpreter.jobs[0].text()
    assert "12345咨询投诉" in printed and tracking.display(receipt.tracking_code) in printed
    assert DESCRIPTION not in printed and PHONE not in printed
    journey.handle(j.Finish())
    journey.handle(j.SkipRating())
    assert journey.step is j.Step.IDLE

    # Someone else at the kiosk, not identified, types the code.
    journey.handle(j.ShowTrackCase())
    journey.handle(j.TrackCase(tracking.display(receipt.tracking_code)))
    view = journey.view()
    assert view.person is None and view.case is not None
    assert view.case.status.service_id == "hotline_12345"
    assert view.case.service_name_zh == "12345咨询投诉"
    shown = repr(view) + view.case.status.model_dump_json()
    for secret in (person.name, person.id_number, PHONE, DESCRIPTION, "和睦新村5幢",
                   person.phone):
        assert secret not in shown, secret


def test_contact_is_optional_and_a_category_is_needed(kiosk_runtime: Runtime) -> None:
    journey = build_journey(kiosk_runtime)
    journey.handle(card_for("R0010"))
    journey.handle(j.ConfirmIdentity())
    journey.handle(j.ChooseService("hotline_12345"))
    journey.handle(j.SetField("topic", "consult"))
    journey.handle(j.SetField("description", "社区食堂几点开门？"))
    journey.handle(j.SubmitForm())
    assert journey.step is j.Step.FORM
    form = journey.view().form
    assert form is not None
    assert {f.name: f.error for f in form.fields if f.error} == {"category": "form.required"}
    journey.handle(j.SetField("category", "public_service"))
    journey.handle(j.SubmitForm())
    assert journey.step is j.Step.MATERIALS  # no phone needed
