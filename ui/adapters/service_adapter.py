"""The out-of-service screen's Python side: the monitor's latest state, in the current language.

The :class:`kiosk.app.service.ServiceMonitor` decides; this adapter receives each
new :class:`~kiosk.app.service.ServiceState` from the monitor's thread through a
queued signal and publishes ready-to-draw text. What still works opens through
the journey, as the home screen's buttons do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlElement

from kiosk.app.service import IN_SERVICE, ServiceState, StillWorks
from kiosk.base.i18n import translate
from ui.adapters.journey_adapter import JourneyAdapter
from ui.adapters.published import publish

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

LOCALES = ("zh_CN", "en_US")


@QmlElement
class ServiceAdapter(QObject):
    """In service or not, and the out-of-service screen's text."""

    _stateReady = Signal(object)
    stateApplied = Signal()  # a new state is on show (Python listeners: the start-up desk)

    def __init__(self, journey: JourneyAdapter | None, state: ServiceState = IN_SERVICE,
                 locale: str = "zh_CN", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journey = journey
        self._locale = str(journey.value("locale")) if journey is not None else locale
        self._state = state
        self._values: dict[str, Any] = {}
        self._stateReady.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        if journey is not None:
            journey.localeChanged.connect(self._on_journey_locale)
        self._publish()

    # --- from the monitor's thread -------------------------------------------------------

    def publish(self, state: ServiceState) -> None:
        """Hand over a new state; safe from any thread."""
        self._stateReady.emit(state)

    def stage(self, state: ServiceState) -> None:
        """Show ``state`` now (the screenshot tour, on the UI thread)."""
        self._apply(state)

    def state(self) -> ServiceState:
        """The state on show."""
        return self._state

    def _apply(self, state: object) -> None:
        assert isinstance(state, ServiceState)
        self._state = state
        self._publish()
        self.stateApplied.emit()

    def _on_journey_locale(self) -> None:
        assert self._journey is not None
        self._locale = str(self._journey.value("locale"))
        self._publish()

    def _publish(self) -> None:
        state, loc = self._state, self._locale
        self._set("inService", state.in_service)
        self._set("locale", loc)
        self._set("title", translate("service.title", loc))
        self._set("reasons", [p.text(loc) for p in state.problems])
        self._set("nextStep", translate("service.next_step", loc))
        self._set("retrying", translate("service.retrying", loc))
        self._set("stillWorksTitle", translate("service.still_works", loc)
                  if state.still_works else "")
        self._set("stillWorks", [{"key": w.value, "label": translate(f"service.{w.value}", loc)}
                                 for w in state.still_works])
        codes = " · ".join(p.code for p in state.problems)
        self._set("staffHint", translate("service.staff_hint", loc, codes=codes)
                  if state.problems else "")
        self._set("otherLanguage", translate("service.other_language", loc))

    def _set(self, name: str, value: Any) -> None:
        publish(self, self._values, name, value)

    # --- for QML -------------------------------------------------------------------------

    inServiceChanged = Signal()

    @Property(bool, notify=inServiceChanged)
    def inService(self) -> bool:
        """Whether residents can be served."""
        return bool(self._values["inService"])

    localeChanged = Signal()

    @Property(str, notify=localeChanged)
    def locale(self) -> str:
        """The language the texts are in."""
        return str(self._values["locale"])

    titleChanged = Signal()

    @Property(str, notify=titleChanged)
    def title(self) -> str:
        """The screen's title."""
        return str(self._values["title"])

    reasonsChanged = Signal()

    @Property("QVariantList", notify=reasonsChanged)  # type: ignore[arg-type]
    def reasons(self) -> list[str]:
        """One sentence per problem."""
        return list(self._values["reasons"])

    nextStepChanged = Signal()

    @Property(str, notify=nextStepChanged)
    def nextStep(self) -> str:
        """What the resident can do instead."""
        return str(self._values["nextStep"])

    retryingChanged = Signal()

    @Property(str, notify=retryingChanged)
    def retrying(self) -> str:
        """That the kiosk keeps trying by itself."""
        return str(self._values["retrying"])

    stillWorksTitleChanged = Signal()

    @Property(str, notify=stillWorksTitleChanged)
    def stillWorksTitle(self) -> str:
        """The heading over what still works (empty when nothing does)."""
        return str(self._values["stillWorksTitle"])

    stillWorksChanged = Signal()

    @Property("QVariantList", notify=stillWorksChanged)  # type: ignore[arg-type]
    def stillWorks(self) -> list[dict[str, str]]:
        """``{key, label}`` per thing a resident can still do."""
        return list(self._values["stillWorks"])

    staffHintChanged = Signal()

    @Property(str, notify=staffHintChanged)
    def staffHint(self) -> str:
        """The fault codes, for staff."""
        return str(self._values["staffHint"])

    otherLanguageChanged = Signal()

    @Property(str, notify=otherLanguageChanged)
    def otherLanguage(self) -> str:
        """The language switch's label (the other language's own name)."""
        return str(self._values["otherLanguage"])

    @Slot(str)
    def open(self, key: str) -> None:
        """Open one of the things that still work."""
        if self._journey is None:
            return
        match StillWorks(key):
            case StillWorks.BROWSE:
                self._journey.browse()
            case StillWorks.SERVICE_POINTS:
                self._journey.showServicePoints()

    @Slot()
    def switchLanguage(self) -> None:
        """Switch between Chinese and English."""
        other = LOCALES[1] if self._locale == LOCALES[0] else LOCALES[0]
        if self._journey is not None:
            self._journey.setLocale(other)
        else:
            self._locale = other
            self._publish()
