"""Time limits in working days (办结时限): the date a result is expected by."""

from __future__ import annotations

import datetime as dt


def expected_by(applied: dt.date, working_days: int) -> dt.date:
    """The date ``working_days`` working days (Monday to Friday) after ``applied``.

    0 is the day of applying. Public holidays are not known to the kiosk; the
    hub's case status has the real date, and the receipt says "expected".
    """
    day = applied
    left = working_days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.isoweekday() <= 5:
            left -= 1
    return day
