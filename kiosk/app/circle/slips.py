"""Printed slips: where to go (a service point) and an appointment, as ESC/POS jobs.

A point slip is what a resident takes away when this kiosk cannot finish an
errand: the point's name, address, opening hours, how long the walk is, a map
excerpt with the walk drawn on it, and a QR with the location (an RFC 5870
``geo:`` URI, which phone map apps open). An appointment slip carries the
booking: where, for what, when, the appointment code and a QR of it for the
hall's counter. Neither holds anything personal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PIL import Image, ImageDraw

from devices.printer.encoding import EscPosJob
from kiosk.app.circle.mapping import Frame, clipped
from kiosk.app.receipt import HOTLINE, ReceiptOptions
from kiosk.base import i18n
from kiosk.base.clock import CHINA_TIME
from kiosk.hub.schema import DistrictMap, LineFeature, Position

_MAP_MIN_HALF_M = 350.0
_MAP_MARGIN_M = 200.0


@dataclass(frozen=True)
class PointSlip:
    """Directions to one service point from this terminal."""

    point_id: str
    name_zh: str
    name_en: str
    address_zh: str
    address_en: str
    hours_zh: str
    hours_en: str
    walking_minutes: int
    distance_m: int
    lon: float
    lat: float
    here: Position  # this terminal, (longitude, latitude)
    route: tuple[Position, ...]  # the walk along the streets; empty when unknown
    district: DistrictMap | None
    service_name_zh: str = ""
    service_name_en: str = ""


@dataclass(frozen=True)
class AppointmentSlip:
    """A booked appointment."""

    code: str
    point_name_zh: str
    point_name_en: str
    address_zh: str
    address_en: str
    service_name_zh: str
    service_name_en: str
    start: dt.datetime
    end: dt.datetime
    qr_text: str


Slip = PointSlip | AppointmentSlip


def geo_uri(lat: float, lon: float) -> str:
    """An RFC 5870 ``geo:`` URI of a place, which phone map apps open."""
    return f"geo:{lat:.6f},{lon:.6f}"


def appointment_qr(code: str) -> str:
    """What an appointment slip's QR holds: the code, for the hall's counter scanner."""
    return f"APPT:{code}"


def map_excerpt(slip: PointSlip, width: int) -> Image.Image:
    """The streets around the walk, the walk (thick), this terminal (square) and the point (dot)."""
    ends = [slip.here, (slip.lon, slip.lat), *slip.route]
    lons = [p[0] for p in ends]
    lats = [p[1] for p in ends]
    centre = Frame((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    xs, ys = zip(*(centre.metres(p) for p in ends), strict=True)
    aspect = 0.75  # the picture is 4:3, landscape
    # The frame is square; the picture shows its middle band, tall enough for the walk.
    half = max(_MAP_MIN_HALF_M, (max(xs) - min(xs)) / 2 + _MAP_MARGIN_M,
               ((max(ys) - min(ys)) / 2 + _MAP_MARGIN_M) / aspect)
    frame = Frame(centre.lon, centre.lat, half)
    height = int(width * aspect)
    scale = float(width)
    top = (width - height) / 2

    def px(x: float, y: float) -> tuple[float, float]:
        return (x * scale, y * scale - top)

    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    if slip.district is not None:
        for feature in slip.district.features:
            if not isinstance(feature, LineFeature):
                continue
            water = feature.properties.kind == "water"
            for piece in clipped(frame, feature.geometry.coordinates):
                points = [px(p.x, p.y) for p in piece]
                if water:
                    draw.line(points, fill=0, width=1)
                    draw.line([(x, y + 5) for x, y in points], fill=0, width=1)
                else:
                    draw.line(points, fill=0, width=2)
    if len(slip.route) >= 2:
        for piece in clipped(frame, slip.route):
            draw.line([px(p.x, p.y) for p in piece], fill=0, width=7, joint="curve")
    hx, hy = px(*_xy(frame, slip.here))
    draw.rectangle((hx - 9, hy - 9, hx + 9, hy + 9), fill=255, outline=0, width=4)
    tx, ty = px(*_xy(frame, (slip.lon, slip.lat)))
    draw.ellipse((tx - 12, ty - 12, tx + 12, ty + 12), fill=0)
    draw.ellipse((tx - 4, ty - 4, tx + 4, ty + 4), fill=255)
    draw.rectangle((0, 0, width - 1, height - 1), outline=0, width=2)
    return img


def _xy(frame: Frame, position: Position) -> tuple[float, float]:
    xy = frame.xy(position)
    return xy.x, xy.y


def layout(slip: Slip, locale: str, options: ReceiptOptions | None = None) -> bytes:
    """One slip as a complete ESC/POS job."""
    opts = options or ReceiptOptions()
    loc = locale if locale in i18n.LOCALES else i18n.DEFAULT_LOCALE
    job = EscPosJob(opts.width_mm, opts.qr, opts.font_coverage)

    def t(key: str, **params: object) -> str:
        return i18n.translate(key, loc, **params)

    sep = "：" if loc == "zh_CN" else ": "
    if isinstance(slip, PointSlip):
        job.line(t("slip.point.title"), "center", bold=True, scale=2)
        if slip.service_name_zh:
            job.line(t("slip.point.for") + sep + (slip.service_name_zh if loc == "zh_CN"
                                                   else slip.service_name_en))
        job.line(slip.name_zh, "center", bold=True)
        job.line(slip.name_en, "center")
        job.rule()
        job.line(t("slip.label.address") + sep + slip.address_zh)
        job.line(slip.address_en)
        job.line(t("slip.label.hours") + sep + (slip.hours_zh if loc == "zh_CN"
                                                 else slip.hours_en))
        job.line(t("slip.label.walk") + sep + t("slip.walk", minutes=slip.walking_minutes,
                                                 metres=slip.distance_m))
        job.picture(map_excerpt(slip, job.dots))
        job.line(t("slip.map_legend"), "center")
        job.rule()
        job.qr(geo_uri(slip.lat, slip.lon))
        job.line(t("slip.point.scan_hint"), "center")
    else:
        start = slip.start.astimezone(CHINA_TIME)
        end = slip.end.astimezone(CHINA_TIME)
        job.line(t("slip.appointment.title"), "center", bold=True, scale=2)
        job.line(slip.service_name_zh, "center", bold=True)
        job.line(slip.service_name_en, "center")
        job.rule()
        job.line(t("slip.label.where") + sep + slip.point_name_zh)
        job.line(slip.point_name_en)
        job.line(t("slip.label.address") + sep + slip.address_zh)
        job.line(slip.address_en)
        job.line(t("slip.label.when") + sep + start.strftime("%Y-%m-%d %H:%M")
                 + "–" + end.strftime("%H:%M"))
        job.rule()
        job.line(t("slip.label.code"), "center")
        job.line(slip.code, "center", bold=True, scale=2 if opts.width_mm == 80 else 1)
        job.qr(slip.qr_text)
        job.line(t("slip.appointment.bring"), "center")
    job.line(t("slip.hotline", hotline=HOTLINE), "center")
    return job.finish()
