"""Unit tier: calling a member of staff."""

from __future__ import annotations

from fakes import Kit, StaffCall

from kiosk.app import journey as j


def test_staff_are_called_with_the_reason_mode_and_language(kit: Kit) -> None:
    kit.journey.handle(j.SetElderMode(True))
    kit.journey.handle(j.SetLocale("en_US"))
    kit.journey.handle(j.CallStaff("accessibility"))
    assert kit.journey.step is j.Step.CALL_STAFF
    assert kit.journey.view().staff_called is True
    assert kit.journey.message == j.Message("journey.staff_coming")
    assert kit.hub.staff_calls == [StaffCall("accessibility", True, "en-US")]


def test_an_unknown_reason_is_sent_as_other(kit: Kit) -> None:
    kit.journey.handle(j.CallStaff("lost my cat"))
    assert kit.hub.staff_calls == [StaffCall("other", False, "zh-CN")]


def test_offline_says_staff_cannot_be_called(kit: Kit) -> None:
    kit.online = False
    kit.journey.handle(j.CallStaff())
    assert kit.journey.step is j.Step.CALL_STAFF
    assert kit.journey.message == j.Message("journey.staff_offline")
    assert kit.journey.staff_called is False


def test_an_unreachable_hub_says_to_find_staff_at_the_desk(kit: Kit) -> None:
    kit.hub.down = True
    kit.journey.handle(j.CallStaff())
    # Not hub.unreachable: it speaks of an application kept for later, and there is none.
    assert kit.journey.message == j.Message("journey.staff_offline")
    assert kit.journey.staff_called is False
