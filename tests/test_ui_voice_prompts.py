"""Elder mode's voice prompts, heard through the window's own prompter.

The harness hands the app a ``speak`` that records ``(text, locale)`` instead
of a speech engine (the engines themselves are tested in test_ui_voice.py);
everything between a journey change and that call is the real app.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ui_support import Harness, identify_with_id_card, kiosk_harness, settle, tap, wait_for

from kiosk.base.i18n import translate
from kiosk.devtools.residents import resident
from ui.adapters.screen_adapter import SCREEN_OF_STEP, screen_for
from ui.app import QML_DIR
from ui.prompts import SCREEN_PROMPTS


@pytest.fixture(scope="module")
def kiosk(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-voice")) as h:
        yield h


@pytest.fixture
def k(kiosk: Harness, qtbot: Any) -> Iterator[Harness]:
    """The shared kiosk on its home screen, not in elder mode, nothing said yet."""
    wait_for(qtbot, kiosk.ui, "homeScreen")
    if kiosk.ui.journey.elderMode:
        tap(qtbot, kiosk.ui, "elderButton")
        qtbot.waitUntil(lambda: not kiosk.ui.journey.elderMode, timeout=5000)
    settle(qtbot, kiosk.ui)
    kiosk.spoken.clear()
    yield kiosk
    sim = kiosk.rt.devices.sim if kiosk.rt.devices else None
    if sim is not None and sim.place_id_card is not None:
        sim.place_id_card(None)
    if kiosk.ui.journey.step != "idle":
        kiosk.ui.journey.exitSession()
    settle(qtbot, kiosk.ui)
    wait_for(qtbot, kiosk.ui, "homeScreen")


def _said(k: Harness, key: str) -> bool:
    """Whether a prompt containing the catalogue text of ``key`` was said in its language."""
    return any(translate(key, locale) in text for text, locale in k.spoken)


def _wait_said(qtbot: Any, k: Harness, key: str) -> None:
    qtbot.waitUntil(lambda: _said(k, key), timeout=5000)


def _elder_on(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "elderButton")
    qtbot.waitUntil(lambda: k.ui.journey.elderMode, timeout=5000)


def test_every_screen_has_a_prompt_in_both_languages() -> None:
    screens = {p.name.removesuffix("Screen.qml") for p in QML_DIR.glob("*Screen.qml")}
    assert screens == set(SCREEN_PROMPTS), screens ^ set(SCREEN_PROMPTS)
    for key in SCREEN_PROMPTS.values():
        zh, en = translate(key, "zh_CN"), translate(key, "en_US")
        assert len({key, zh, en}) == 3, key


def test_screen_follows_step_reader_and_submission() -> None:
    assert screen_for("idle", "", reading=False) == "Home"
    assert screen_for("idle", "", reading=True) == "Reading"
    assert screen_for("idle", "identify", reading=False) == "Reading"
    assert screen_for("review", "submit", reading=False) == "Submitting"
    assert screen_for("form", "", reading=True) == "Form"
    assert all(screen_for(step, "", reading=False) == s for step, s in SCREEN_OF_STEP.items())


def test_nothing_is_said_outside_elder_mode(k: Harness, qtbot: Any) -> None:
    identify_with_id_card(qtbot, k, resident("R0011"))
    tap(qtbot, k.ui, "confirmIdentityButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    k.ui.journey.exitSession()
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    assert k.spoken == []


def test_elder_mode_speaks_each_screen_and_no_personal_value(k: Harness, qtbot: Any) -> None:
    person = resident("R0012")
    _elder_on(k, qtbot)
    _wait_said(qtbot, k, "voice.home")
    assert k.spoken[-1][1] == "zh_CN"
    identify_with_id_card(qtbot, k, person)
    _wait_said(qtbot, k, "voice.identity")
    tap(qtbot, k.ui, "confirmIdentityButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    _wait_said(qtbot, k, "voice.services")
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: k.spoken[-1] == (translate("voice.services", "en_US"), "en_US"),
                    timeout=5000)
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: k.ui.journey.locale == "zh_CN", timeout=5000)
    for text, _locale in k.spoken:
        for value in (person.name, person.id_number, person.phone, person.residence_address):
            assert value not in text


def test_a_message_is_said_before_the_screens_instruction(k: Harness, qtbot: Any) -> None:
    _elder_on(k, qtbot)
    tap(qtbot, k.ui, "browseButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    _wait_said(qtbot, k, "voice.services")
    k.spoken.clear()
    tap(qtbot, k.ui, "service_residence_permit")  # not identified: back home with a message
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    # the prompter speaks from a zero-delay timer once the whole view is applied
    qtbot.waitUntil(lambda: bool(k.spoken), timeout=5000)
    message = translate("journey.identify_to_continue", "zh_CN")
    home = translate("voice.home", "zh_CN")
    assert k.spoken[-1] == (f"{message} {home}", "zh_CN")
    # One utterance for the whole change, not one per property that moved.
    assert len(k.spoken) == 1, k.spoken


def test_call_staff_says_help_is_coming(k: Harness, qtbot: Any) -> None:
    _elder_on(k, qtbot)
    tap(qtbot, k.ui, "callStaffButton")
    wait_for(qtbot, k.ui, "helpScreen")
    _wait_said(qtbot, k, "voice.staff_coming")
    tap(qtbot, k.ui, "helpBackButton")
    wait_for(qtbot, k.ui, "homeScreen")


def test_idle_warning_is_said(k: Harness, qtbot: Any) -> None:
    _elder_on(k, qtbot)
    identify_with_id_card(qtbot, k, resident("R0013"))
    tap(qtbot, k.ui, "confirmIdentityButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    t = k.rt.ctx.config.timeouts
    k.clock.advance(t.elder_idle_s - t.idle_warning_s + 1)
    wait_for(qtbot, k.ui, "idleOverlay")
    _wait_said(qtbot, k, "voice.idle_warning")
    tap(qtbot, k.ui, "idleContinueButton")


def test_switching_elder_mode_off_silences_the_prompt(k: Harness, qtbot: Any) -> None:
    _elder_on(k, qtbot)
    _wait_said(qtbot, k, "voice.home")
    tap(qtbot, k.ui, "elderButton")
    qtbot.waitUntil(lambda: k.spoken[-1] == ("", "zh_CN"), timeout=5000)
