"""Receipt layout: the ESC/POS bytes, both widths, QR modes, and no full ID number ever."""

from __future__ import annotations

import pytest
from printer_support import TRACKING_CODE, receipt_data

from devices.printer.encoding import CHINESE_OFF, CHINESE_ON
from devices.printer.simulator import EscposInterpreter, TextLine
from kiosk.app.receipt import ReceiptDataError, ReceiptOptions, layout
from kiosk.base.idnumber import mask_name
from kiosk.devtools.residents import demo_residents


def test_job_frame_init_then_feed_and_cut() -> None:
    job = layout(receipt_data())
    assert job.startswith(b"\x1b@")
    assert job.endswith(b"\x1bd\x04\x1dVB\x00")


def test_chinese_goes_out_as_fs_and_gb18030() -> None:
    job = layout(receipt_data())
    assert CHINESE_ON + "居住证申领".encode("gb18030") + CHINESE_OFF in job
    # Full-width punctuation travels inside the Chinese run, ASCII after it.
    assert CHINESE_ON + "时间：".encode("gb18030") + CHINESE_OFF + b"2026-01-05 17:30\n" in job
    assert "居住证".encode() not in job


def test_printer_sees_every_field() -> None:
    interpreter = EscposInterpreter(80)
    interpreter.feed(layout(receipt_data(queued=True)))
    (job,) = interpreter.jobs
    text = job.text()
    for expected in ("办事回执", "居住证申领", "Residence permit application", "SIM-0001",
                     "王*", "K7Q4-M2X9-TB1C-", "办好后到服务大厅领取", "网络暂时中断"):
        assert expected in text
    assert job.cut and job.missing_glyphs == []


def test_offline_notice_only_when_queued() -> None:
    interpreter = EscposInterpreter(80)
    interpreter.feed(layout(receipt_data(queued=False)))
    assert "网络暂时中断" not in interpreter.jobs[0].text()


def test_english_receipt() -> None:
    interpreter = EscposInterpreter(80)
    interpreter.feed(layout(receipt_data(locale="en_US", result_mode="mail",
                                         next_steps=("receipt.next.mail",))))
    text = interpreter.jobs[0].text()
    assert "Service receipt" in text and "Applicant: 王*" in text
    assert "Sent to you by post" in text and "居住证申领" in text


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_lines_fit_the_paper(width: int, locale: str) -> None:
    options = ReceiptOptions(width)
    interpreter = EscposInterpreter(width)
    interpreter.feed(layout(receipt_data(locale=locale, queued=True), options))
    lines = [e for e in interpreter.jobs[0].elements if isinstance(e, TextLine)]
    assert len(lines) > 10
    for line in lines:
        assert sum(c.columns * c.scale_w for c in line.cells) <= options.columns


def test_native_qr_uses_gs_k_and_raster_does_not() -> None:
    url = receipt_data().tracking_url.encode()
    native = layout(receipt_data(), ReceiptOptions(qr="native"))
    raster = layout(receipt_data(), ReceiptOptions(qr="raster"))
    assert b"\x1d(k" + (len(url) + 3).to_bytes(2, "little") + b"1P0" + url in native
    assert b"\x1d(k\x03\x001Q0" in native
    assert b"\x1d(k" not in raster and b"\x1dv0\x00" in raster


def test_full_id_numbers_are_refused_in_every_field() -> None:
    person = demo_residents()[0]
    for field in ("masked_name", "service_name_en", "service_name_zh", "terminal_id",
                  "tracking_url"):
        with pytest.raises(ReceiptDataError, match="full ID number"):
            receipt_data(**{field: f"x{person.id_number}"})
    with pytest.raises(ReceiptDataError, match="full ID number"):
        receipt_data(next_steps=(person.id_number,))
    with pytest.raises(ReceiptDataError, match="full ID number"):
        receipt_data(masked_name="110105491231002")  # first-generation 15-digit number
    with pytest.raises(ReceiptDataError, match="not masked"):
        receipt_data(masked_name=person.name)


def test_no_receipt_ever_carries_a_resident_id_number() -> None:
    for person in demo_residents()[::10]:
        data = receipt_data(masked_name=mask_name(person.name))
        job = layout(data, ReceiptOptions(58, "native"))
        interpreter = EscposInterpreter(58)
        interpreter.feed(job)
        printed = interpreter.jobs[0].text()
        for form in (person.id_number, person.id_number[:17]):
            assert form.encode() not in job and form not in printed
        assert person.name not in repr(data) and "<masked>" in repr(data)


def test_bad_data_is_refused() -> None:
    with pytest.raises(ReceiptDataError, match="tracking_code"):
        receipt_data(tracking_code=TRACKING_CODE[:-1] + "0" if TRACKING_CODE[-1] != "0"
                     else TRACKING_CODE[:-1] + "1")
    with pytest.raises(ReceiptDataError, match="result_mode"):
        receipt_data(result_mode="teleport")
    with pytest.raises(ValueError, match="width_mm"):
        ReceiptOptions(width_mm=76)



@pytest.mark.parametrize("mode", ["on_the_spot", "pickup", "mail"])
def test_every_result_mode_has_its_messages(mode: str) -> None:
    from kiosk.app.receipt import default_next_steps
    from kiosk.base.i18n import catalogue

    for locale in ("zh_CN", "en_US"):
        keys = catalogue(locale)
        assert f"receipt.result.{mode}" in keys
        assert all(k in keys for k in default_next_steps(mode))  # type: ignore[arg-type]
