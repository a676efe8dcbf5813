"""Track a case from the home screen, by taps: typed code, receipt QR, offline, bad code.

One simulated kiosk (embedded reference hub, real store, memory devices, dev
dock, manual clock) and one window serve every test; a resident submits one
application by taps first, and its receipt's code is what the tests look up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from ui_support import (
    Harness,
    fill_form,
    find,
    finish_and_skip_rating,
    kiosk_harness,
    open_form,
    settle,
    tap,
    type_into,
    wait_for,
)

from kiosk.base import tracking
from kiosk.base.i18n import translate
from kiosk.devtools.dock import qr_image
from kiosk.devtools.residents import resident

# Level 1, no required document: the shortest way to a receipt.
SERVICE = "hotline_12345"


@dataclass(frozen=True)
class Submitted:
    """The receipt of the application submitted at the start."""

    code: str
    display: str
    url: str


@pytest.fixture(scope="module")
def kiosk(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-trackcase")) as h:
        yield h


def _journey(k: Harness) -> Any:
    """The journey adapter; its Qt properties read as plain values at run time."""
    return k.ui.journey


@pytest.fixture(scope="module")
def submitted(kiosk: Harness, qtbot_module: Any) -> Submitted:
    """One application submitted by taps, its receipt finished: back on the home screen."""
    qtbot, k = qtbot_module, kiosk
    person = resident("R0003")
    open_form(qtbot, k, person, SERVICE)
    fill_form(qtbot, k, person)
    assert _journey(k).step == "materials"  # the hotline's photo is optional: skip it
    tap(qtbot, k.ui, "materialsDoneButton")
    wait_for(qtbot, k.ui, "reviewScreen")
    tap(qtbot, k.ui, "consentCheck")
    tap(qtbot, k.ui, "submitButton")
    wait_for(qtbot, k.ui, "receiptScreen", timeout=30_000)
    settle(qtbot, k.ui)
    receipt = _journey(k).receipt
    assert receipt["status"] == "sent", _journey(k).messageKey
    shown = wait_for(qtbot, k.ui, "trackingCode").property("text")
    result = Submitted(receipt["tracking_code"], shown, receipt["tracking_url"])
    finish_and_skip_rating(qtbot, k)
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    return result


@pytest.fixture(scope="module")
def qtbot_module(qapp: Any, request: pytest.FixtureRequest) -> Any:
    """A qtbot for module-scoped fixtures (pytest-qt's own is per test)."""
    from pytestqt.qtbot import QtBot

    return QtBot(request)


@pytest.fixture
def k(kiosk: Harness, submitted: Submitted, qtbot: Any) -> Iterator[Harness]:
    """The shared kiosk on its home screen; afterwards online, camera clear, back home."""
    wait_for(qtbot, kiosk.ui, "homeScreen")
    kiosk.qml_warnings.clear()
    yield kiosk
    kiosk.rt.offline = False
    sim = kiosk.rt.devices.sim if kiosk.rt.devices else None
    if sim is not None and sim.show_to_camera is not None:
        sim.show_to_camera(None)
    if _journey(kiosk).step != "idle":
        _journey(kiosk).exitSession()
    settle(qtbot, kiosk.ui)
    wait_for(qtbot, kiosk.ui, "homeScreen")
    assert kiosk.qml_warnings == [], "\n".join(kiosk.qml_warnings)


def _open_track_case(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "trackCaseButton")
    wait_for(qtbot, k.ui, "trackCaseScreen")
    settle(qtbot, k.ui)
    assert _journey(k).step == "track_case"
    assert _journey(k).messageKey == ""
    assert find(k.ui, "caseResult") is None  # nothing looked up yet


def _status_shown(k: Harness, qtbot: Any) -> str:
    status = wait_for(qtbot, k.ui, "caseStatus")
    text = str(status.property("text"))
    assert text
    return text


def test_typed_code_shows_the_submitted_case(k: Harness, qtbot: Any,
                                             submitted: Submitted) -> None:
    _open_track_case(k, qtbot)
    # Typed as a resident might: lower case, no dashes.
    type_into(qtbot, k.ui, "trackCodeField", submitted.code.lower())
    tap(qtbot, k.ui, "trackLookupButton")
    text = _status_shown(k, qtbot)
    case = _journey(k).caseInfo
    assert case["tracking_code"] == submitted.code and case["status"] == "received"
    assert "已收到申请" in text  # the zh_CN label of "received", not the raw state
    assert wait_for(qtbot, k.ui, "caseCode").property("text") == submitted.display
    service = wait_for(qtbot, k.ui, "caseService").property("text")
    assert service and service == case["service_name_zh"]
    assert find(k.ui, "caseEvent_0") is not None
    tap(qtbot, k.ui, "trackBackButton")
    wait_for(qtbot, k.ui, "homeScreen")


def test_receipt_qr_held_to_the_camera_shows_the_case(k: Harness, qtbot: Any,
                                                      submitted: Submitted) -> None:
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.show_to_camera is not None
    _open_track_case(k, qtbot)
    sim.show_to_camera(qr_image(submitted.url))
    _status_shown(k, qtbot)
    assert _journey(k).caseInfo["tracking_code"] == submitted.code
    sim.show_to_camera(None)
    # A QR still in view is not read twice; wait until the scanner has seen it go.
    qtbot.waitUntil(lambda: k.ui.devices._last_qr is None, timeout=10_000)
    tap(qtbot, k.ui, "trackBackButton")
    wait_for(qtbot, k.ui, "homeScreen")
    # On the home screen the same QR is a case lookup too, never an identity.
    sim.show_to_camera(qr_image(submitted.url))
    wait_for(qtbot, k.ui, "trackCaseScreen")
    _status_shown(k, qtbot)
    assert _journey(k).person == {}


def test_english_status_label(k: Harness, qtbot: Any, submitted: Submitted) -> None:
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: _journey(k).locale == "en_US", timeout=5000)
    _open_track_case(k, qtbot)
    type_into(qtbot, k.ui, "trackCodeField", submitted.display)
    tap(qtbot, k.ui, "trackLookupButton")
    qtbot.waitUntil(lambda: "Received" in _status_shown(k, qtbot), timeout=5000)


