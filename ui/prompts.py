"""Voice prompts for elder mode: every screen says what to do, every fault says the next step.

The prompter only listens: to the screen on show, the journey's message, the idle
countdown and the call-staff answer. In elder mode each change is turned into one
utterance (the message first, since it is what went wrong or what to do now,
then the screen's standing instruction) and handed to a ``speak(text, locale)``
callable — in the app :meth:`ui.voice.Voice.say`, which never blocks and cuts
off whatever was being said. Outside elder mode it says nothing, and switching
elder mode off silences the current prompt.

Prompts come from the core's gettext catalogue (``voice.po``) so both languages
are checked by the catalogue tests. They name no personal value: a prompt is
heard by everyone standing nearby.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.base.i18n import translate
from ui.adapters.journey_adapter import JourneyAdapter
from ui.adapters.screen_adapter import ScreenAdapter

# Screen → its standing instruction (keys in kiosk/base/locale/*/LC_MESSAGES/voice.po).
SCREEN_PROMPTS = {
    "Home": "voice.home",
    "Reading": "voice.reading",
    "Identity": "voice.identity",
    "Code": "voice.code",
    "Services": "voice.services",
    "Form": "voice.form",
    "Materials": "voice.materials",
    "Review": "voice.review",
    "Submitting": "voice.submitting",
    "Receipt": "voice.receipt",
    "ServicePoints": "voice.service_points",
    "TrackCase": "voice.track_case",
    "Help": "voice.help",
    "OutOfService": "voice.out_of_service",
    "ServiceDetails": "voice.service_details",
    "AppointmentSlots": "voice.appointment_slots",
    "AppointmentBooked": "voice.appointment_booked",
    "MyAppointments": "voice.my_appointments",
    "Rating": "voice.rating",
    "TechnicianSignIn": "voice.technician_sign_in",
    "Technician": "voice.technician",
    # The out-of-service window of a kiosk that could not start (it has no voice of its
    # own; listed so that every screen has its prompt should it ever speak).
    "StartupTechnician": "voice.technician",
}

Speak = Callable[[str, str], None]


class VoicePrompter(QObject):
    """Speaks the current screen's prompt in elder mode whenever what the resident faces changes.

    One journey view changes several properties one after another (step, then
    message, then receipt …); reasons to speak are collected and said once, from
    a zero-delay timer, when the whole view has been applied.
    """

    def __init__(self, journey: JourneyAdapter, screens: ScreenAdapter, speak: Speak,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journey = journey
        self._screens = screens
        self._speak = speak
        self._speaking = False
        self._due: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        screens.screenChanged.connect(lambda: self._note("screen"))
        journey.localeChanged.connect(lambda: self._note("screen"))
        journey.elderModeChanged.connect(lambda: self._note("elder"))
        journey.messageTextChanged.connect(lambda: self._note("message"))
        journey.idleWarningChanged.connect(lambda: self._note("idle"))
        journey.staffCalledChanged.connect(lambda: self._note("staff"))

    def _note(self, reason: str) -> None:
        self._due.add(reason)
        self._timer.start()

    def screen_prompt(self) -> list[tuple[str, bool]]:
        """What the current screen says: ``(key, True)`` parts are translated, ``(text, False)`` not.

        Its message first (what went wrong or what to do now), then the standing
        instruction, then reminders the screen carries.
        """
        screen = self._screens.current()
        parts: list[tuple[str, bool]] = [(str(self._journey.value("messageText")), False)]
        parts.append((SCREEN_PROMPTS[screen], True))
        view = self._journey.current_view()
        receipt = view.receipt if view is not None else None
        if screen == "Receipt" and receipt is not None:
            if receipt.print_failure:
                parts.append((receipt.print_failure, True))
            if receipt.take_card:
                parts.append(("session.take_card", True))
        if screen == "Help" and self._journey.value("staffCalled"):
            parts.append(("voice.staff_coming", True))
        return parts

    def flush(self) -> None:
        """Say what the changes collected so far call for (the timer calls this)."""
        due, self._due = self._due, set()
        elder = bool(self._journey.value("elderMode"))
        if not elder:
            if "elder" in due and self._speaking:
                self._speaking = False
                self._speak("", self._locale())
            return
        if self._journey.value("idleWarning") and "idle" in due:
            parts: list[tuple[str, bool]] = [("voice.idle_warning", True)]
        elif due & {"screen", "elder"}:
            parts = self.screen_prompt()
        elif "staff" in due and self._journey.value("staffCalled"):
            parts = [("voice.staff_coming", True)]
        elif "message" in due:
            parts = [(str(self._journey.value("messageText")), False)]
        else:
            return
        locale = self._locale()
        text = " ".join(p.strip() for p in (translate(part, locale) if is_key else part
                                             for part, is_key in parts) if p.strip())
        if text:
            self._speaking = True
            self._speak(text, locale)

    def _locale(self) -> str:
        return str(self._journey.value("locale"))
