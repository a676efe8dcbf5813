"""The materials screen: a live preview off the UI thread, hints from the pipeline's verdicts,
and captures that fill each material's wanted pages and then move on.

One simulated kiosk (embedded reference hub, real store, memory devices, dev dock,
manual journey clock) and one window serve every test in this module. The camera
is driven through the dev dock's HTTP API, as a developer would; the screen by
taps on objectNames.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np
import pytest
from dock_support import call
from PySide6.QtCore import QSize
from ui_support import Harness, find, kiosk_harness, open_form, settle, wait_for
from ui_support import tap as tap_now

from kiosk.app.documents import messages, tracker
from kiosk.app.documents.quality import Verdict
from kiosk.app.documents.tracker import DocumentTracker
from kiosk.base.i18n import translate
from kiosk.devtools.headless import document_image
from kiosk.devtools.residents import resident
from ui.devtools.tour import resident_answer

SERVICE = "residence_permit"  # ID card (2 pages), tenancy agreement (2), employment contract
PERSON = "R0001"  # has the (optional) employment contract on file at the reference hub
DESK = (70, 85, 100)
# Keys of the capture state the adapter adds to the pipeline's own verdict keys.
CAPTURE_KEYS = {"camera.page_taken", "camera.material_complete", "camera.unavailable"}


@pytest.fixture(scope="module")
def kiosk(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-materials")) as h:
        yield h


@pytest.fixture
def k(kiosk: Harness, qtbot: Any) -> Iterator[Harness]:
    """The shared kiosk on its home screen; afterwards camera cleared, home, no QML warnings."""
    wait_for(qtbot, kiosk.ui, "homeScreen")
    kiosk.qml_warnings.clear()
    yield kiosk
    _dock(kiosk, "/unplug", {"device": "camera", "unplugged": False})
    _dock(kiosk, "/camera/clear")
    j: Any = kiosk.ui.journey
    if j.step != "idle":
        j.exitSession()
    settle(qtbot, kiosk.ui)
    wait_for(qtbot, kiosk.ui, "homeScreen")
    assert not kiosk.ui.images.stored_keys() or kiosk.ui.images.stored_keys() == ["preview"]
    assert kiosk.qml_warnings == [], "\n".join(kiosk.qml_warnings)


# --- helpers ------------------------------------------------------------------------------


def _dock(k: Harness, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """One dev-dock call over HTTP."""
    status, reply = call(k.dock.url, "POST", path, body or {})
    assert status == 200 and reply["ok"], reply
    return reply


def _show(k: Harness, image: np.ndarray) -> None:
    """Hold an image under the camera through the dock."""
    ok, png = cv2.imencode(".png", image)
    assert ok
    _dock(k, "/camera/image", {"png_base64": base64.b64encode(png.tobytes()).decode()})


def _page(aspect: float = 210 / 297, seed: int = 3) -> np.ndarray:
    return document_image("page", seed=seed, aspect=aspect)


def _to_materials(k: Harness, qtbot: Any) -> None:
    """Identify by ID card, pass the level-2 code, fill the form: the materials screen."""
    person = resident(PERSON)
    j: Any = k.ui.journey
    open_form(qtbot, k, person, SERVICE)
    for row in j.form_rows():
        if row["required"] and row["value"] in ("", False):
            j.setField(row["name"], resident_answer(row, person))
    settle(qtbot, k.ui)
    j.submitForm()
    wait_for(qtbot, k.ui, "materialsScreen")
    settle(qtbot, k.ui)


def tap(qtbot: Any, ui: Any, name: str) -> None:
    """Tap once the window is laid out: lists here are rebuilt whenever a page count changes,
    and a rebuilt button has its real size only after the next polish (a render)."""
    ui.window.grabWindow()
    tap_now(qtbot, ui, name)


def _material(k: Harness, material_type: str) -> dict[str, Any]:
    j: Any = k.ui.journey
    return dict(next(m for m in j.materials if m["type"] == material_type))


def _thumbs(k: Harness, material_type: str) -> int:
    dev: Any = k.ui.devices
    return sum(1 for t in dev.thumbnails if t["material"] == material_type)


def _hint_label(k: Harness) -> str:
    item = find(k.ui, "cameraHint")
    return "" if item is None else str(item.property("text"))


# --- 1. the preview runs at the camera's rate, off the UI thread ----------------------------


def test_preview_keeps_the_camera_rate_while_the_tracker_is_busy(
        k: Harness, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview never waits for detection, and detection takes only the newest frame."""
    gate = threading.Event()
    fed: list[np.ndarray] = []
    real_feed = DocumentTracker.feed

    def slow_feed(self: DocumentTracker, frame: Any, timestamp: float | None = None) -> Any:
        fed.append(np.array(frame))
        gate.wait(60)  # a detector far slower than the camera, until the test lets it go
        return real_feed(self, frame, timestamp)

    grabbers: set[str] = set()
    camera: Any = k.rt.devices.camera if k.rt.devices else None
    real_grab = camera.grab

    def watched_grab() -> Any:
        grabbers.add(threading.current_thread().name)
        return real_grab()

    monkeypatch.setattr(DocumentTracker, "feed", slow_feed)
    try:
        # The page lies there already, so the first frame the tracker gets is the page.
        _show(k, _page())
        dev: Any = k.ui.devices
        sources: list[str] = []
        dev.previewSourceChanged.connect(lambda: sources.append(str(dev.previewSource)))
        _to_materials(k, qtbot)
        monkeypatch.setattr(camera, "grab", watched_grab)  # the idle screen's QR scan is over
        qtbot.waitUntil(lambda: len(fed) == 1, timeout=10_000)
        # The tracker is stuck on its first frame; the preview must go on regardless.
        seen = len(sources)
        qtbot.waitUntil(lambda: len(sources) >= seen + 8, timeout=10_000)
        grabbers.clear()  # from here on (the home screen's last QR scan is surely over)
        preview = k.ui.images.requestImage("preview/x", QSize(), QSize())
        assert (preview.width(), preview.height()) == (640, 480)
        assert preview.pixelColor(320, 240).lightness() > 200  # the white page, scaled
        assert fed[0].shape == (480, 640, 3)
        # A new view while the tracker is busy: the frames in between are never tracked.
        _dock(k, "/camera/image", {"png_base64": base64.b64encode(
            cv2.imencode(".png", np.full((1200, 1600, 3), DESK, np.uint8))[1].tobytes()
        ).decode()})
        qtbot.waitUntil(lambda: k.ui.images.requestImage("preview/x", QSize(), QSize())
                        .pixelColor(320, 240).lightness() < 120, timeout=10_000)
        gate.set()
        qtbot.waitUntil(lambda: len(fed) >= 2, timeout=10_000)
        assert abs(float(fed[1].mean()) - float(np.mean(DESK))) < 2, "a stale frame was tracked"
        assert "MainThread" not in grabbers and grabbers == {"ui-camera"}
    finally:
        gate.set()


