"""The printed receipt: a pure function from ``ReceiptData`` to one ESC/POS job.

``ReceiptData`` is a ``kiosk.base.receipt_record.ReceiptRecord`` (the facts the
outbox keeps) plus what one print adds: the terminal, the tracking link, the
next steps and the language.

This module decides what goes on the receipt and in which order; the printer
family (``devices.printer.encoding``) turns those lines into ESC/POS bytes:
Chinese text as ``FS &`` + GB18030, a line the printer's font cannot print as
a raster image, the tracking QR as a raster image by default or the printer's
own ``GS ( k`` symbol when configured.

Only already-masked personal data is accepted: ``ReceiptData`` refuses any
field that holds something shaped like a full identity number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from devices.printer.encoding import PRINT_DOTS, QR_MODES, EscPosJob, QrMode
from devices.printer.glyphs import CELL_DOTS, FONT_COVERAGES, FontCoverage
from kiosk.base import i18n, tracking
from kiosk.base.clock import CHINA_TIME
from kiosk.base.receipt_record import ReceiptRecord

# Mirrors ``kiosk.hub.schema.ResultMode`` (the hub contract); kept literal here so the
# receipt does not pull the contract models in.
ResultMode = Literal["on_the_spot", "pickup", "mail"]
RESULT_MODES: tuple[str, ...] = ("on_the_spot", "pickup", "mail")
# The citizens' service hotline printed on every receipt, for questions and complaints.
HOTLINE = "12345"

# Anything shaped like a GB 11643 number (18 characters) or a first-generation 15-digit one.
_FULL_ID = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


class ReceiptDataError(ValueError):
    """The receipt data is unusable (for instance it holds a full ID number)."""


@dataclass(frozen=True)
class ReceiptOptions:
    """What the printer can do: paper width, QR rendering, font coverage."""

    width_mm: int = 80
    qr: QrMode = "raster"
    font_coverage: FontCoverage = "gb18030"

    def __post_init__(self) -> None:
        if self.width_mm not in PRINT_DOTS:
            raise ValueError(f"width_mm must be 58 or 80, not {self.width_mm}")
        if self.qr not in QR_MODES:
            raise ValueError(f"qr must be raster or native, not {self.qr}")
        if self.font_coverage not in FONT_COVERAGES:
            raise ValueError(f"font_coverage must be gb18030 or gb2312, not {self.font_coverage}")

    @property
    def dots(self) -> int:
        """Printable width in dots."""
        return PRINT_DOTS[self.width_mm]

    @property
    def columns(self) -> int:
        """Half-width character columns per line."""
        return self.dots // CELL_DOTS



@dataclass(frozen=True, repr=False)
class ReceiptData:
    """One print of a receipt: the record plus this terminal, the tracking link and the language."""

    record: ReceiptRecord
    terminal_id: str
    tracking_url: str
    next_steps: tuple[str, ...] = field(default_factory=tuple)  # message keys
    locale: str = i18n.DEFAULT_LOCALE

    def __post_init__(self) -> None:
        r = self.record
        texts = {"service_name_zh": r.service_name_zh, "service_name_en": r.service_name_en,
                 "terminal_id": self.terminal_id, "masked_name": r.masked_name,
                 "mail_to": r.mail_to, "pickup_name_zh": r.pickup_name_zh,
                 "pickup_address_zh": r.pickup_address_zh,
                 "tracking_code": r.tracking_code, "tracking_url": self.tracking_url,
                 **{f"next_steps[{i}]": k for i, k in enumerate(self.next_steps)}}
        for name, value in texts.items():
            if _FULL_ID.search(value):
                raise ReceiptDataError(f"{name} holds a full ID number; pass masked values only")
        if not _looks_masked(r.masked_name):
            raise ReceiptDataError("masked_name is not masked; pass kiosk.base.idnumber.mask_name(...)")
        if not tracking.is_valid(r.tracking_code):
            raise ReceiptDataError("tracking_code is not a valid tracking code")
        if r.created_at.tzinfo is None:
            raise ReceiptDataError("created_at must be timezone-aware")
        if r.result_mode not in RESULT_MODES:
            raise ReceiptDataError(f"result_mode must be one of {', '.join(RESULT_MODES)}")
        if self.locale not in i18n.LOCALES:
            raise ReceiptDataError(f"locale must be one of {', '.join(i18n.LOCALES)}")

    def __repr__(self) -> str:
        return (f"ReceiptData(service={self.record.service_name_en!r}, "
                f"terminal={self.terminal_id!r}, result_mode={self.record.result_mode!r}, "
                "name=<masked>)")


def _looks_masked(name: str) -> bool:
    """A masked name has a ``*`` in it (``王*``, ``J*** D**``) unless it is one character."""
    return len(name.strip()) <= 1 or "*" in name


def layout(data: ReceiptData, options: ReceiptOptions | None = None) -> bytes:
    """The receipt for ``data`` as one complete ESC/POS job."""
    opts = options or ReceiptOptions()
    loc = data.locale
    record = data.record

    def t(key: str, **params: object) -> str:
        return i18n.translate(key, loc, **params)

    def sep() -> str:
        return "：" if loc == "zh_CN" else ": "

    job = EscPosJob(opts.width_mm, opts.qr, opts.font_coverage)
    job.line(t("receipt.title"), "center", bold=True, scale=2)
    job.line(record.service_name_zh, "center", bold=True)
    job.line(record.service_name_en, "center")
    job.rule()
    local = record.created_at.astimezone(CHINA_TIME)
    job.line(t("receipt.label.time") + sep() + local.strftime("%Y-%m-%d %H:%M"))
    job.line(t("receipt.label.terminal") + sep() + data.terminal_id)
    job.line(t("receipt.label.applicant") + sep() + record.masked_name)
    job.line(t("receipt.label.result") + sep() + t(f"receipt.result.{record.result_mode}"))
    if record.pickup_name_zh:
        zh = loc == "zh_CN"
        job.line(t("receipt.label.pickup_at") + sep()
                 + (record.pickup_name_zh if zh else record.pickup_name_en))
        job.line(record.pickup_address_zh if zh else record.pickup_address_en, bullet="  ")
        job.line(record.pickup_hours_zh if zh else record.pickup_hours_en, bullet="  ")
    if record.mail_to:
        job.line(t("receipt.label.mail_to") + sep() + record.mail_to)
    if record.expected_by is not None:
        job.line(t("receipt.label.expected_by") + sep() + record.expected_by.isoformat())
    job.line(t("receipt.label.next") + sep().rstrip())
    for key in data.next_steps:
        job.line(t(key), bullet=" ·" if loc == "zh_CN" else " · ")
    if record.queued:
        job.rule()
        job.line(t("receipt.queued_offline"), bold=True)
    job.rule()
    job.line(t("receipt.label.tracking"), "center")
    job.line(tracking.display(record.tracking_code), "center", bold=True,
             scale=2 if opts.width_mm == 80 else 1)
    job.qr(data.tracking_url)
    job.line(t("receipt.scan_hint"), "center")
    job.line(t("receipt.keep"), "center")
    job.line(t("receipt.hotline", hotline=HOTLINE), "center")
    return job.finish()


def default_next_steps(result_mode: ResultMode) -> tuple[str, ...]:
    """The usual next-step messages for a result mode."""
    return (f"receipt.next.{result_mode}", "receipt.next.track")
