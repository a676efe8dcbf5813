"""Walk the real app through every screen with one demo resident, stopping in every mode.

Used by ``kiosk screenshots``, the layout test and the UI bench. It opens the
simulated kiosk (memory devices, embedded reference hub), builds the real
window with :func:`ui.app.build_ui`, and acts like the resident: the ID card
goes on the simulated reader and the device thread reads it, buttons are the
adapter slots the QML buttons call, the level-2 code is read off the reference
hub's admin listing (the resident's phone), documents are shown to the
simulated camera and captured by the live tracker. At each screen every
requested :class:`~ui.screenshots.Mode` is applied (language and elder mode
through the journey, as the on-screen switches do; orientation by resizing)
and the visitor is called with the window.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEventLoop, QIODevice, QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from kiosk.clock import SystemClock

if TYPE_CHECKING:
    import datetime as dt

    from kiosk.cli import Context
    from kiosk.runtime import Runtime
    from ui.app import KioskUi
    from ui.screenshots import Mode


class TourError(Exception):
    """The app did not reach a screen the tour expected; the message says which and why."""


class JumpClock:
    """The real clock plus a forward offset, so the tour can bring on the idle warning."""

    def __init__(self) -> None:
        self._base = SystemClock()
        self._offset = 0.0

    def monotonic(self) -> float:
        """Real monotonic seconds plus the jumps so far."""
        return self._base.monotonic() + self._offset

    def now(self) -> dt.datetime:
        """The real wall clock (the status bar shows the real time)."""
        return self._base.now()

    def sleep(self, seconds: float) -> None:
        """Really wait: device threads pace themselves with this."""
        self._base.sleep(seconds)

    def jump(self, seconds: float) -> None:
        """Let ``seconds`` pass at once for the monotonic reading."""
        self._offset += seconds


_WAIT = SystemClock()  # the tour's own bounded waits are real time, apart from the kiosk's clock


def wait_until(predicate: Callable[[], bool], what: str, timeout_s: float = 20.0) -> None:
    """Run the Qt event loop until ``predicate`` holds; ``TourError`` after ``timeout_s``."""
    app = QCoreApplication.instance()
    assert app is not None
    deadline = _WAIT.monotonic() + timeout_s
    while not predicate():
        if _WAIT.monotonic() > deadline:
            raise TourError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not predicate():
            # Worker threads deliver through queued signals; give them the core briefly.
            time.sleep(0.005)


def settle(ui: KioskUi) -> None:
    """Let queued view updates, bindings, layouts and loaders finish."""
    wait_until(ui.journey.idle, "the journey worker to finish")
    for _ in range(4):
        QCoreApplication.sendPostedEvents()
        ui.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def signature_data_url() -> str:
    """A finger-drawn-looking signature as the pad hands it over (PNG data URL)."""
    image = QImage(600, 200, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#14202E"), 6))
    path = QPainterPath(QPointF(40, 140))
    for i in range(1, 12):
        path.quadTo(QPointF(40 + i * 45 - 20, 40 + (i % 3) * 50), QPointF(40 + i * 45, 140))
    painter.drawPath(path)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide's stubs say bytes for the format; the binding only accepts str.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode()


def resident_answer(row: dict[str, Any], person: Any) -> Any:
    """What the resident types into an empty required field."""
    widget = str(row.get("widget", ""))
    options = row.get("options") or []
    if options:
        return options[0].get("value")
    if widget == "checkbox":
        return True
    if widget == "number":
        return 1
    if widget == "phone":
        return person.phone
    if widget == "date":
        return "2026-01-05"
    if widget == "id_number":
        return person.id_number
    if "address" in str(row.get("name", "")):
        return person.residence_address
    return "示范"


@contextmanager
def open_app(ctx: Context, *, size: tuple[int, int] = (1920, 1080),
             start_devices: bool = True) -> Iterator[tuple[Runtime, KioskUi]]:
    """The simulated kiosk with its window, closed again afterwards."""
    from kiosk.runtime import open_runtime, warm_cache
    from ui.app import build_ui, ensure_app

    ensure_app()
    rt = open_runtime(ctx)
    ui = None
    try:
        warm_cache(rt)
        # Screenshots and benches are silent: no voice prompt for elder mode.
        ui = build_ui(rt, size=size, windowed=True, start_devices=start_devices,
                      speak=lambda _text, _locale: None)
        yield rt, ui
    finally:
        if ui is not None:
            ui.close()
        rt.close()


class Tour:
    """One resident's walk through the app, calling ``visit`` on every screen in every mode."""

    def __init__(self, rt: Runtime, ui: KioskUi, clock: JumpClock | None,
                 modes: Sequence[Mode], visit: Callable[[str, Mode, Any], None]) -> None:
        self.rt, self.ui, self.clock = rt, ui, clock
        self.modes = list(modes)
        self.visit = visit
        self.seen: list[str] = []

    # --- modes --------------------------------------------------------------------------

    def apply(self, mode: Mode) -> None:
        """Switch language, elder mode and orientation as the resident or installer would."""
        from ui import translations

        j: Any = self.ui.journey  # Qt properties read as plain values at run time
        if j.locale != mode.locale:
            j.setLocale(mode.locale)
        if j.elderMode != mode.elder:
            j.setElderMode(mode.elder)
        settle(self.ui)
        wait_until(lambda: j.locale == mode.locale and j.elderMode == mode.elder,
                   f"{mode.label} to take effect")
        translations.install(self.ui.app, mode.locale, self.ui.engine)
        if (self.ui.window.width(), self.ui.window.height()) != mode.size:
            self.ui.resize(*mode.size)
        settle(self.ui)

    def stop(self, screen: str, prepare: Callable[[], None] | None = None) -> None:
        """Show ``screen`` in every mode to the visitor."""
        self.seen.append(screen)
        for mode in self.modes:
            self.apply(mode)
            if prepare is not None:
                prepare()
                settle(self.ui)
            self.render()
            self.visit(screen, mode, self.ui.window)

    def render(self) -> None:
        """Polish and draw one frame: Qt Quick layouts settle only when a frame is made."""
        # Layouts (and text that reflows with them) update in the polish pass before a
        # frame; a resized or re-themed window is only right once that pass has run, and
        # a size change it causes may need one more.
        for _ in range(2):
            self.ui.window.grabWindow()
            settle(self.ui)

    # --- the walk ------------------------------------------------------------------------

    def expect_step(self, step: str, what: str, timeout_s: float = 20.0) -> None:
        """Wait for the journey to reach ``step``; name the message it shows if not."""
        j: Any = self.ui.journey

        def reached() -> bool:
            return bool(j.step == step and j.idle())

        try:
            wait_until(reached, what, timeout_s)
        except TourError:
            raise TourError(f"{what}: still on {j.step!r} (message {j.messageKey!r})") from None
        settle(self.ui)

    def run(self, resident_id: str, service_id: str) -> list[str]:
        """Every screen, in journey order; returns the screen names visited."""
        from devices.demo_cards import id_card_for
        from kiosk.demo_residents import resident
        from kiosk.headless import document_image

        person = resident(resident_id)
        ui, rt = self.ui, self.rt
        j: Any = ui.journey
        devices: Any = ui.devices
        sim = rt.devices.sim if rt.devices is not None else None
        if sim is None or sim.place_id_card is None or sim.show_to_camera is None:
            raise TourError("the tour needs the simulated devices")
        self.expect_step("idle", "the home screen")
        self.stop("Home")
        # The reading screen lasts as long as a real read; show it as the device thread does.
        self.stop("Reading", prepare=lambda: devices._on_reading(True))
        devices._on_reading(False)
        j.post(_event("CardReadFailed", "idcard.read_failed"))
        settle(ui)
        self.stop("HomeCardFault")

        devices.start()
        sim.place_id_card(id_card_for(person))
        self.expect_step("identity_confirmed", "the card to be read")
        sim.place_id_card(None)  # lifted after the beep, as the screen asks
        self.stop("Identity")

        j.confirmIdentity()
        self.expect_step("choose_service", "the service catalog")
        self.stop("Services")
        j.setSearch("jzz")
        settle(ui)
        self.stop("ServicesSearch")
        j.setSearch("")
        settle(ui)

        j.chooseService(service_id)
        wait_until(lambda: j.idle() and j.step in ("level2_code", "form"),
                   f"service {service_id} to open")
        if j.step == "level2_code":
            self.stop("Code")
            j.requestCode()
            wait_until(lambda: j.idle() and bool(j.codeSent), "the level-2 code to be sent")
            settle(ui)
            self.stop("CodeSent")
            assert rt.embedded is not None
            codes = rt.embedded.admin.sent_codes()
            if not codes:
                raise TourError("the reference hub sent no level-2 code")
            j.enterCode(str(codes[-1]["code"]))
        self.expect_step("form", "the prefilled form")
        self.stop("Form")
        if self.clock is not None:
            self._idle_warning()

        for row in j.form_rows():
            if row.get("required") and row.get("value") in ("", None):
                j.setField(str(row["name"]), resident_answer(row, person))
        settle(ui)
        j.submitForm()
        wait_until(lambda: j.idle() and j.step in ("materials", "review"),
                   "the form to be accepted")
        if j.step == "materials":
            sim.show_to_camera(document_image("document", seed=7))
            wait_until(lambda: bool(devices.previewSource) and bool(devices.outline),
                       "the live camera preview with the document outline")
            self.stop("Materials")
            # The resident picks each material still missing and taps "take picture" per
            # page (auto-capture also needs the sheet's shape to match the material, which
            # one demo sheet does not for all of them).
            for material in [m for m in j.materials if not m["on_file"]]:
                devices.selectMaterial(str(material["type"]))
                for _ in range(int(material["pages_wanted"]) - int(material["pages"])):
                    pages: int = len(devices.thumbnails)
                    devices.captureNow()

                    def captured(n: int = pages) -> bool:
                        return len(devices.thumbnails) > n

                    wait_until(captured, "a page to be captured")
            settle(ui)
            sim.show_to_camera(None)
            settle(ui)
            self.stop("MaterialsCaptured")
            j.materialsDone()
        self.expect_step("review", "the review screen")
        self.stop("Review")

        j.confirmAndSubmit(True, signature_data_url())
        self.expect_step("receipt", "the receipt")
        self.stop("Receipt")
        tracking = str(j.receipt.get("tracking_code", ""))

        j.finish()
        self.expect_step("idle", "the session to end")
        j.browse()
        self.expect_step("browse", "browsing without identity")
        self.stop("Browse")
        j.back()
        self.expect_step("idle", "back home")
        j.showServicePoints()
        self.expect_step("service_points", "nearby service points")
        self.stop("ServicePoints")
        j.back()
        self.expect_step("idle", "back home")
        if tracking:
            j.trackCase(tracking)
            self.expect_step("track_case", "the case status")
            self.stop("TrackCase")
            j.back()
            self.expect_step("idle", "back home")
        j.callStaff()
        self.expect_step("call_staff", "the call-staff screen")
        self.stop("Help")
        j.back()
        settle(ui)
        return self.seen

    def _idle_warning(self) -> None:
        """Bring on the "continue?" countdown by letting the idle time pass at once."""
        assert self.clock is not None
        clock = self.clock
        j: Any = self.ui.journey
        timeouts = self.rt.ctx.config.timeouts

        def warn() -> None:
            limit = timeouts.elder_idle_s if j.elderMode else timeouts.idle_s
            remaining = j.idleRemaining
            if remaining < 0:
                return
            # Land a few seconds into the warning period.
            clock.jump(max(0.0, remaining - timeouts.idle_warning_s + 3))
            j.tick()
            settle(self.ui)
            wait_until(lambda: j.idleWarning, f"the idle warning ({limit:.0f}s limit)")

        self.stop("IdleWarning", prepare=warn)
        j.continueSession()
        settle(self.ui)


def _event(name: str, *args: Any) -> Any:
    from kiosk import journey as jm

    return getattr(jm, name)(*args)


def tour(ctx: Context, modes: Sequence[Mode], visit: Callable[[str, Mode, Any], None], *,
         resident_id: str = "R0001", service_id: str = "residence_permit") -> list[str]:
    """Open the simulated kiosk over ``ctx``'s config and data dir, walk it, close it."""
    from kiosk.cli import Context as Ctx

    clock = JumpClock()
    tour_ctx = Ctx(ctx.config, ctx.data_dir, clock)
    first = modes[0].size if modes else (1920, 1080)
    with open_app(tour_ctx, size=first, start_devices=False) as (rt, ui):
        return Tour(rt, ui, clock, modes, visit).run(resident_id, service_id)