# --- 2. the hint follows the pipeline's verdicts ----------------------------------------------


def _expect_hint(k: Harness, qtbot: Any, key: str, locale: str = "zh_CN") -> None:
    dev: Any = k.ui.devices
    qtbot.waitUntil(lambda: dev.cameraHint == key, timeout=15_000)
    text = translate(key, locale)
    qtbot.waitUntil(lambda: _hint_label(k) == text, timeout=5000)


def test_hint_follows_the_verdicts_and_new_keys_show_without_ui_changes(
        k: Harness, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dev: Any = k.ui.devices
    j: Any = k.ui.journey
    _to_materials(k, qtbot)
    tap(qtbot, k.ui, "material_lease_contract")  # A4 pages below
    qtbot.waitUntil(lambda: dev.activeMaterial == "lease_contract", timeout=5000)
    _dock(k, "/camera/clear")
    _expect_hint(k, qtbot, "document.not_found")
    page = _page()
    shift_up = np.array([[1, 0, 0], [0, 1, -300]], dtype=np.float32)
    cut_off = cv2.warpAffine(page, shift_up, (1600, 1200), borderMode=cv2.BORDER_REPLICATE)
    _show(k, cut_off)
    _expect_hint(k, qtbot, "document.cut_off")
    assert len(dev.outline) == 8  # outlined, and the hint says what is wrong
    glare = page.copy()
    cv2.circle(glare, (800, 600), 60, (255, 255, 255), -1)
    _show(k, glare)
    _expect_hint(k, qtbot, "document.glare")
    far = np.full_like(page, DESK)
    far[450:750, 600:1000] = cv2.resize(page, (400, 300))
    _show(k, far)
    _expect_hint(k, qtbot, "document.too_small")
    _show(k, cv2.GaussianBlur(page, (0, 0), 16))
    _expect_hint(k, qtbot, "document.too_blurry")
    _dock(k, "/unplug", {"device": "camera", "unplugged": True})
    _expect_hint(k, qtbot, "camera.unavailable")
    _dock(k, "/unplug", {"device": "camera", "unplugged": False})
    assert _thumbs(k, "lease_contract") == 0  # none of these was taken

    # A verdict the UI has never heard of (another team's new check) shows by its key.
    real_check = getattr(tracker, "check")  # noqa: B009 (the name the tracker calls)
    with monkeypatch.context() as patched:
        patched.setattr(tracker, "check", lambda *a, **kw: [
            Verdict("document.wrong_material", 1.0), *real_check(*a, **kw)])
        _show(k, page)
        _expect_hint(k, qtbot, "document.wrong_material")
        assert "document.wrong_material" in messages.MESSAGE_KEYS
        _dock(k, "/camera/clear")  # before the check is real again, or the page is taken
    assert _thumbs(k, "lease_contract") == 0

    # A good page: hold still → capturing → taken; never the generic "put it down" text.
    keys: list[str] = []
    dev.cameraHintChanged.connect(lambda: keys.append(str(dev.cameraHint)))
    _dock(k, "/camera/clear")
    _expect_hint(k, qtbot, "document.not_found")
    _show(k, page)
    qtbot.waitUntil(lambda: _thumbs(k, "lease_contract") == 1, timeout=20_000)
    _expect_hint(k, qtbot, "camera.page_taken")
    assert "document.ready" in keys
    assert keys.index("document.ready") < keys.index("camera.page_taken")
    assert set(keys) <= set(messages.MESSAGE_KEYS) | CAPTURE_KEYS, keys
    # Language switch: the same hint, now in English.
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: j.locale == "en_US", timeout=5000)
    _expect_hint(k, qtbot, "camera.page_taken", "en_US")


