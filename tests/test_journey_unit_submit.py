"""Unit tier: submitting, sent or queued, printed or not, and a disk that refuses."""

from __future__ import annotations

from fakes import PAGE_JPEG, FakeOutbox, Kit, fill_required, to_form, to_review

from devices.printer.protocol import PrinterStatus
from kiosk.app import journey as j
from kiosk.base import idnumber, tracking
from kiosk.base.clock import CHINA_TIME
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.refhub.demo import services_by_id
from kiosk.devtools.residents import resident
from offline_cache.db import StorageFault


def test_sent_submission_prints_its_receipt(kit: Kit) -> None:
    person = resident("R0001")
    to_review(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True, signature_png=b"\x89PNG-signature"))
    assert kit.journey.step is j.Step.RECEIPT
    assert kit.journey.message == j.Message("journey.submitted")
    code = FakeOutbox.code_for(1)
    url = tracking.tracking_url(kit.config.hub.tracking_base_url, code)
    today = kit.clock.now().astimezone(CHINA_TIME).date()  # the result comes on the spot
    assert kit.journey.view().receipt == j.ReceiptView(
        code, tracking.display(code), url, "sent", "on_the_spot", True, None, True, today)
    (record, locale, width), = kit.receipts.built
    assert (record.tracking_code, record.queued, locale, width) == (code, False, "zh_CN", 80)
    assert record.masked_name == idnumber.mask_name(person.name)
    hotline = services_by_id()["hotline_12345"].service
    assert (record.service_id, record.service_name_zh, record.service_name_en) == (
        hotline.id, hotline.name_zh, hotline.name_en)
    assert kit.printer.jobs == [f"receipt {code} {record.masked_name}".encode()]
    assert kit.counts[-1] == "submitted_sent"


def test_the_draft_carries_form_materials_and_signature(kit: Kit) -> None:
    to_form(kit, "R0010", "residence_permit")
    fill_required(kit, resident("R0010"))
    kit.journey.handle(j.SubmitForm())
    for mtype, pages in (("id_card", 2), ("lease_contract", 1)):
        for _ in range(pages):
            kit.journey.handle(j.AddPage(mtype, PAGE_JPEG))
    kit.journey.handle(j.MaterialsDone())
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True, signature_png=b"\x89PNG-signature"))
    (draft, record), = kit.outbox.submissions
    assert draft.service_id == record.service_id == "residence_permit"
    assert draft.level == 2 and draft.session_id is not None
    assert draft.result_mode == record.result_mode == "pickup"
    kinds = [(m.type, m.content_type, m.pages) for m in draft.materials]
    # Two pages of one material become one PDF, a single page stays as captured, and
    # the signature travels as its own PNG.
    assert kinds == [("id_card", "application/pdf", 2), ("lease_contract", "image/jpeg", 1),
                     ("signature", "image/png", 1)]
    assert draft.materials[0].data.startswith(b"%PDF")
    assert draft.form["name"] == resident("R0010").name


def test_undelivered_submission_is_queued_and_says_so(kit: Kit) -> None:
    kit.outbox.delivers = False
    to_review(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    assert kit.journey.message == j.Message("journey.queued_offline")
    receipt = kit.journey.view().receipt
    assert receipt is not None and receipt.status == "queued"
    assert kit.receipts.built[0][0].queued is True
    assert kit.counts[-1] == "submitted_queued"


def test_offline_submission_does_not_wait_for_the_hub(kit: Kit) -> None:
    to_review(kit, "R0001", "hotline_12345")
    kit.online = False
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    assert kit.outbox.waited == []
    receipt = kit.journey.view().receipt
    assert receipt is not None and receipt.status == "queued"


def test_a_storage_fault_asks_for_staff_and_keeps_the_review(kit: Kit) -> None:
    kit.outbox.fault = StorageFault("disk_full", "no space left")
    to_review(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    assert kit.journey.step is j.Step.REVIEW
    assert kit.journey.message == j.Message("store.ask_staff")
    assert kit.journey.view().receipt is None
    assert kit.printer.jobs == [] and kit.receipts.built == []


def test_without_consent_nothing_is_submitted(kit: Kit) -> None:
    to_review(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.ConfirmAndSubmit(agreed=False))
    assert kit.journey.step is j.Step.REVIEW
    assert kit.journey.message == j.Message("journey.consent_needed")
    assert kit.outbox.submissions == []


def test_no_paper_shows_the_qr_instead(kit: Kit) -> None:
    kit.printer.state = PrinterStatus.PAPER_END
    to_review(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    receipt = kit.journey.view().receipt
    assert receipt is not None
    assert (receipt.printed, receipt.print_failure, receipt.status) == (
        False, "printer.paper_out", "sent")
    assert kit.counts[-2:] == ["submitted_sent", "receipt_not_printed"]


def test_a_citizen_card_receipt_does_not_remind_to_take_an_id_card(kit: Kit) -> None:
    kit.journey.handle(j.CitizenCardRead(citizen_card_for(resident("R0001"))))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("hotline_12345"))
    fill_required(kit, resident("R0001"))
    kit.journey.handle(j.SubmitForm())
    kit.journey.handle(j.AddPage("evidence_photo", PAGE_JPEG))
    kit.journey.handle(j.MaterialsDone())
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    receipt = kit.journey.view().receipt
    assert receipt is not None and receipt.take_card is False
