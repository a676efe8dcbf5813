"""Unit tier: "back" goes one screen back, or home when nobody is identified."""

from __future__ import annotations

import pytest
from fakes import Kit, card_for, fill_required, to_form

from kiosk.app import journey as j
from kiosk.devtools.residents import resident


def test_back_through_the_application(kit: Kit) -> None:
    to_form(kit, "R0001", "hotline_12345")
    fill_required(kit, resident("R0001"))
    kit.journey.handle(j.SubmitForm())
    steps = []
    for _ in range(3):
        kit.journey.handle(j.Back())
        steps.append(kit.journey.step)
    assert steps == [j.Step.FORM, j.Step.CHOOSE_SERVICE, j.Step.IDENTITY_CONFIRMED]
    kit.journey.handle(j.Back())  # nothing before "this is me" but exit
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED
    # The form outlives going back (the view still carries it): choosing again reopens it.
    assert kit.journey.view().form is not None


def test_back_from_review_and_a_level_2_session_stays_level_2(kit: Kit) -> None:
    to_form(kit, "R0001", "marriage_record_inquiry")
    fill_required(kit, resident("R0001"))
    kit.journey.handle(j.SubmitForm())
    assert kit.journey.step is j.Step.REVIEW
    kit.journey.handle(j.Back())
    assert kit.journey.step is j.Step.FORM
    kit.journey.handle(j.Back())
    # The code was entered for the first service; another level-2 one opens directly.
    kit.journey.handle(j.ChooseService("residence_permit"))
    assert kit.journey.step is j.Step.FORM


def test_back_from_the_code_screen(kit: Kit) -> None:
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("residence_permit"))
    kit.journey.handle(j.Back())
    assert kit.journey.step is j.Step.CHOOSE_SERVICE


@pytest.mark.parametrize("event", [j.Browse(), j.ShowServicePoints(), j.ShowTrackCase(),
                                   j.CallStaff()])
def test_back_without_identity_goes_home(kit: Kit, event: j.Event) -> None:
    kit.journey.handle(event)
    kit.journey.handle(j.Back())
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message == j.Message("session.ended_exit")
    assert kit.counts == []  # nobody was identified: nothing to count


@pytest.mark.parametrize("event", [j.ShowServicePoints(), j.ShowTrackCase(), j.CallStaff()])
def test_back_with_identity_returns_to_the_service_list(kit: Kit, event: j.Event) -> None:
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(event)
    kit.journey.handle(j.Back())
    assert kit.journey.step is j.Step.CHOOSE_SERVICE


def test_service_points_are_listed_nearest_first(kit: Kit) -> None:
    kit.journey.handle(j.ShowServicePoints())
    points = kit.journey.view().service_points
    assert points is not None
    assert points[0].id == "P06"  # the community kiosk round the corner
    assert [p.walking_minutes for p in points] == sorted(p.walking_minutes for p in points)
    kit.journey.handle(j.Back())
    assert kit.journey.view().service_points is None


def test_a_service_done_at_the_hall_shows_where_to_go(kit: Kit) -> None:
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("birth_registration"))
    assert kit.journey.step is j.Step.SERVICE_DETAILS
    assert kit.journey.message == j.Message("journey.service_at_hall")
    details = kit.journey.view().details
    assert details is not None and not details.completable_here
