"""Unit tier: the level-2 one-time code, its wrong answers and the lock."""

from __future__ import annotations

from fakes import CODE, MAX_CODE_ATTEMPTS, Kit, card_for

from kiosk.app import journey as j
from kiosk.app.forms import Source
from kiosk.devtools.residents import resident


def _to_code_screen(kit: Kit) -> None:
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("residence_permit"))
    assert kit.journey.step is j.Step.LEVEL2_CODE
    assert kit.journey.message == j.Message("journey.level2_explain")


def test_the_right_code_raises_the_level_and_prefills_from_the_hub(kit: Kit) -> None:
    person = resident("R0010")
    _to_code_screen(kit)
    kit.journey.handle(j.RequestCode())
    assert kit.journey.view().code_sent == j.CodeSentView(person.phone[-4:], 60)
    assert kit.journey.message == j.Message("journey.code_sent", {"hint": person.phone[-4:]})
    kit.journey.handle(j.EnterCode(f" {CODE} "))
    assert kit.journey.step is j.Step.FORM
    view = kit.journey.view()
    assert view.person is not None and view.person.level == 2
    state = kit.journey.session.form
    assert state is not None
    assert state.values["residence_address"] == person.residence_address
    assert state.sources["residence_address"] is Source.HUB


def test_a_wrong_code_keeps_the_code_screen(kit: Kit) -> None:
    _to_code_screen(kit)
    kit.journey.handle(j.RequestCode())
    kit.journey.handle(j.EnterCode("000000"))
    assert kit.journey.step is j.Step.LEVEL2_CODE
    assert kit.journey.message == j.Message("hub.code_wrong")
    ident = kit.journey.session.identity
    assert ident is not None and ident.level == 1


def test_too_many_wrong_codes_lock_the_session_even_for_the_right_one(kit: Kit) -> None:
    _to_code_screen(kit)
    kit.journey.handle(j.RequestCode())
    for _ in range(MAX_CODE_ATTEMPTS):
        kit.journey.handle(j.EnterCode("000000"))
    assert kit.journey.message == j.Message("hub.code_locked")
    kit.journey.handle(j.EnterCode(CODE))
    assert kit.journey.step is j.Step.LEVEL2_CODE
    assert kit.journey.message == j.Message("hub.code_locked")
    kit.journey.handle(j.RequestCode())
    assert kit.journey.message == j.Message("hub.code_locked")


def test_a_code_typed_before_one_was_sent_is_refused(kit: Kit) -> None:
    _to_code_screen(kit)
    kit.journey.handle(j.EnterCode(CODE))
    assert kit.journey.step is j.Step.LEVEL2_CODE
    assert kit.journey.message is not None
    assert kit.journey.message.key == "hub.rejected"


def test_level_2_needs_a_hub_session(kit: Kit) -> None:
    kit.hub.down = True
    kit.journey.handle(card_for("R0010"))
    kit.hub.down = False
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("residence_permit"))
    assert kit.journey.step is j.Step.CHOOSE_SERVICE
    assert kit.journey.message == j.Message("journey.level2_needs_network")
    assert kit.journey.session.service is None


def test_code_events_outside_the_code_screen_do_nothing(kit: Kit) -> None:
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.RequestCode())
    kit.journey.handle(j.EnterCode(CODE))
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED
    assert kit.hub.calls == ["identify_card"]


def test_a_level_1_service_opens_with_card_fields_only(kit: Kit) -> None:
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("hotline_12345"))
    assert kit.journey.step is j.Step.FORM
    state = kit.journey.session.form
    assert state is not None
    assert {src.value for src in state.sources.values()} == {"card", "empty"}
    prefill = kit.journey.session.prefill
    assert prefill is not None
    assert prefill.fields == {} and prefill.materials_on_file == []
