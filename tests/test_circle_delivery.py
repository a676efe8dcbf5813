"""Result delivery: chosen on the review, part of the submission, printed on the receipt."""

from __future__ import annotations

import datetime as dt

from fakes import Kit, to_review

from devices.printer.simulator import EscposInterpreter
from kiosk.app import journey as j
from kiosk.app.receipt import ReceiptData, default_next_steps, layout
from kiosk.base import tracking
from kiosk.base.clock import CHINA_TIME, ManualClock
from kiosk.base.receipt_record import ReceiptRecord
from kiosk.devtools.residents import resident

MONDAY = dt.datetime(2026, 1, 5, 10, 0, tzinfo=CHINA_TIME)


def _printing(kit: Kit) -> None:
    """Build real receipts (ESC/POS) instead of the fake's short jobs."""

    def build(record: ReceiptRecord, locale: str, width_mm: int) -> bytes:
        mode = record.result_mode
        return layout(ReceiptData(record, "SIM-0001", tracking.tracking_url(
            kit.config.hub.tracking_base_url, record.tracking_code),
            default_next_steps(mode), locale))  # type: ignore[arg-type]

    kit.journey.build_receipt = build


def _printed_text(kit: Kit) -> str:
    interpreter = EscposInterpreter(80)
    interpreter.feed(kit.printer.jobs[-1])
    (job,) = interpreter.jobs
    assert job.cut and job.missing_glyphs == []
    return job.text()


def _delivery(kit: Kit) -> j.DeliveryView:
    view = kit.journey.view().delivery
    assert view is not None
    return view


def test_pickup_at_the_nearest_hall_is_the_default_and_is_printed() -> None:
    from fakes import make_kit

    kit = make_kit(ManualClock(MONDAY))
    _printing(kit)
    to_review(kit, "R0010", "residence_permit")
    d = _delivery(kit)
    assert [o.mode for o in d.options] == ["pickup", "mail"] and d.mode == "pickup"
    assert d.pickup_point_id == "P02"  # the nearest hall on foot
    assert [p.id for p in d.pickup_points] == ["P02", "P01", "P03", "P04", "P05"]
    assert d.expected_by == dt.date(2026, 1, 26)  # 15 working days after Monday 5 January
    kit.journey.handle(j.ChooseDelivery("pickup", "P01"))
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    draft, record = kit.outbox.submissions[-1]
    assert draft.result_mode == "pickup" and draft.delivery is not None
    assert draft.delivery.pickup_point_id == "P01"
    assert record.pickup_name_zh == "示范市和睦区政务服务中心"
    text = _printed_text(kit)
    for expected in ("领取地点：示范市和睦区政务服务中心", "浙江省示范市和睦区文一西路88号",
                     "周一至周五 09:00–17:00，周六 09:00–12:00", "预计办结：2026-01-26",
                     "咨询投诉请拨打12345"):
        assert expected in text, expected
    receipt = kit.journey.view().receipt
    assert receipt is not None and receipt.expected_by == dt.date(2026, 1, 26)
    assert receipt.pickup_address_en == "88 Wenyi West Road, Hemu District, Shifan City"


def test_express_mail_is_prefilled_from_the_hub_editable_and_masked() -> None:
    from fakes import make_kit

    kit = make_kit(ManualClock(MONDAY))
    _printing(kit)
    person = resident("R0010")
    to_review(kit, "R0010", "residence_permit")  # level 2: the hub releases the address
    kit.journey.handle(j.ChooseDelivery("mail"))
    d = _delivery(kit)
    fields = {f.name: f for f in d.mail_fields}
    assert fields["recipient_name"].value == person.name
    assert fields["mail_phone"].value == person.phone
    assert fields["mail_address"].value == person.residence_address
    assert fields["mail_address"].source.value == "hub"
    new_address = "浙江省示范市和睦路120号和睦新村5幢302室"
    kit.journey.handle(j.SetDeliveryField("mail_address", new_address))
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    draft, record = kit.outbox.submissions[-1]
    assert draft.delivery is not None and draft.delivery.mail_address == new_address
    assert draft.delivery.mail_phone == person.phone
    assert record.mail_to == "浙江省示范市" + "*" * 8
    text = _printed_text(kit)
    assert "邮寄至：浙江省示范市********" in text and new_address not in text
    assert person.phone not in text and "预计办结：2026-01-26" in text
    assert "咨询投诉请拨打12345" in text


def test_a_postal_form_with_a_bad_phone_stops_the_submission(kit: Kit) -> None:
    to_review(kit, "R0010", "residence_permit")
    kit.journey.handle(j.ChooseDelivery("mail"))
    kit.journey.handle(j.SetDeliveryField("mail_phone", "12345"))
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    assert kit.journey.step is j.Step.REVIEW and kit.outbox.submissions == []
    assert kit.journey.message == j.Message("journey.delivery_fix", {"count": "1"})
    fields = {f.name: f for f in _delivery(kit).mail_fields}
    assert fields["mail_phone"].error == "form.bad_format"


def test_a_mode_the_service_does_not_offer_is_refused(kit: Kit) -> None:
    to_review(kit, "R0010", "residence_permit")
    kit.journey.handle(j.ChooseDelivery("on_the_spot"))
    assert kit.journey.message == j.Message("journey.delivery_unavailable")
    kit.journey.handle(j.ChooseDelivery("pickup", "P06"))  # a kiosk hands nothing over
    assert kit.journey.message == j.Message("journey.point_unknown")
    assert _delivery(kit).mode == "pickup" and _delivery(kit).pickup_point_id == "P02"


def test_on_the_spot_prints_today_as_the_date(kit: Kit) -> None:
    to_review(kit, "R0010", "social_insurance_certificate")
    d = _delivery(kit)
    assert [o.mode for o in d.options] == ["on_the_spot"] and d.mail_fields == ()
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    _, record = kit.outbox.submissions[-1]
    assert record.expected_by == kit.clock.now().astimezone(CHINA_TIME).date()
    assert record.pickup_name_zh == "" and record.mail_to == ""


def test_the_receipt_layout_alone_in_english() -> None:
    record = ReceiptRecord(
        "senior_card", "老年优待证", "Senior citizen card", "王*", "pickup",
        dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC), tracking_code="K7Q4M2X9TB1C"
        + tracking.check_char("K7Q4M2X9TB1C"), queued=False, expected_by=dt.date(2026, 1, 14),
        pickup_name_zh="和睦街道便民服务中心", pickup_name_en="Hemu Subdistrict Service Centre",
        pickup_address_zh="和睦路120号", pickup_address_en="120 Hemu Road",
        pickup_hours_zh="周一至周五 09:00–17:00", pickup_hours_en="Mon–Fri 09:00–17:00")
    data = ReceiptData(record, "SIM-0001", "https://track.example.invalid/t/x",
                       default_next_steps("pickup"), "en_US")
    interpreter = EscposInterpreter(80)
    interpreter.feed(layout(data))
    text = interpreter.jobs[0].text()
    for expected in ("Collect at: Hemu Subdistrict Service Centre", "120 Hemu Road",
                     "Mon–Fri 09:00–17:00", "Expected by: 2026-01-14",
                     "Questions or complaints: call 12345"):
        assert expected in text, expected
