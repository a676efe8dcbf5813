"""Unit tier: form validation and where the form goes next."""

from __future__ import annotations

from fakes import Kit, answer, fill_required, to_form

from kiosk.app import journey as j
from kiosk.app.forms import Source
from kiosk.devtools.residents import resident


def test_missing_required_fields_are_counted_and_marked(kit: Kit) -> None:
    to_form(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.SubmitForm())
    assert kit.journey.step is j.Step.FORM
    # name comes from the card; topic, category and description are the resident's to
    # give; a contact phone is optional.
    assert kit.journey.message == j.Message("form.fix_errors", {"count": "3"})
    form = kit.journey.view().form
    assert form is not None
    errors = {f.name: f.error for f in form.fields if f.error}
    assert errors == {"topic": "form.required", "category": "form.required",
                      "description": "form.required"}


def test_a_bad_value_is_refused_and_typing_clears_its_error(kit: Kit) -> None:
    person = resident("R0001")
    to_form(kit, "R0001", "hotline_12345")
    fill_required(kit, person)
    kit.journey.handle(j.SetField("phone", "12"))
    kit.journey.handle(j.SubmitForm())
    assert kit.journey.message == j.Message("form.fix_errors", {"count": "1"})
    state = kit.journey.session.form
    assert state is not None and state.errors == {"phone": "form.bad_format"}
    kit.journey.handle(j.SetField("phone", person.phone))
    assert state.errors == {}
    assert state.sources["phone"] is Source.RESIDENT


def test_an_unknown_field_is_reported(kit: Kit) -> None:
    to_form(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.SetField("no_such_field", "x"))
    assert kit.journey.message == j.Message("form.unknown_field")


def test_clearing_a_field_empties_it(kit: Kit) -> None:
    to_form(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.SetField("description", answer(kit, "description", resident("R0001"))))
    kit.journey.handle(j.SetField("description", ""))
    state = kit.journey.session.form
    assert state is not None
    assert "description" not in state.values and state.sources["description"] is Source.EMPTY


def test_a_valid_form_goes_to_materials_when_the_service_has_some(kit: Kit) -> None:
    to_form(kit, "R0001", "hotline_12345")
    fill_required(kit, resident("R0001"))
    kit.journey.handle(j.SubmitForm())
    assert kit.journey.step is j.Step.MATERIALS
    assert kit.journey.message is None


def test_a_valid_form_goes_to_review_when_the_service_has_none(kit: Kit) -> None:
    to_form(kit, "R0001", "marriage_record_inquiry")
    fill_required(kit, resident("R0001"))
    kit.journey.handle(j.SubmitForm())
    assert kit.journey.step is j.Step.REVIEW


def test_the_view_lists_fields_in_order_with_their_sources(kit: Kit) -> None:
    to_form(kit, "R0001", "hotline_12345")
    form = kit.journey.view().form
    assert form is not None
    assert [f.name for f in form.fields] == ["name", "phone", "topic", "category",
                                             "description", "location", "reply_needed"]
    assert [f.source for f in form.fields][:2] == [Source.CARD, Source.EMPTY]
    assert form.fields[0].value == resident("R0001").name


def test_form_events_outside_the_form_do_nothing(kit: Kit) -> None:
    to_form(kit, "R0001", "hotline_12345")
    kit.journey.handle(j.Back())
    assert kit.journey.step is j.Step.CHOOSE_SERVICE
    kit.journey.handle(j.SetField("description", "x"))
    kit.journey.handle(j.SubmitForm())
    assert kit.journey.step is j.Step.CHOOSE_SERVICE
    state = kit.journey.session.form
    assert state is not None and "description" not in state.values
