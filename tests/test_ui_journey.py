"""The whole resident journey in the real window, driven by taps on objectNames.

One simulated kiosk (embedded reference hub, real store, memory devices, dev
dock, manual clock) and one window serve every test in this module; each test
starts and ends on the home screen.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_support import (
    Harness,
    all_objects,
    drag,
    enter_level2_code,
    fill_form,
    find,
    finish_and_skip_rating,
    identify_with_id_card,
    kiosk_harness,
    property_strings,
    settle,
    tap,
    type_into,
    wait_for,
)

from devices.printer.protocol import PrinterStatus
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.headless import document_image
from kiosk.devtools.refhub.embedded import admin_of
from kiosk.devtools.residents import DemoResident, resident


@pytest.fixture(scope="module")
def kiosk(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-kiosk")) as h:
        yield h


@pytest.fixture
def k(kiosk: Harness, qtbot: Any) -> Iterator[Harness]:
    """The shared kiosk on its home screen; afterwards back home, devices reset, no QML warnings."""
    wait_for(qtbot, kiosk.ui, "homeScreen")
    kiosk.qml_warnings.clear()
    yield kiosk
    sim = kiosk.rt.devices.sim if kiosk.rt.devices else None
    kiosk.rt.offline = False
    if sim is not None:
        assert sim.set_printer_state and sim.place_id_card and sim.insert_citizen_card
        assert sim.show_to_camera
        sim.set_printer_state(PrinterStatus.READY)
        sim.place_id_card(None)
        sim.insert_citizen_card(None)
        sim.show_to_camera(None)
    if kiosk.ui.journey.step != "idle":
        kiosk.ui.journey.exitSession()
    settle(qtbot, kiosk.ui)
    wait_for(qtbot, kiosk.ui, "homeScreen")
    assert kiosk.qml_warnings == [], "\n".join(kiosk.qml_warnings)


def _add_materials(k: Harness, qtbot: Any) -> None:
    assert k.ui.journey.step == "materials"
    wait_for(qtbot, k.ui, "materialsScreen")
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.show_to_camera is not None
    for m in k.ui.journey.materials:
        if m["on_file"] or not m["required"]:
            continue
        tap(qtbot, k.ui, f"material_{m['type']}")
        before = len(k.ui.devices.thumbnails)
        sim.show_to_camera(document_image(m["type"], seed=len(m["type"]),
                                          aspect=m["width_mm"] / m["height_mm"]))
        # Auto-capture: the page is found, held still, and taken without a tap.
        qtbot.waitUntil(lambda b=before: len(k.ui.devices.thumbnails) > b, timeout=20_000)
        sim.show_to_camera(None)
    settle(qtbot, k.ui)
    tap(qtbot, k.ui, "materialsDoneButton")
    wait_for(qtbot, k.ui, "reviewScreen")


def _review_and_submit(k: Harness, qtbot: Any) -> None:
    wait_for(qtbot, k.ui, "reviewScreen")
    tap(qtbot, k.ui, "consentCheck")
    pad = wait_for(qtbot, k.ui, "signatureArea")
    drag(k.ui, pad, [(0.2, 0.5), (0.35, 0.3), (0.5, 0.7), (0.65, 0.3), (0.8, 0.5)])
    tap(qtbot, k.ui, "submitButton")
    wait_for(qtbot, k.ui, "receiptScreen", timeout=30_000)
    settle(qtbot, k.ui)


def _secrets(person: DemoResident) -> list[str]:
    return [person.name, person.id_number, person.phone, person.residence_address,
            person.household_address]


def _assert_nothing_personal(k: Harness, person: DemoResident) -> None:
    texts: list[str] = []
    for obj in all_objects(k.ui):
        texts.extend(property_strings(obj))
    texts.append(json.dumps(k.ui.journey.values(), ensure_ascii=False, default=str))
    texts.append(json.dumps(k.ui.journey.form_rows(), ensure_ascii=False, default=str))
    for value in _secrets(person):
        leaks = [t[:80] for t in texts if value and value in t]
        assert not leaks, f"a personal value is still in the UI: {leaks}"
    assert not [key for key in k.ui.images.stored_keys() if key.startswith("thumb/")]


def test_whole_journey_by_taps_is_sent_and_printed(k: Harness, qtbot: Any) -> None:
    person = resident("R0002")
    assert k.rt.devices is not None and admin_of(k.rt.hub) is not None
    jobs_before = len(k.rt.devices.sim.printed_jobs())  # type: ignore[misc]
    identify_with_id_card(qtbot, k, person)
    assert wait_for(qtbot, k.ui, "maskedName").property("text") == k.ui.journey.person["maskedName"]
    assert person.name not in str(k.ui.journey.person)
    tap(qtbot, k.ui, "confirmIdentityButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    tap(qtbot, k.ui, "service_residence_permit")
    enter_level2_code(qtbot, k)
    wait_for(qtbot, k.ui, "formScreen")
    settle(qtbot, k.ui)
    # Values read off the card are shown masked and cannot be edited on screen.
    id_field = find(k.ui, "field_id_number")
    assert id_field is not None and id_field.property("readOnly") is True
    assert id_field.property("text") != person.id_number
    assert id_field.property("text").endswith(person.id_number[-4:])
    name_field = find(k.ui, "field_name")
    assert name_field is not None and person.name not in name_field.property("text")
    # The leak walk used after session end does see values on screen (so it can fail).
    on_screen = [t for obj in all_objects(k.ui) for t in property_strings(obj)]
    assert any(person.phone in t for t in on_screen)
    fill_form(qtbot, k, person)
    sources = {r["source"] for r in k.ui.journey.form_rows()}
    assert {"card", "hub"} <= sources
    _add_materials(k, qtbot)
    _review_and_submit(k, qtbot)
    receipt = k.ui.journey.receipt
    assert receipt["status"] == "sent" and receipt["printed"] is True
    assert wait_for(qtbot, k.ui, "printStatus")
    assert find(k.ui, "receiptQr") is None
    assert find(k.ui, "takeCardReminder") is not None
    sent = [s for s in admin_of(k.rt.hub).submissions()
            if s["tracking_code"] == receipt["tracking_code"]]
    assert len(sent) == 1
    assert len(k.rt.devices.sim.printed_jobs()) == jobs_before + 1  # type: ignore[misc]
    finish_and_skip_rating(qtbot, k)
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    _assert_nothing_personal(k, person)


def test_offline_submission_is_queued_and_the_receipt_says_so(k: Harness, qtbot: Any) -> None:
    person = resident("R0007")
    k.rt.offline = True
    identify_with_id_card(qtbot, k, person)
    assert k.ui.journey.messageKey == "journey.offline_card_only"
    tap(qtbot, k.ui, "confirmIdentityButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    tap(qtbot, k.ui, "service_senior_card")
    fill_form(qtbot, k, person)
    _add_materials(k, qtbot)
    _review_and_submit(k, qtbot)
    assert k.ui.journey.receipt["status"] == "queued"
    title = wait_for(qtbot, k.ui, "receiptTitle").property("text")
    assert "网络" in title  # the terminal's language, zh_CN, after the previous session
    assert k.ui.journey.messageKey == "journey.queued_offline"
    finish_and_skip_rating(qtbot, k)
    wait_for(qtbot, k.ui, "homeScreen")
    _assert_nothing_personal(k, person)


def test_printer_out_shows_the_receipt_qr_on_screen(k: Harness, qtbot: Any) -> None:
    person = resident("R0003")
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.set_printer_state is not None
    sim.set_printer_state(PrinterStatus.PAPER_END)
    identify_with_id_card(qtbot, k, person)
    tap(qtbot, k.ui, "confirmIdentityButton")
    tap(qtbot, k.ui, "service_senior_card")
    fill_form(qtbot, k, person)
    _add_materials(k, qtbot)
    _review_and_submit(k, qtbot)
    receipt = k.ui.journey.receipt
    assert receipt["printed"] is False and receipt["print_failure"] == "printer.paper_out"
    qr = wait_for(qtbot, k.ui, "receiptQr")
    qtbot.waitUntil(lambda: qr.implicitWidth() > 100, timeout=5000)  # the QR, not a placeholder
    assert qr.property("source").toString().startswith("image://kiosk/qr/")
    status_text = wait_for(qtbot, k.ui, "printStatus").property("text")
    assert receipt["printFailureText"] in status_text
    finish_and_skip_rating(qtbot, k)


def test_level2_code_wrong_code_then_resend_after_cooldown(k: Harness, qtbot: Any) -> None:
    person = resident("R0010")
    identify_with_id_card(qtbot, k, person)
    tap(qtbot, k.ui, "confirmIdentityButton")
    tap(qtbot, k.ui, "service_residence_permit")
    wait_for(qtbot, k.ui, "codeScreen")
    tap(qtbot, k.ui, "sendCodeButton")
    wait_for(qtbot, k.ui, "codeKeypad")
    assert k.ui.journey.codeSent["phoneHint"] == person.phone[-4:]
    assert k.ui.journey.resendRemaining > 0
    send = wait_for(qtbot, k.ui, "sendCodeButton")
    assert not send.isEnabled()
    assert admin_of(k.rt.hub) is not None
    real = admin_of(k.rt.hub).sent_codes()[-1]["code"]
    wrong = "".join(str((int(c) + 1) % 10) for c in real)
    for digit in wrong:
        tap(qtbot, k.ui, f"key_{digit}")
    tap(qtbot, k.ui, "key_done")
    settle(qtbot, k.ui)
    assert k.ui.journey.step == "level2_code"
    assert k.ui.journey.messageText
    # The cooldown runs on the injected clock.
    k.clock.advance(k.ui.journey.resendRemaining + 1)
    qtbot.waitUntil(lambda: k.ui.journey.resendRemaining == 0, timeout=5000)
    tap(qtbot, k.ui, "sendCodeButton")
    settle(qtbot, k.ui)
    fresh = admin_of(k.rt.hub).sent_codes()[-1]["code"]
    for digit in fresh:
        tap(qtbot, k.ui, f"key_{digit}")
    tap(qtbot, k.ui, "key_done")
    wait_for(qtbot, k.ui, "formScreen")
    assert k.ui.journey.person["level"] == 2


def test_idle_countdown_continue_then_timeout_wipes(k: Harness, qtbot: Any) -> None:
    person = resident("R0004")
    identify_with_id_card(qtbot, k, person)
    tap(qtbot, k.ui, "confirmIdentityButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    t = k.rt.ctx.config.timeouts
    k.clock.advance(t.idle_s - t.idle_warning_s + 1)
    countdown = wait_for(qtbot, k.ui, "idleOverlay")
    assert countdown is not None
    number = wait_for(qtbot, k.ui, "idleCountdown")
    assert 0 < int(number.property("text")) <= t.idle_warning_s
    tap(qtbot, k.ui, "idleContinueButton")
    qtbot.waitUntil(lambda: find(k.ui, "idleOverlay") is None, timeout=5000)
    assert k.ui.journey.step == "choose_service"
    k.clock.advance(t.idle_s + 1)
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    assert k.ui.journey.endedReason == "timeout"
    assert k.ui.journey.messageKey == "session.ended_timeout"
    _assert_nothing_personal(k, person)


def test_citizen_card_removal_ends_the_session(k: Harness, qtbot: Any) -> None:
    person = resident("R0005")
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.insert_citizen_card is not None
    sim.insert_citizen_card(citizen_card_for(person))
    wait_for(qtbot, k.ui, "identityScreen")
    assert k.ui.journey.person["via"] == "citizen_card"
    tap(qtbot, k.ui, "confirmIdentityButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    sim.insert_citizen_card(None)
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    assert k.ui.journey.endedReason == "card_removed"
    _assert_nothing_personal(k, person)


def test_language_switch_on_a_screen(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "browseButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    tile = wait_for(qtbot, k.ui, "service_residence_permit")
    assert "居住证" in tile.property("text")
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: k.ui.journey.locale == "en_US", timeout=5000)
    qtbot.waitUntil(lambda: "Residence permit" in tile.property("text"), timeout=5000)
    tap(qtbot, k.ui, "service_residence_permit")  # not identified yet: a core message
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    from kiosk.base.i18n import translate

    assert k.ui.journey.messageText == translate("journey.identify_to_continue", "en_US")
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: k.ui.journey.locale == "zh_CN", timeout=5000)
    assert k.ui.journey.messageText == translate("journey.identify_to_continue", "zh_CN")


def test_catalog_search_by_pinyin_initials_and_english(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "browseButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    type_into(qtbot, k.ui, "serviceSearch", "jzz")
    qtbot.waitUntil(lambda: k.ui.journey.searchText == "jzz", timeout=5000)
    ids = [s["id"] for s in k.ui.journey.services]
    assert "residence_permit" in ids and "senior_card" not in ids
    type_into(qtbot, k.ui, "serviceSearch", "senior")
    qtbot.waitUntil(lambda: [s["id"] for s in k.ui.journey.services] == ["senior_card"],
                    timeout=5000)
    tap(qtbot, k.ui, "servicesBackButton")


def test_elder_mode_scales_text_and_targets(k: Harness, qtbot: Any) -> None:
    title = wait_for(qtbot, k.ui, "homeTitle")
    normal = title.property("font").pixelSize()
    button = wait_for(qtbot, k.ui, "browseButton")
    normal_height = button.height()
    tap(qtbot, k.ui, "elderButton")
    qtbot.waitUntil(lambda: k.ui.theme.elder, timeout=5000)
    qtbot.waitUntil(lambda: title.property("font").pixelSize() >= normal * 1.5 - 1, timeout=5000)
    assert k.ui.theme.bodySize >= 42 and k.ui.theme.touchMin >= 96
    assert button.height() >= normal_height * 1.5 - 1
    tap(qtbot, k.ui, "elderButton")
    qtbot.waitUntil(lambda: not k.ui.theme.elder, timeout=5000)


def test_elder_mode_call_staff_in_one_tap(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "elderButton")
    qtbot.waitUntil(lambda: k.ui.journey.elderMode, timeout=5000)
    tap(qtbot, k.ui, "callStaffButton")
    wait_for(qtbot, k.ui, "helpScreen")
    settle(qtbot, k.ui)
    assert k.ui.journey.staffCalled
    assert k.ui.journey.messageKey == "journey.staff_coming"
    tap(qtbot, k.ui, "helpBackButton")
    wait_for(qtbot, k.ui, "homeScreen")


def test_dock_panel_places_a_card_over_http(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "dockToggle")
    tap(qtbot, k.ui, "dockPlaceId")
    wait_for(qtbot, k.ui, "identityScreen")
    qtbot.waitUntil(k.ui.dock.settled, timeout=5000)
    assert k.ui.dock.lastResult == "/idcard/place: ok"
    tap(qtbot, k.ui, "dockLiftId")
    qtbot.waitUntil(lambda: k.ui.dock.lastResult == "/idcard/lift: ok", timeout=5000)
    tap(qtbot, k.ui, "notMeButton")
    wait_for(qtbot, k.ui, "homeScreen")
    tap(qtbot, k.ui, "dockToggle")


def test_screens_render_offscreen(k: Harness, qtbot: Any, tmp_path: Path) -> None:
    image = k.ui.window.grabWindow()
    assert image.width() == 1920 and image.height() == 1080
    assert image.save(str(tmp_path / "home.png"))
