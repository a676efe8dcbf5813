"""Walk the real app through every screen with one demo resident, stopping in every mode.

Used by ``kiosk screenshots``, the layout test and the UI bench. It opens the
simulated kiosk (memory devices, embedded reference hub), builds the real
window with :func:`ui.app.build_ui`, and acts like the resident: the ID card
goes on the simulated reader and the device thread reads it, buttons are the
adapter slots the QML buttons call, the level-2 code is read off the reference
hub's admin listing (the resident's phone), documents are shown to the
simulated camera and captured by the live tracker. At each screen every
requested :class:`~ui.devtools.screenshots.Mode` is applied (language and elder mode
through the journey, as the on-screen switches do; orientation by resizing)
and the visitor is called with the window.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QIODevice,
    QPointF,
    QTimer,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtQuick import QQuickItem

from devices.printer.protocol import PrinterStatus
from kiosk.app.journey import ReceiptView
from kiosk.base.clock import SystemClock
from kiosk.base.tracking import display as display_code
from kiosk.devtools.refhub.embedded import admin_of, open_simulated

if TYPE_CHECKING:
    import datetime as dt

    from kiosk.app.runtime import Runtime
    from kiosk.base.context import Context
    from ui.app import KioskUi
    from ui.devtools.screenshots import Mode


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


# A service a level-1 identity completes with no required document: the extra walks
# (printer out of paper, network down) only need to reach a receipt.
QUICK_SERVICE = "hotline_12345"
_WAIT = SystemClock()  # the tour's own bounded waits are real time, apart from the kiosk's clock


def wait_until(predicate: Callable[[], bool], what: str, timeout_s: float = 20.0) -> None:
    """Run the Qt event loop until ``predicate`` holds; ``TourError`` after ``timeout_s``."""
    app = QCoreApplication.instance()
    assert app is not None
    deadline = _WAIT.monotonic() + timeout_s
    while not predicate():
        if _WAIT.monotonic() > deadline:
            raise TourError(f"timed out after {timeout_s:.0f}s waiting for {what}")
        # Worker threads deliver through queued signals: run the event loop (idle, not
        # spinning) for a moment, handling whatever they post, then look again.
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


# Frames render() draws at most waiting for the layout (two or three suffice).
_MAX_FRAMES = 8


def _geometry(root: QQuickItem) -> list[tuple[float, float, float, float, bool]]:
    """Every item's place and size in its parent, depth first: equal lists, settled layout."""
    # Parent coordinates, not scene ones: a spinning busy indicator rotates, it does not move.
    out: list[tuple[float, float, float, float, bool]] = []
    stack = [root]
    while stack:
        item = stack.pop()
        out.append((item.x(), item.y(), item.width(), item.height(), item.isVisible()))
        stack.extend(reversed(item.childItems()))
    return out


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
    from kiosk.app.runtime import warm_cache
    from ui.app import build_ui, ensure_app

    ensure_app()
    rt = open_simulated(ctx)
    ui = None
    try:
        warm_cache(rt)
        # Screenshots and benches are silent: no voice prompt for elder mode.
        # No service monitor: the tour stages the out-of-service states itself.
        ui = build_ui(rt, size=size, windowed=True, start_devices=start_devices,
                      speak=lambda _text, _locale: None, service_monitor=False)
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
        """Draw frames until the item geometry stops changing: layouts settle only in frames."""
        # Layouts (and text that reflows with them) update in the polish pass before a
        # frame; a resized or re-themed window is only right once that pass has run, and
        # a size change it causes may need more. A fixed number of passes was not enough
        # on a loaded machine (settle's event processing is time-boxed), so compare the
        # whole tree's geometry between frames instead.
        before = _geometry(self.ui.window.contentItem())
        for _ in range(_MAX_FRAMES):
            self.ui.window.grabWindow()
            settle(self.ui)
            after = _geometry(self.ui.window.contentItem())
            if after == before:
                return
            before = after
        # Still moving after that many frames: an animation (a busy indicator), not a
        # layout; what is drawn now is what a resident sees.

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

    def receipt(self) -> ReceiptView:
        """The receipt the journey shows now (typed, from its last applied view)."""
        view = self.ui.journey.current_view()
        if view is None or view.receipt is None:
            raise TourError("no receipt on screen")
        return view.receipt

    def run(self, resident_id: str, service_id: str) -> list[str]:
        """Every screen, in journey order; returns the screen names visited."""
        from kiosk.devtools.cards import id_card_for
        from kiosk.devtools.headless import document_image
        from kiosk.devtools.residents import resident

        person = resident(resident_id)
        ui, rt = self.ui, self.rt
        j: Any = ui.journey
        devices: Any = ui.devices
        sim = rt.devices.sim if rt.devices is not None else None
        if sim is None or sim.place_id_card is None or sim.show_to_camera is None \
                or sim.set_printer_state is None:
            raise TourError("the tour needs the simulated devices")
        self.expect_step("idle", "the home screen")
        self.stop("Home")
        self._out_of_service()
        self._technician()
        # The reading screen lasts as long as a real read; show it as the device thread does.
        self.stop("Reading", prepare=lambda: devices.stage_reading(True))
        devices.stage_reading(False)
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
            admin = admin_of(rt.hub)
            assert admin is not None
            codes = admin.sent_codes()
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
            def sheet(material_type: str) -> Any:
                """A demo sheet of the material's own shape (an ID card looks like a card)."""
                spec = next((m for m in j.materials if m["type"] == material_type), None)
                if spec is None:
                    return document_image("document", seed=7)
                return document_image(material_type, seed=7,
                                      aspect=float(spec["width_mm"]) / float(spec["height_mm"]))

            sim.show_to_camera(sheet(str(devices.activeMaterial)))
            wait_until(lambda: bool(devices.previewSource) and bool(devices.outline),
                       "the live camera preview with the document outline")
            self.stop("Materials")
            # The resident picks each material still missing, holds it under the camera
            # and taps "take picture" per page.
            # Auto-capture may take pages too (the sheet is the material's own shape), so
            # the pages still missing are counted afresh before each tap.
            for material in [m for m in j.materials if not m["on_file"]]:
                kind = str(material["type"])
                devices.selectMaterial(kind)
                sim.show_to_camera(sheet(kind))

                def taken(kind: str = kind) -> int:
                    return sum(1 for t in devices.thumbnails if t["material"] == kind)

                while taken() < int(material["pages_wanted"]):
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
        if any(o["mode"] == "mail" for o in j.delivery.get("options") or []):
            # Express mail: the postal form, prefilled from the city and masked.
            j.chooseDelivery("mail", "")
            wait_until(lambda: j.idle() and j.delivery.get("mode") == "mail",
                       "the postal-delivery form")
            self.stop("ReviewMail")
        self._submitting("Submitting")

        j.confirmAndSubmit(True, signature_data_url())
        self.expect_step("receipt", "the receipt")
        self.stop("Receipt")
        tracking = self.receipt().tracking_code
        j.finish()
        self.expect_step("rating", "the rating after the receipt")
        self.stop("Rating")
        j.rate(2)
        j.toggleRatingReason("slow")
        wait_until(lambda: j.idle() and bool(j.rating.get("reasons_wanted")),
                   "the reasons for a low rating")
        self.stop("RatingLow")
        j.submitRating()
        self.expect_step("idle", "the session to end")

        # The printer runs out of paper: the receipt's QR is shown on screen instead.
        sim.set_printer_state(PrinterStatus.PAPER_END)
        self._quick_submission(person, QUICK_SERVICE)
        if self.receipt().printed:
            raise TourError("the receipt printed although the printer had no paper")
        self.stop("ReceiptPaperOut")
        sim.set_printer_state(PrinterStatus.READY)
        self._finish_unrated()
        j.browse()
        self.expect_step("browse", "browsing without identity")
        self.stop("Browse")
        j.back()
        self.expect_step("idle", "back home")
        j.showServicePoints()
        self.expect_step("service_points", "nearby service points")
        self.stop("ServicePoints")
        # The farthest point within the half hour chosen: the map draws the walk there
        # along the streets (the nearest is a few steps away, a route hard to see).
        points = j.circleMap.get("points") or []
        if not points:
            raise TourError("the map lists no service point within a half-hour walk")
        j.selectPoint(str(points[-1]["id"]))
        wait_until(lambda: j.idle() and len(j.circleMap.get("route") or []) > 1,
                   "the walking route to the nearest point")
        self.stop("ServicePointsRoute")
        j.back()
        self.expect_step("idle", "back home")
        self._service_details(service_id)
        self._appointment(person, service_id)
        self._track_case(tracking)
        j.callStaff()
        self.expect_step("call_staff", "the call-staff screen")
        self.stop("Help")
        j.back()
        self.expect_step("idle", "back home")

        # Last, since the status bar notices the network is back only at its next probe.
        rt.offline = True
        try:
            # The application waits in the outbox; the receipt says so.
            self._quick_submission(person, QUICK_SERVICE, submitting="SubmittingOffline")
            if self.receipt().status != "queued":
                raise TourError("an offline submission was not queued")
            self.stop("ReceiptOffline")
            self._finish_unrated()
            j.showTrackCase()
            typed = display_code(tracking)
            j.trackCase(typed)
            self.expect_step("track_case", "the offline answer")
            self.stop("TrackCaseOffline",
                      prepare=lambda: self.item("trackCodeField").setProperty("text", typed))
            j.back()
            self.expect_step("idle", "back home")
        finally:
            rt.offline = False
        settle(ui)
        return self.seen

    # --- stops that need more than one call ---------------------------------------------

    def item(self, name: str) -> Any:
        """The visible QML item with this objectName (``TourError`` if there is none)."""
        stack = [self.ui.window.contentItem()]
        while stack:
            node = stack.pop()
            if node.objectName() == name and node.isVisible():
                return node
            stack.extend(node.childItems())
        raise TourError(f"no visible item {name!r} on screen")

    def _submitting(self, screen: str) -> None:
        """Show the "sending" screen as it looks while a submission is on its way.

        A real submission takes a moment, and switching language or elder mode goes
        through the same journey worker it occupies; so the review screen is shown as
        busy submitting (what the adapter shows while the worker sends), with the
        once-a-second tick paused so its view update cannot end the busy state early.
        """
        j: Any = self.ui.journey

        try:
            self.stop(screen, prepare=lambda: j.stage_busy("submit"))
        finally:
            j.end_staged_busy()
        settle(self.ui)

    def _quick_submission(self, person: Any, service_id: str,
                          submitting: str | None = None) -> None:
        """Card, confirm, a level-1 service with no required document, sign and submit."""
        from kiosk.devtools.cards import id_card_for

        j: Any = self.ui.journey
        sim: Any = self.rt.devices.sim if self.rt.devices is not None else None
        sim.place_id_card(id_card_for(person))
        self.expect_step("identity_confirmed", "the card to be read")
        sim.place_id_card(None)
        j.confirmIdentity()
        self.expect_step("choose_service", "the service catalog")
        j.chooseService(service_id)
        self.expect_step("form", f"the form of {service_id}")
        for row in j.form_rows():
            if row.get("required") and row.get("value") in ("", None):
                j.setField(str(row["name"]), resident_answer(row, person))
        settle(self.ui)
        j.submitForm()
        wait_until(lambda: j.idle() and j.step in ("materials", "review"),
                   f"the form of {service_id} to be accepted")
        if j.step == "materials":
            j.materialsDone()
        self.expect_step("review", "the review screen")
        if submitting is not None:
            self._submitting(submitting)
        j.confirmAndSubmit(True, signature_data_url())
        self.expect_step("receipt", "the receipt", timeout_s=40.0)

    def _finish_unrated(self) -> None:
        """"Done" on the receipt, then skip the rating: back home."""
        j: Any = self.ui.journey
        j.finish()
        self.expect_step("rating", "the rating after the receipt")
        j.skipRating()
        self.expect_step("idle", "the session to end")

    def _service_details(self, service_id: str) -> None:
        """A service's details from the home screen, and one this kiosk cannot do."""
        j: Any = self.ui.journey
        j.showServiceDetails(service_id)
        self.expect_step("service_details", "the service details")
        self.stop("ServiceDetails")
        j.back()
        self.expect_step("idle", "back home")
        catalog = self.rt.cache.catalog(None)
        elsewhere = [sv.id for sv in (catalog.services if catalog else ())
                     if not sv.kiosk_completable]
        if not elsewhere:
            raise TourError("the demo catalog has no service done only at a hall")
        j.showServiceDetails(elsewhere[0])
        self.expect_step("service_details", "a service this kiosk cannot do")
        self.stop("ServiceDetailsNotHere")
        j.back()
        self.expect_step("idle", "back home")

    def _appointment(self, person: Any, service_id: str) -> None:
        """Map filtered to one service, a hall, a slot, the card, the booking, my appointments."""
        from kiosk.devtools.cards import id_card_for

        j: Any = self.ui.journey
        sim: Any = self.rt.devices.sim if self.rt.devices is not None else None
        j.showPointsFor(service_id)
        self.expect_step("service_points", "the map for one service")
        halls = [p for p in j.circleMap.get("points") or [] if p["takes_appointments"]]
        if not halls:
            raise TourError(f"no hall within a half-hour walk books {service_id}")
        j.selectPoint(str(halls[0]["id"]))
        settle(self.ui)
        j.startAppointment(str(halls[0]["id"]), service_id)
        self.expect_step("appointment_slots", "the slot picker")
        free = [sl for sl in j.appointmentSlots.get("slots") or [] if sl["available"] > 0]
        if not free:
            for day in (j.appointmentSlots.get("days") or [])[1:]:
                j.chooseSlotDay(str(day["date"]))
                settle(self.ui)
                free = [sl for sl in j.appointmentSlots.get("slots") or [] if sl["available"] > 0]
                if free:
                    break
        if not free:
            raise TourError("no free slot in the next days")
        j.chooseSlot(str(free[0]["start"]))
        wait_until(lambda: j.idle() and bool(j.appointmentSlots.get("chosen")), "a chosen slot")
        self.stop("AppointmentSlots")
        j.bookAppointment()
        self.expect_step("idle", "booking asks for a card first")
        sim.place_id_card(id_card_for(person))
        self.expect_step("appointment_booked", "the booked appointment")
        sim.place_id_card(None)
        self.stop("AppointmentBooked")
        j.showMyAppointments()
        self.expect_step("my_appointments", "my appointments")
        self.stop("MyAppointments")
        j.exitSession()
        self.expect_step("idle", "the session to end")

    def _track_case(self, tracking: str) -> None:
        """Home → "track a case": the empty screen, then the submitted case found."""
        j: Any = self.ui.journey
        j.showTrackCase()
        self.expect_step("track_case", "the track-a-case screen")
        self.stop("TrackCaseEntry")
        if not tracking:
            raise TourError("no tracking code from the receipt to look up")
        typed = display_code(tracking)

        def typed_in() -> None:
            self.item("trackCodeField").setProperty("text", typed)

        j.trackCase(typed)
        self.expect_step("track_case", "the case status")
        if not j.caseInfo.get("status"):
            raise TourError(f"the case was not found (message {j.messageKey!r})")
        self.stop("TrackCase", prepare=typed_in)
        j.back()
        self.expect_step("idle", "back home")

    def dock_open(self) -> None:
        """The developer dock's side panel, open on the home screen (a window with the dock).

        The resident's screens are walked without the dock, as on a real kiosk; this
        stop builds the window the way ``kiosk demo`` does, with the dock running.
        """
        from kiosk.devtools.dock import DevDock
        from ui.app import build_ui
        from ui.devtools.dock_adapter import DockAdapter

        assert self.rt.devices is not None
        dock = DevDock(self.rt.devices, self.rt.ctx.config)
        url = dock.start()
        try:
            size = (self.ui.window.width(), self.ui.window.height())
            self.ui.close()
            self.ui = build_ui(self.rt, dock=DockAdapter(url), size=size, windowed=True,
                               start_devices=False, speak=lambda _text, _locale: None)
            try:
                self.expect_step("idle", "the home screen with the dock")
                self.stop("DockOpen", prepare=lambda: self.item("dockPanel").setProperty(
                    "open", True))
            finally:
                self.ui.close()
        finally:
            dock.stop()

    def _out_of_service(self) -> None:
        """The out-of-service screen: a required device missing, then no hub to enrol with."""
        from kiosk.app.service import (
            IN_SERVICE,
            Fault,
            ServiceProblem,
            ServiceState,
            StillWorks,
        )

        service = self.ui.service
        device = ServiceState((ServiceProblem(Fault.DEVICE, "service.device",
                                              {"device_name": "idcard"}),),
                              (StillWorks.BROWSE, StillWorks.SERVICE_POINTS))
        self.stop("OutOfServiceDevice", prepare=lambda: service.stage(device))
        hub = ServiceState((ServiceProblem(Fault.HUB_UNREACHABLE, "service.hub_unreachable"),))
        self.stop("OutOfServiceHub", prepare=lambda: service.stage(hub))
        service.stage(IN_SERVICE)
        settle(self.ui)
        if self.ui.screens.current() != "Home":
            raise TourError("the home screen did not come back after the out-of-service one")

    def _technician(self) -> None:
        """The technician screens: sign-in with PIN digits typed, then open after a card."""
        from kiosk.devtools.cards import DemoCards

        tech: Any = self.ui.technician
        sim = self.rt.devices.sim if self.rt.devices is not None else None
        if sim is None or sim.insert_citizen_card is None:
            raise TourError("the technician tour needs the simulated citizen-card reader")
        if not tech.openSignIn():
            raise TourError("the technician sign-in did not open from the home screen")
        settle(self.ui)
        for digit in "2580":
            tech.pressDigit(digit)
        self.stop("TechnicianSignIn")
        sim.insert_citizen_card(DemoCards().citizen_card("T0001"))
        wait_until(lambda: tech.state == "open" and bool(tech.status) and not tech.busy,
                   "the technician card to open the technician screen")
        tech.runCheck("test_receipt")
        wait_until(lambda: bool(tech.resultText) and not tech.busy, "the test receipt check")
        self.stop("Technician")
        tech.signOut()
        sim.insert_citizen_card(None)
        settle(self.ui)
        if self.ui.screens.current() != "Home":
            raise TourError("the home screen did not come back after the technician screen")

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
    from kiosk.app import journey as jm

    return getattr(jm, name)(*args)


def tour(ctx: Context, modes: Sequence[Mode], visit: Callable[[str, Mode, Any], None], *,
         resident_id: str = "R0001", service_id: str = "residence_permit") -> list[str]:
    """Open the simulated kiosk over ``ctx``'s config and data dir, walk it, close it."""
    from kiosk.base.context import Context as Ctx

    clock = JumpClock()
    tour_ctx = Ctx(ctx.config, ctx.data_dir, clock)
    first = modes[0].size if modes else (1920, 1080)
    with open_app(tour_ctx, size=first, start_devices=False) as (rt, ui):
        walk = Tour(rt, ui, clock, modes, visit)
        seen = walk.run(resident_id, service_id)
        walk.dock_open()
        return seen