# --- 3. pages fill each material, then the next one; retake; done ----------------------------


def test_capture_fills_each_material_then_moves_on_retake_and_done(
        k: Harness, qtbot: Any) -> None:
    _to_materials(k, qtbot)
    dev: Any = k.ui.devices
    j: Any = k.ui.journey
    wanted = {m["type"]: m["pages_wanted"] for m in j.materials if not m["on_file"]}
    assert list(wanted)[:2] == ["id_card", "lease_contract"] and wanted["id_card"] == 2
    assert dev.activeMaterial == "id_card" and dev.captureEnabled
    assert not dev.materialsComplete
    assert wait_for(qtbot, k.ui, "materialsDoneButton").property("kind") == "secondary"

    # Page 1 by itself (auto-capture), page 2 by "Take picture"; then the tenancy agreement.
    _show(k, _page(aspect=85.6 / 54))
    qtbot.waitUntil(lambda: _thumbs(k, "id_card") == 1, timeout=20_000)
    assert dev.activeMaterial == "id_card"
    tap(qtbot, k.ui, "captureButton")
    qtbot.waitUntil(lambda: _thumbs(k, "id_card") == 2, timeout=20_000)
    qtbot.waitUntil(lambda: dev.activeMaterial == "lease_contract", timeout=5000)
    settle(qtbot, k.ui)
    assert _material(k, "id_card")["pages"] == 2
    # The same page still lies there: it is not taken again for the next material.
    _expect_hint(k, qtbot, "camera.page_taken")
    for n in range(1, wanted["lease_contract"] + 1):
        tap(qtbot, k.ui, "captureButton")
        qtbot.waitUntil(lambda n=n: _thumbs(k, "lease_contract") == n, timeout=20_000)
    qtbot.waitUntil(lambda: dev.materialsComplete, timeout=5000)
    settle(qtbot, k.ui)
    assert _material(k, "lease_contract")["pages"] == wanted["lease_contract"]

    # A full material: "Take picture" is off, the hint says how to retake, nothing is added.
    tap(qtbot, k.ui, "material_id_card")
    qtbot.waitUntil(lambda: dev.activeMaterial == "id_card", timeout=5000)
    assert not dev.captureEnabled
    qtbot.waitUntil(lambda: not wait_for(qtbot, k.ui, "captureButton").isEnabled(), timeout=5000)
    _expect_hint(k, qtbot, "camera.material_complete")
    dev.captureNow()  # even if called anyway
    j.add_page("id_card", b"\xff\xd8 not taken")  # and the core refuses a third
    settle(qtbot, k.ui)
    assert _material(k, "id_card")["pages"] == 2 and _thumbs(k, "id_card") == 2

    # Retake: delete page 1 of the ID card; it is captured next (by itself, once the page
    # is put down again), then the flow moves on.
    _dock(k, "/camera/clear")
    tap(qtbot, k.ui, "deletePage_id_card_0")
    qtbot.waitUntil(lambda: _thumbs(k, "id_card") == 1, timeout=5000)
    assert dev.activeMaterial == "id_card" and dev.captureEnabled
    settle(qtbot, k.ui)
    assert _material(k, "id_card")["pages"] == 1
    assert wait_for(qtbot, k.ui, "materialsDoneButton").property("kind") == "secondary"
    _show(k, _page(aspect=85.6 / 54, seed=5))
    qtbot.waitUntil(lambda: _thumbs(k, "id_card") == 2, timeout=20_000)
    qtbot.waitUntil(lambda: dev.activeMaterial != "id_card", timeout=5000)
    settle(qtbot, k.ui)
    assert _material(k, "id_card")["pages"] == 2
    assert [t["index"] for t in dev.thumbnails if t["material"] == "id_card"] == [0, 1]

    # Optional materials not on file are offered next; once they are in too, all is done.
    for extra in [t for t in wanted if t not in ("id_card", "lease_contract")]:
        qtbot.waitUntil(lambda extra=extra: dev.activeMaterial == extra, timeout=5000)
        for n in range(1, wanted[extra] + 1):
            tap(qtbot, k.ui, "captureButton")
            qtbot.waitUntil(lambda n=n, extra=extra: _thumbs(k, extra) == n, timeout=20_000)
    qtbot.waitUntil(lambda: dev.activeMaterial == "", timeout=5000)
    assert dev.materialsComplete and not dev.captureEnabled
    assert wait_for(qtbot, k.ui, "materialsDoneButton").property("kind") == "primary"
    assert wait_for(qtbot, k.ui, "captureButton").property("kind") == "secondary"
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: _hint_label(k) == "All documents are in. Tap Next.", timeout=5000)
    tap(qtbot, k.ui, "materialsDoneButton")
    wait_for(qtbot, k.ui, "reviewScreen")


