"""The technician desk of a kiosk that could not start: PIN sign-in, the cause, leaving.

While the store (or its key, or the saved hub credentials) cannot be opened there
is no runtime: no card reader is open and the hub may be unknown. The
out-of-service window still lets a technician sign in with the PIN, read why the
kiosk cannot start, and leave the kiosk for the console (exit code 10, as from the
full technician screen), instead of needing a keyboard or a network login.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement

from kiosk.app.technician.desk import Notice, TechnicianDesk
from kiosk.base import version
from kiosk.base.config import TerminalConfig
from ui.adapters.desk_adapter import DeskAdapter
from ui.adapters.service_adapter import ServiceAdapter

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

# Notices that point to a technician card, which cannot be checked here.
_WITHOUT_CARD = {
    "technician.pin_not_set": "technician.pin_not_set_no_card",
    "technician.pin_wrong_last": "technician.pin_wrong_last_no_card",
}


@QmlElement
class StartupDeskAdapter(DeskAdapter):
    """The desk for the out-of-service window: PIN only, the start-up fault, leaving."""

    def __init__(self, desk: TechnicianDesk, service: ServiceAdapter, terminal: TerminalConfig, *,
                 tick_interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(desk, lambda: str(service.locale), tick_interval_ms=tick_interval_ms,
                         card_sign_in=False, parent=parent)
        self._service = service
        self._values["version"] = str(version.current())
        self._values["terminalId"] = terminal.id
        self._values["location"] = terminal.location
        service.localeChanged.connect(self._republish)
        service.stateApplied.connect(self._republish)
        self._republish()

    def _republish(self) -> None:
        super()._republish()
        # The technical detail is English, as `kiosk doctor` and the journal say it.
        self._set("causes", [{"code": p.code, "detail": p.staff_detail}
                             for p in self._service.state().problems])

    def _after_pin(self, notice: Notice | None) -> None:
        if notice is not None and notice.key in _WITHOUT_CARD:
            notice = Notice(_WITHOUT_CARD[notice.key], dict(notice.params), notice.error)
        super()._after_pin(notice)

    @Slot(result=bool)
    def openSignIn(self) -> bool:
        """The hidden entry (a long press on the out-of-service window's top band)."""
        return self._open_sign_in()

    # --- for QML ------------------------------------------------------------------------

    causesChanged = Signal()

    @Property("QVariantList", notify=causesChanged)  # type: ignore[arg-type]
    def causes(self) -> list[dict[str, Any]]:
        """``{code, detail}`` per reason the kiosk cannot start."""
        return list(self._values.get("causes", []))

    versionChanged = Signal()

    @Property(str, notify=versionChanged)
    def version(self) -> str:
        """The kiosk's version (and commit, when known)."""
        return str(self._values["version"])

    terminalIdChanged = Signal()

    @Property(str, notify=terminalIdChanged)
    def terminalId(self) -> str:
        """The terminal id the config names."""
        return str(self._values["terminalId"])

    locationChanged = Signal()

    @Property(str, notify=locationChanged)
    def location(self) -> str:
        """Where the terminal stands, as configured."""
        return str(self._values["location"])
