"""Printed slips: a point's directions (map excerpt, location QR) and an appointment."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import zxingcpp

from devices.printer.simulator import EscposInterpreter, QrBlock, RasterBlock, TextLine
from devices.printer.simulator.render import render_job
from kiosk.app.circle.hours import hours_text
from kiosk.app.circle.slips import AppointmentSlip, PointSlip, appointment_qr, geo_uri, layout
from kiosk.app.receipt import ReceiptOptions
from kiosk.devtools.refhub import district

NOW = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)


def _point_slip(point_id: str = "P03") -> PointSlip:
    points = district.service_points(30.28, 120.10, None, NOW).points
    p = next(x for x in points if x.id == point_id)
    assert p.route is not None
    hours_zh, hours_en = hours_text(p.opening_hours)
    return PointSlip(p.id, p.name_zh, p.name_en, p.address_zh, p.address_en, hours_zh,
                     hours_en, p.walking_minutes, p.distance_m, p.lon, p.lat, (120.10, 30.28),
                     tuple(p.route.coordinates), district.district_map(), "出生登记",
                     "Birth registration")


def _appointment_slip() -> AppointmentSlip:
    return AppointmentSlip("7KQ2MX", "和睦街道便民服务中心", "Hemu Subdistrict Service Centre",
                           "浙江省示范市和睦路120号", "120 Hemu Road, Shifan City", "居住证申领",
                           "Residence permit application", NOW, NOW + dt.timedelta(minutes=30),
                           appointment_qr("7KQ2MX"))


def test_a_point_slip_has_the_walk_the_map_and_a_location_qr() -> None:
    slip = _point_slip()
    interpreter = EscposInterpreter(80)
    interpreter.feed(layout(slip, "zh_CN", ReceiptOptions(80, "native")))
    (job,) = interpreter.jobs
    text = job.text()
    for expected in ("服务点指引", "办理事项：出生登记", "翠苑街道便民服务中心", "古翠路56号",
                     "开放时间：周一至周五 09:00–17:00", "步行：约28分钟（2100米）",
                     "咨询投诉请拨打12345"):
        assert expected in text, expected
    (qr,) = [e for e in job.elements if isinstance(e, QrBlock)]
    assert qr.data.decode() == geo_uri(slip.lat, slip.lon) == "geo:30.293490,120.093752"
    (picture,) = [e for e in job.elements if isinstance(e, RasterBlock)]
    assert picture.width_bytes * 8 == 576 and picture.height == 432
    assert job.cut and job.missing_glyphs == []


def test_the_map_excerpt_draws_the_walk_between_the_two_marks() -> None:
    slip = _point_slip("P07")
    job = layout(slip, "en_US", ReceiptOptions(80, "native"))
    interpreter = EscposInterpreter(80)
    interpreter.feed(job)
    (picture,) = [e for e in interpreter.jobs[0].elements if isinstance(e, RasterBlock)]
    bits = np.unpackbits(np.frombuffer(picture.bits, np.uint8)).reshape(picture.height, -1)
    # Much more ink than a bare frame: streets, the thick walk and both markers.
    assert 0.03 < bits.mean() < 0.5
    text = interpreter.jobs[0].text()
    assert "On foot: about 20 min (1500 m)" in text and "Cuiyuan Community" in text


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_slips_fit_the_paper(width: int, locale: str) -> None:
    options = ReceiptOptions(width)
    for slip in (_point_slip(), _appointment_slip()):
        interpreter = EscposInterpreter(width)
        interpreter.feed(layout(slip, locale, options))
        for element in interpreter.jobs[0].elements:
            if isinstance(element, TextLine):
                assert sum(c.columns * c.scale_w for c in element.cells) <= options.columns
            if isinstance(element, RasterBlock):
                assert element.width_bytes * 8 <= options.dots


def test_the_appointment_slip_prints_and_its_qr_reads_back() -> None:
    job = layout(_appointment_slip(), "en_US", ReceiptOptions(80, "raster"))
    interpreter = EscposInterpreter(80)
    interpreter.feed(job)
    # The paper as the simulated printer draws it, read back by a QR decoder.
    image = np.asarray(render_job(interpreter.jobs[0], 80).convert("L"))
    decoded = [r.text for r in zxingcpp.read_barcodes(image)
               if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == ["APPT:7KQ2MX"]
    text = interpreter.jobs[0].text()
    for expected in ("Appointment", "Where: 和睦街道便民服务中心", "120 Hemu Road",
                     "When: 2026-01-05 10:00–10:30", "7KQ2MX"):
        assert expected in text, expected
