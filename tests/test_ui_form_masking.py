"""Personal values on the form are shown masked, wherever they came from.

The residence-permit form is prefilled at identity level 2 with the phone number
and addresses the city holds. People stand behind the resident, so those values
show masked like the card's; tapping such a field starts an empty entry (the
city's value is never revealed), and leaving it empty keeps the city's value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from ui_support import (
    Harness,
    items,
    kiosk_harness,
    open_form,
    settle,
    tap,
    type_into,
    visible,
    wait_for,
)

from kiosk.base.idnumber import mask_phone
from kiosk.devtools.residents import DemoResident, resident


@pytest.fixture(scope="module")
def kiosk(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-masking")) as h:
        yield h


@pytest.fixture
def form(kiosk: Harness, qtbot: Any) -> Iterator[tuple[Harness, DemoResident]]:
    """R0021 identified at level 2, on the residence-permit form the hub prefilled."""
    k = kiosk
    person = resident("R0021")
    open_form(qtbot, k, person, "residence_permit")
    assert k.ui.journey.person["level"] == 2
    yield k, person
    k.ui.journey.exitSession()
    settle(qtbot, k.ui)
    wait_for(qtbot, k.ui, "homeScreen")


def _row(k: Harness, name: str) -> dict[str, Any]:
    return next(r for r in k.ui.journey.form_rows() if r["name"] == name)


def _shown_texts(k: Harness) -> list[str]:
    """The text of every visible item in the window: what someone behind the resident sees."""
    root = k.ui.window.contentItem()
    return [str(item.property("text")) for item in items(root)
            if visible(item) and isinstance(item.property("text"), str)]


def _field(qtbot: Any, k: Harness, name: str) -> QQuickItem:
    return wait_for(qtbot, k.ui, f"field_{name}")


def test_city_held_values_show_masked(form: tuple[Harness, DemoResident], qtbot: Any) -> None:
    k, person = form
    assert _row(k, "phone")["source"] == "hub" and _row(k, "phone")["value"] == person.phone
    assert _field(qtbot, k, "phone").property("text") == mask_phone(person.phone)
    address = _field(qtbot, k, "residence_address").property("text")
    assert address and address != person.residence_address and "*" in address
    shown = "\n".join(_shown_texts(k))
    for value in (person.phone, person.residence_address, person.household_address,
                  person.id_number, person.name):
        assert value not in shown


def test_editing_a_city_value_starts_empty_and_keeps_it_when_left_empty(
        form: tuple[Harness, DemoResident], qtbot: Any) -> None:
    k, person = form
    field = _field(qtbot, k, "residence_address")
    tap(qtbot, k.ui, "field_residence_address")
    qtbot.waitUntil(lambda: bool(field.hasActiveFocus()), timeout=5000)
    # The city's value is never revealed, not even for editing.
    qtbot.waitUntil(lambda: field.property("text") == "", timeout=5000)
    tap(qtbot, k.ui, "field_phone")  # focus moves on with nothing typed
    settle(qtbot, k.ui)
    assert _row(k, "residence_address")["value"] == person.residence_address
    qtbot.waitUntil(lambda: "*" in field.property("text"), timeout=5000)


def test_a_new_value_is_taken_and_then_shown_masked(
        form: tuple[Harness, DemoResident], qtbot: Any) -> None:
    k, person = form
    new_phone = "13700001234" if person.phone != "13700001234" else "13700004321"
    type_into(qtbot, k.ui, "field_phone", new_phone)
    field = _field(qtbot, k, "phone")
    assert field.property("text") == new_phone  # seen whole while typing it
    QTest.keyClick(k.ui.window, Qt.Key.Key_Return)
    settle(qtbot, k.ui)
    assert _row(k, "phone")["value"] == new_phone
    qtbot.waitUntil(lambda: field.property("text") == mask_phone(new_phone), timeout=5000)
    # The resident's own entry opens whole again for correcting.
    tap(qtbot, k.ui, "field_residence_address")
    tap(qtbot, k.ui, "field_phone")
    qtbot.waitUntil(lambda: field.property("text") == new_phone, timeout=5000)