def test_a_dropped_frame_does_not_take_the_same_page_again(
        k: Harness, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A working camera that fails one read has not seen the page leave."""
    from devices.camera.protocol import CameraFailure, CameraFailureKind

    dev: Any = k.ui.devices
    camera = k.rt.devices.camera if k.rt.devices else None
    assert camera is not None
    real_grab = camera.grab
    dropping = threading.Event()
    counts = {"dropped": 0, "after": 0}

    def grab() -> Any:
        if dropping.is_set():
            counts["dropped"] += 1
            return CameraFailure(CameraFailureKind.READ_FAILED, "frame dropped")
        counts["after"] += 1
        return real_grab()

    monkeypatch.setattr(camera, "grab", grab)
    _to_materials(k, qtbot)
    assert dev.activeMaterial == "id_card"
    _show(k, _page(aspect=85.6 / 54))
    qtbot.waitUntil(lambda: _thumbs(k, "id_card") == 1, timeout=20_000)
    _expect_hint(k, qtbot, "camera.page_taken")
    dropping.set()
    qtbot.waitUntil(lambda: counts["dropped"] >= 3, timeout=10_000)
    counts["after"] = 0
    dropping.clear()
    # Well past the stable frames and still time auto-capture needs (5 frames, 0.6 s).
    qtbot.waitUntil(lambda: counts["after"] >= 40, timeout=20_000)
    settle(qtbot, k.ui)
    assert _thumbs(k, "id_card") == 1
    assert dev.cameraHint == "camera.page_taken"
    _dock(k, "/camera/clear")
