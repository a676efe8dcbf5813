"""Which screen the window shows, decided in Python from the journey and the card reader.

The journey's step names the resident's place in the errand; two moments have a
screen of their own without a step: a card being read on the idle screen, and a
submission on its way. One property, ``screen``, names the QML file to load
(``<screen>Screen.qml``); the voice prompter listens to the same property, so
what is said always matches what is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement

from ui.adapters.devices_adapter import DevicesAdapter
from ui.adapters.journey_adapter import JourneyAdapter
from ui.adapters.service_adapter import ServiceAdapter
from ui.adapters.technician_adapter import TechnicianAdapter

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

# Journey step → screen; a step missing here (idle) shows the home screen.
SCREEN_OF_STEP = {
    "identity_confirmed": "Identity",
    "level2_code": "Code",
    "choose_service": "Services",
    "browse": "Services",
    "form": "Form",
    "materials": "Materials",
    "review": "Review",
    "receipt": "Receipt",
    "service_points": "ServicePoints",
    "track_case": "TrackCase",
    "call_staff": "Help",
    "service_details": "ServiceDetails",
    "appointment_slots": "AppointmentSlots",
    "appointment_booked": "AppointmentBooked",
    "my_appointments": "MyAppointments",
    "rating": "Rating",
}


def screen_for(step: str, busy_action: str, reading: bool, in_service: bool = True,
               technician: str = "closed") -> str:
    """The screen for a journey step, what the journey is busy with, and the reader's state.

    Out of service, the home screen gives way to the out-of-service screen; what still
    works from there (browse, service points) shows its own screens, and an errand
    already under way is finished. The technician screens (opened only from a screen
    without a resident) come before all of these.
    """
    if technician == "sign_in":
        return "TechnicianSignIn"
    if technician == "open":
        return "Technician"
    if busy_action == "submit":
        return "Submitting"
    if step == "idle" and (reading or busy_action == "identify"):
        return "Reading"
    if step == "idle" and not in_service:
        return "OutOfService"
    return SCREEN_OF_STEP.get(step, "Home")


@QmlElement
class ScreenAdapter(QObject):
    """The name of the screen on show; ``screenChanged`` fires only when it really changes."""

    def __init__(self, journey: JourneyAdapter, devices: DevicesAdapter,
                 service: ServiceAdapter | None = None,
                 technician: TechnicianAdapter | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journey = journey
        self._devices = devices
        self._service = service
        self._technician = technician
        self._screen = self._compute()
        signals = [journey.stepChanged, journey.busyActionChanged, devices.readingChanged]
        if service is not None:
            signals.append(service.inServiceChanged)
        if technician is not None:
            signals.append(technician.stateChanged)
        for signal in signals:
            signal.connect(self._update)

    def _compute(self) -> str:
        return screen_for(str(self._journey.value("step")),
                          str(self._journey.value("busyAction")),
                          bool(self._devices.property("reading")),
                          self._service is None or self._service.state().in_service,
                          "closed" if self._technician is None
                          else str(self._technician.value("state")))

    def _update(self) -> None:
        screen = self._compute()
        if screen != self._screen:
            self._screen = screen
            self.screenChanged.emit()

    def current(self) -> str:
        """The screen's name, for Python callers."""
        return self._screen

    screenChanged = Signal()

    @Property(str, notify=screenChanged)
    def screen(self) -> str:
        """``Home``, ``Reading``, ``Identity``, … — the QML file is ``<screen>Screen.qml``."""
        return self._screen