def test_offline_lookup_says_the_network_is_down(k: Harness, qtbot: Any,
                                                 submitted: Submitted) -> None:
    _open_track_case(k, qtbot)
    type_into(qtbot, k.ui, "trackCodeField", submitted.display)
    tap(qtbot, k.ui, "trackLookupButton")
    _status_shown(k, qtbot)
    k.rt.offline = True
    tap(qtbot, k.ui, "trackLookupButton")
    qtbot.waitUntil(lambda: _journey(k).messageKey == "journey.tracking_offline",
                    timeout=10_000)
    banner = wait_for(qtbot, k.ui, "messageText")
    assert banner.property("text") == translate("journey.tracking_offline", "zh_CN")
    # The earlier answer is gone: it must not pass for the status now.
    qtbot.waitUntil(lambda: find(k.ui, "caseResult") is None, timeout=5000)


def test_mistyped_code_is_refused_with_its_next_step(k: Harness, qtbot: Any,
                                                     submitted: Submitted) -> None:
    _open_track_case(k, qtbot)
    code = submitted.code
    # One character changed: the check character catches it before any hub call.
    wrong = code[:5] + ("0" if code[5] != "0" else "1") + code[6:]
    assert not tracking.is_valid(wrong)
    type_into(qtbot, k.ui, "trackCodeField", wrong)
    tap(qtbot, k.ui, "trackLookupButton")
    qtbot.waitUntil(lambda: _journey(k).messageKey == "journey.tracking_code_invalid",
                    timeout=10_000)
    assert wait_for(qtbot, k.ui, "messageText").property("text")
    assert find(k.ui, "caseResult") is None
