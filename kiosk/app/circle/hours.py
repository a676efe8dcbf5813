"""Opening hours: open now or when next, in words, in China time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.base.clock import CHINA_TIME
from kiosk.hub.schema import OpeningHours

_DAY_ZH = ("一", "二", "三", "四", "五", "六", "日")
_DAY_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LOOKAHEAD_DAYS = 8


@dataclass(frozen=True)
class OpenState:
    """Open now until ``closes_at``, or closed until ``opens_at`` (``None``: never)."""

    open_now: bool
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None


def _periods(hours: Sequence[OpeningHours], day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    out = []
    midnight = dt.datetime.combine(day, dt.time(0), CHINA_TIME)
    for h in hours:
        if day.isoweekday() not in h.weekdays:
            continue
        opens = midnight + dt.timedelta(hours=int(h.opens[:2]), minutes=int(h.opens[3:]))
        closes = midnight + dt.timedelta(hours=int(h.closes[:2]), minutes=int(h.closes[3:]))
        if closes > opens:
            out.append((opens, closes))
    return sorted(out)


def open_state(hours: Sequence[OpeningHours], now: dt.datetime) -> OpenState:
    """Whether a point with these hours is open at ``now``, and when that changes."""
    local = now.astimezone(CHINA_TIME)
    upcoming: list[tuple[dt.datetime, dt.datetime]] = []
    for offset in range(-1, _LOOKAHEAD_DAYS):
        upcoming += _periods(hours, local.date() + dt.timedelta(days=offset))
    for opens, closes in sorted(upcoming):
        if opens <= local < closes:
            # A 24-hour room's day runs into the next one: report when it really closes.
            end = closes
            for nxt_open, nxt_close in sorted(upcoming):
                if nxt_open == end:
                    end = nxt_close
            return OpenState(True, None, None if end - local > dt.timedelta(days=6) else end)
    later = [opens for opens, _ in sorted(upcoming) if opens > local]
    return OpenState(False, later[0] if later else None, None)


def _day_ranges(days: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for d in sorted(set(days)):
        if out and out[-1][1] == d - 1:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


def hours_text(hours: Sequence[OpeningHours]) -> tuple[str, str]:
    """The hours in words, Chinese and English: ``周一至周五 09:00–17:00``."""
    zh: list[str] = []
    en: list[str] = []
    for h in hours:
        span = f"{h.opens}–{h.closes}"
        if h.opens == "00:00" and h.closes == "24:00":
            span_zh, span_en = "24小时", "24 hours"
        else:
            span_zh = span_en = span
        if sorted(set(h.weekdays)) == list(range(1, 8)):
            zh.append(f"每天 {span_zh}")
            en.append(f"Daily {span_en}")
            continue
        for first, last in _day_ranges(h.weekdays):
            if first == last:
                zh.append(f"周{_DAY_ZH[first - 1]} {span_zh}")
                en.append(f"{_DAY_EN[first - 1]} {span_en}")
            else:
                zh.append(f"周{_DAY_ZH[first - 1]}至周{_DAY_ZH[last - 1]} {span_zh}")
                en.append(f"{_DAY_EN[first - 1]}–{_DAY_EN[last - 1]} {span_en}")
    return "，".join(zh), "; ".join(en)
