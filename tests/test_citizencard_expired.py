"""Fault: an expired card (through pcscd and vpcd); expiry is judged on China's calendar day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_rig

from devices.citizen_card.protocol import CitizenCardFailure, CitizenCardFailureKind
from kiosk.base.clock import SystemClock

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]


class _DayClock(SystemClock):
    """Real time for waits, a fixed wall-clock reading for the expiry check."""

    def __init__(self, now: dt.datetime) -> None:
        self._now = now

    def now(self) -> dt.datetime:
        return self._now


# 2026-01-04 17:00 UTC is already 2026-01-05 in China.
NOW = dt.datetime(2026, 1, 4, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig(clock=_DayClock(NOW))


def test_card_expired_yesterday_china_time_is_refused(rig: VpcdRig) -> None:
    rig.insert(replace(resident_card(60), expiry_date=dt.date(2026, 1, 4)))
    result = rig.driver.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.EXPIRED
    assert result.message_key == "citizencard.expired"


def test_card_expiring_today_is_still_valid(rig: VpcdRig) -> None:
    card = replace(resident_card(61), expiry_date=dt.date(2026, 1, 5))
    rig.insert(card)
    assert rig.driver.read_card() == card


def test_card_without_an_expiry_date_is_valid(rig: VpcdRig) -> None:
    card = replace(resident_card(62), expiry_date=None)
    rig.insert(card)
    assert rig.driver.read_card() == card
