"""The journey adapter: QML properties over ``Journey.view()`` and slots for every action.

``Journey.handle`` blocks (hub, store, printer), so events go through a queue to
one worker thread that handles them one at a time, in order; after each event
the worker takes a fresh ``view()`` and hands it back to the UI thread with a
queued signal, where the properties are updated. A property's ``…Changed``
signal fires only when its value really changed, so QML re-renders only what
moved. Core messages are translated here with the core's gettext catalogue.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement

from kiosk.app import forms
from kiosk.app import journey as j
from kiosk.app.journey.home import HOTLINE_SERVICE_ID, HomeView
from kiosk.base import idnumber, tracking
from kiosk.base.clock import CHINA_TIME, Clock
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import UiWorkerFailed
from kiosk.base.i18n import translate
from ui.adapters import circle_rows, search
from ui.adapters.images import PROVIDER_ID, qr_id
from ui.adapters.published import publish
from ui.icons import category_icon, service_icon

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


_FIELD_ROLES = ("name", "labelZh", "labelEn", "widget", "required", "value", "source",
                "errorKey", "errorText", "options", "helpZh", "helpEn", "display", "locked", "masked",
                "clearOnEdit")
_ROLE_BASE = int(Qt.ItemDataRole.UserRole) + 1
_STOP = object()


@QmlElement
class FormFieldsModel(QAbstractListModel):
    """The form's fields as rows; a row changes only when its own values change.

    Rows are updated in place (``dataChanged``) so a field the resident is typing
    in keeps its delegate, its focus and its cursor while the view refreshes.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        """Number of fields."""
        return len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        """Role numbers for the QML delegate's names."""
        return {_ROLE_BASE + i: QByteArray(name.encode()) for i, name in enumerate(_FIELD_ROLES)}

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """One role of one row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        offset = int(role) - _ROLE_BASE
        if not 0 <= offset < len(_FIELD_ROLES):
            return None
        return self._rows[index.row()][_FIELD_ROLES[offset]]

    def update(self, rows: list[dict[str, Any]]) -> None:
        """Replace the rows, resetting only when the set of fields changed."""
        if [r["name"] for r in rows] != [r["name"] for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        for i, row in enumerate(rows):
            if row != self._rows[i]:
                self._rows[i] = row
                idx = self.index(i, 0)
                self.dataChanged.emit(idx, idx)

    def rows(self) -> list[dict[str, Any]]:
        """A copy of the rows (tests and screenshots read them)."""
        return [dict(r) for r in self._rows]

    def clear(self) -> None:
        """Drop every row (session end)."""
        if self._rows:
            self.beginResetModel()
            self._rows = []
            self.endResetModel()


def masked_display(name: str, widget: str, value: str) -> str:
    """How a personal value is shown: masked, since people stand behind the resident.

    ID numbers, names, phone numbers and addresses, whether read off the card,
    held by the city or typed in: the resident only needs to recognise them, and
    sees a value whole only while typing it.
    """
    if not value:
        return value
    if widget == "id_number" or name == "id_number":
        return idnumber.mask(value)
    if widget == "phone" or name.endswith("phone"):
        return idnumber.mask_phone(value)
    if name == "name" or name.endswith("_name"):
        return idnumber.mask_name(value)
    if "address" in name:
        return value[:6] + "*" * min(8, max(0, len(value) - 6))
    return value


def _field_rows(form: j.FormView | None, locale: str) -> list[dict[str, Any]]:
    return [] if form is None else [field_row(f, locale) for f in form.fields]


def field_row(f: j.FieldView, locale: str) -> dict[str, Any]:
    """One form field as the QML delegate reads it, personal values masked."""
    value: str | bool = (f.value != "" and bool(f.value)) if f.widget == "checkbox" \
        else str(f.value)
    display = masked_display(f.name, f.widget, value) if isinstance(value, str) \
        else value
    return {
        "name": f.name, "labelZh": f.label_zh, "labelEn": f.label_en,
        "widget": f.widget, "required": f.required, "value": value,
        "source": f.source.value, "errorKey": f.error or "",
        "errorText": translate(f.error, locale) if f.error else "",
        "options": [o.model_dump() for o in f.options],
        "helpZh": f.help_zh, "helpEn": f.help_en,
        "locked": f.source is forms.Source.CARD,
        "display": display,
        "masked": display != value,
        # A value the city holds is never shown whole: editing it starts from empty
        # (and leaving it empty keeps the city's value). Values the resident typed
        # this visit are shown again for correcting.
        "clearOnEdit": display != value and f.source is forms.Source.HUB,
    }


def _catalog_rows(services: tuple[j.CatalogEntry, ...] | None) -> list[dict[str, Any]]:
    """The service list as QML (and ``ui.adapters.search``) read it."""
    return [{"id": sv.id, "name_zh": sv.name_zh, "name_en": sv.name_en,
             "category": sv.category, "pinyin_initials": sv.pinyin_initials,
             "category_zh": sv.category_zh, "category_en": sv.category_en,
             "pinyin": sv.pinyin, "keywords_en": list(sv.keywords_en),
             "identity_level": sv.identity_level, "kiosk_completable": sv.kiosk_completable}
            for sv in services or ()]


def home_rows(home: HomeView | None) -> list[dict[str, Any]]:
    """The home screen's groups, in the journey's order, each with its icon and tiles."""
    return [{"id": g.id, "name_zh": g.name_zh, "name_en": g.name_en,
             "icon": category_icon(g.id),
             "tiles": [{"id": t.service_id, "name_zh": t.name_zh, "name_en": t.name_en,
                        "icon": service_icon(t.service_id, t.category),
                        "kiosk_completable": t.kiosk_completable} for t in g.tiles]}
            for g in (home.groups if home else ())]


def _material_rows(materials: tuple[j.MaterialView, ...] | None) -> list[dict[str, Any]]:
    return [{"type": m.type, "name_zh": m.name_zh, "name_en": m.name_en,
             "required": m.required, "pages_wanted": m.pages_wanted,
             "width_mm": m.width_mm, "height_mm": m.height_mm,
             "on_file": m.on_file, "pages": m.pages}
            for m in materials or ()]


def _receipt_map(receipt: j.ReceiptView | None, locale: str) -> dict[str, Any]:
    if receipt is None:
        return {}
    out: dict[str, Any] = {
        "tracking_code": receipt.tracking_code, "tracking_display": receipt.tracking_display,
        "tracking_url": receipt.tracking_url, "status": receipt.status,
        "result_mode": receipt.result_mode, "printed": receipt.printed,
        "print_failure": receipt.print_failure, "take_card": receipt.take_card,
        # Where and by when the result comes (the mail address arrives masked).
        "expected_by": receipt.expected_by.isoformat() if receipt.expected_by else "",
        "pickup_name_zh": receipt.pickup_name_zh, "pickup_name_en": receipt.pickup_name_en,
        "pickup_address_zh": receipt.pickup_address_zh,
        "pickup_address_en": receipt.pickup_address_en,
        "pickup_hours_zh": receipt.pickup_hours_zh, "pickup_hours_en": receipt.pickup_hours_en,
        "mail_to": receipt.mail_to, "hotline": receipt.hotline,
    }
    if receipt.print_failure:
        out["printFailureText"] = translate(receipt.print_failure, locale)
    if receipt.tracking_url:
        out["qrSource"] = f"image://{PROVIDER_ID}/{qr_id(receipt.tracking_url)}"
    return out


def _china_time_text(iso: str) -> str:
    """``2026-01-05 14:30`` in China Standard Time from an ISO timestamp (empty if bad)."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def case_info(case: j.CaseView | None) -> dict[str, Any]:
    """A looked-up case for the screen: code grouped for reading, times in China time."""
    if case is None:
        return {}
    info: dict[str, Any] = case.status.model_dump(mode="json")
    if case.service_name_zh is not None and case.service_name_en is not None:
        info |= {"service_name_zh": case.service_name_zh,
                 "service_name_en": case.service_name_en}
    history = [dict(event, at_text=_china_time_text(str(event.get("at", ""))))
               for event in info.get("history") or []]
    return dict(info, history=history,
                tracking_display=tracking.display(str(info.get("tracking_code", ""))),
                updated_text=_china_time_text(str(info.get("updated_at", ""))))


def decode_signature(data_url: str) -> bytes | None:
    """PNG bytes from a Canvas ``toDataURL("image/png")`` string (``None`` if empty/bad)."""
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        return None
    try:
        data = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if data.startswith(b"\x89PNG") else None


@QmlElement
class JourneyAdapter(QObject):
    """One terminal's journey for QML: read-only properties plus one slot per action."""

    _published = Signal(object, int)
    _postRequested = Signal(object)

    def __init__(self, journey: j.Journey, *, clock: Clock | None = None,
                 tick_interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._journey = journey
        self._clock = clock or journey.clock
        self._queue: queue.Queue[Any] = queue.Queue()
        # Events posted but not yet shown; only the UI thread touches it.
        self._pending = 0
        self._events_done = 0
        self._values: dict[str, Any] = {
            "step": "idle", "locale": journey.locale, "elderMode": False, "online": True,
            "messageKey": "", "messageText": "", "idleWarning": False, "idleRemaining": -1,
            "person": {}, "codeSent": {}, "resendRemaining": 0, "service": {},
            "services": [], "categories": [], "searchText": "", "category": "",
            "materials": [], "receipt": {}, "servicePoints": [], "caseInfo": {},
            "staffCalled": False, "busy": False, "busyAction": "", "notPrefilled": 0,
            "endedReason": "", "clockText": "", "homeGroups": [], "homeGroup": "",
            "homeTiles": [], "circleMap": {}, "serviceDetails": {}, "appointmentSlots": {},
            "appointmentBooked": {}, "myAppointments": [], "delivery": {}, "rating": {},
            "slip": {},
        }
        self._all_services: list[dict[str, Any]] = []
        # The last view applied (UI thread): typed, for Python readers such as the prompter.
        self._view: j.JourneyView | None = None
        self._code_sent_at: float | None = None
        self._resend_after = 0
        self._form = FormFieldsModel(self)
        self._published.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self._postRequested.connect(self._post_here, Qt.ConnectionType.QueuedConnection)
        self._listeners: list[Callable[[j.Event], None]] = []
        self._worker = threading.Thread(target=self._run, name="journey-worker", daemon=True)
        self._worker.start()
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_interval_ms)
        self._ticker.timeout.connect(self.tick)
        if tick_interval_ms > 0:
            self._ticker.start()
        self.tick()
        # The first view; a tick on the home screen also loads the catalog for its tiles.
        self.post(j.Tick())

    # --- worker -----------------------------------------------------------------

    def post(self, event: j.Event | None) -> None:
        """Queue an event for the worker (thread-safe; ``None`` just republishes)."""
        if QThread.currentThread() is not self.thread():
            # Device threads post through the UI thread so events keep one order.
            self._postRequested.emit(event)
            return
        self._post_here(event)

    @Slot(object)
    def _post_here(self, event: j.Event | None) -> None:
        self._pending += 1
        self._set("busy", True)
        if event is not None and not isinstance(event, j.Tick):
            self._set("busyAction", _action_of(event))
        self._queue.put(event)

    def _run(self) -> None:
        while True:
            event = self._queue.get()
            if event is _STOP:
                return
            if event is not None:
                try:
                    self._journey.handle(event)
                except Exception as exc:
                    # Only the type: a message could carry the resident's data.
                    emit(UiWorkerFailed(worker=Ident.of(f"journey:{type(event).__name__}"),
                                        exc_type=Ident.of(type(exc).__name__)))
                if isinstance(event, j.RequestCode) and self._journey.session.code_sent:
                    self._code_sent_at = self._clock.monotonic()
                for listener in list(self._listeners):
                    listener(event)
            try:
                view = self._journey.view()
            except Exception as exc:
                emit(UiWorkerFailed(worker=Ident("journey_view"), exc_type=Ident.of(type(exc).__name__)))
                view = None
            self._published.emit(view, 0)

    def add_listener(self, listener: Callable[[j.Event], None]) -> None:
        """Call ``listener(event)`` on the worker after each handled event."""
        self._listeners.append(listener)

    def shutdown(self) -> None:
        """Stop the worker after the events already queued."""
        self._ticker.stop()
        self._queue.put(_STOP)
        self._worker.join(timeout=30)

    def idle(self) -> bool:
        """Whether every posted event has been handled and its view applied."""
        return self._pending == 0

    # --- applying a view (UI thread) ----------------------------------------------

    def _set(self, name: str, value: Any) -> None:
        publish(self, self._values, name, value)

    @Slot(object, int)
    def _apply(self, view: j.JourneyView | None, _unused: int) -> None:
        self._pending = max(0, self._pending - 1)
        if view is None:
            if self._pending == 0:
                self._set("busy", False)
            return
        self._view = view
        locale = view.locale
        self._set("locale", locale)
        if view.step is j.Step.IDLE and self._values["step"] != j.Step.IDLE.value:
            # Back home after a visit: the next resident starts on the most used services.
            self._set("homeGroup", "")
        self._set("step", view.step.value)
        self._set("elderMode", view.elder_mode)
        self._set("online", view.online)
        msg = view.message
        key = msg.key if msg else ""
        self._set("messageKey", key)
        self._set("messageText", translate(key, locale, **msg.params) if msg else "")
        remaining = view.idle_remaining_s
        self._set("idleRemaining", -1 if remaining is None else math.ceil(remaining))
        self._set("idleWarning", view.idle_warning)
        person = view.person
        self._set("person", {} if person is None else {
            "maskedName": person.masked_name, "maskedId": person.masked_id,
            "level": person.level, "via": person.via})
        code = view.code_sent
        self._set("codeSent", {"phoneHint": code.phone_hint} if code else {})
        self._resend_after = code.resend_after_s if code else 0
        if not code:
            self._code_sent_at = None
        self._update_resend()
        service = view.service
        self._set("service", {} if service is None else {
            "id": service.id, "name_zh": service.name_zh, "name_en": service.name_en})
        services = _catalog_rows(view.services)
        if services != self._all_services:
            self._all_services = services
            self._set("categories", search.categories(services))
            self._refilter()
        self._form.update(_field_rows(view.form, locale))
        self._set("notPrefilled", len(view.form.not_prefilled) if view.form else 0)
        self._set("materials", _material_rows(view.materials))
        self._set("receipt", _receipt_map(view.receipt, locale))
        self._set("servicePoints", [p.model_dump(mode="json")
                                    for p in view.service_points or ()])
        self._set("caseInfo", case_info(view.case))
        self._set("homeGroups", home_rows(view.home))
        self._pick_home_group()
        today = self._clock.now().astimezone(CHINA_TIME).date()
        self._set("circleMap", circle_rows.circle_map(view.circle, locale, today))
        self._set("serviceDetails", circle_rows.service_details(view.details, locale, today))
        self._set("appointmentSlots", circle_rows.appointment_slots(view.slots, locale, today))
        self._set("appointmentBooked", circle_rows.appointment_booked(view.booked, locale))
        self._set("myAppointments", circle_rows.my_appointments(view.appointments, locale))
        self._set("delivery", circle_rows.delivery(view.delivery, locale, field_row, today))
        self._set("rating", circle_rows.rating(view.rating, locale))
        self._set("slip", circle_rows.slip_info(view.slip, locale))
        self._set("staffCalled", view.staff_called)
        self._set("endedReason", self._journey.ended_reason or "")
        if view.step in (j.Step.IDLE, j.Step.RATING) and person is None:
            self._wipe_ui_state()
        self._events_done += 1
        if self._pending == 0:
            self._set("busyAction", "")
            self._set("busy", False)
        self.viewApplied.emit()

    def _wipe_ui_state(self) -> None:
        """Session over: drop everything the screens showed of the resident."""
        self._form.clear()
        if self._values["searchText"]:
            self._set("searchText", "")
        if self._values["category"]:
            self._set("category", "")
        self._refilter()

    def _pick_home_group(self) -> None:
        """Show the chosen group's tiles; the first group (most used) when none is chosen."""
        groups = self._values["homeGroups"]
        chosen = [g for g in groups if g["id"] == self._values["homeGroup"]]
        group = chosen[0] if chosen else (groups[0] if groups else None)
        self._set("homeGroup", group["id"] if group else "")
        self._set("homeTiles", list(group["tiles"]) if group else [])

    def _refilter(self) -> None:
        self._set("services", search.filtered(self._all_services, self._values["searchText"],
                                              self._values["category"]))

    def _update_resend(self) -> None:
        if self._code_sent_at is None or not self._resend_after:
            self._set("resendRemaining", 0)
            return
        left = self._resend_after - (self._clock.monotonic() - self._code_sent_at)
        self._set("resendRemaining", max(0, math.ceil(left)))

    viewApplied = Signal()

    # --- properties ------------------------------------------------------------------

    stepChanged = Signal()

    @Property(str, notify=stepChanged)
    def step(self) -> str:
        """The journey step (``idle``, ``form``, …)."""
        return str(self._values["step"])

    localeChanged = Signal()

    @Property(str, notify=localeChanged)
    def locale(self) -> str:
        """``zh_CN`` or ``en_US``."""
        return str(self._values["locale"])

    elderModeChanged = Signal()

    @Property(bool, notify=elderModeChanged)
    def elderMode(self) -> bool:
        """Elder mode (长辈模式) on or off."""
        return bool(self._values["elderMode"])

    onlineChanged = Signal()

    @Property(bool, notify=onlineChanged)
    def online(self) -> bool:
        """Whether the journey uses the hub."""
        return bool(self._values["online"])

    messageKeyChanged = Signal()

    @Property(str, notify=messageKeyChanged)
    def messageKey(self) -> str:
        """The core message's catalogue key, or empty."""
        return str(self._values["messageKey"])

    messageTextChanged = Signal()

    @Property(str, notify=messageTextChanged)
    def messageText(self) -> str:
        """The core message translated into the current language."""
        return str(self._values["messageText"])

    idleWarningChanged = Signal()

    @Property(bool, notify=idleWarningChanged)
    def idleWarning(self) -> bool:
        """Show the "continue?" countdown."""
        return bool(self._values["idleWarning"])

    idleRemainingChanged = Signal()

    @Property(int, notify=idleRemainingChanged)
    def idleRemaining(self) -> int:
        """Whole seconds until the session ends (-1 on the idle screen)."""
        return int(self._values["idleRemaining"])

    personChanged = Signal()

    @Property("QVariantMap", notify=personChanged)  # type: ignore[arg-type]
    def person(self) -> dict[str, Any]:
        """Masked name and ID number, identity level and how the resident identified."""
        return dict(self._values["person"])

    codeSentChanged = Signal()

    @Property("QVariantMap", notify=codeSentChanged)  # type: ignore[arg-type]
    def codeSent(self) -> dict[str, Any]:
        """The last four digits of the phone the code went to (empty before sending)."""
        return dict(self._values["codeSent"])

    resendRemainingChanged = Signal()

    @Property(int, notify=resendRemainingChanged)
    def resendRemaining(self) -> int:
        """Seconds until "resend" may be pressed again."""
        return int(self._values["resendRemaining"])

    serviceChanged = Signal()

    @Property("QVariantMap", notify=serviceChanged)  # type: ignore[arg-type]
    def service(self) -> dict[str, Any]:
        """The chosen service (id, name_zh, name_en) or empty."""
        return dict(self._values["service"])

    servicesChanged = Signal()

    @Property("QVariantList", notify=servicesChanged)  # type: ignore[arg-type]
    def services(self) -> list[dict[str, Any]]:
        """Catalog entries matching the search and category, most used first."""
        return list(self._values["services"])

    categoriesChanged = Signal()

    @Property("QVariantList", notify=categoriesChanged)  # type: ignore[arg-type]
    def categories(self) -> list[dict[str, str]]:
        """Service categories, most used first."""
        return list(self._values["categories"])

    searchTextChanged = Signal()

    @Property(str, notify=searchTextChanged)
    def searchText(self) -> str:
        """What the resident typed into the service search."""
        return str(self._values["searchText"])

    categoryChanged = Signal()

    @Property(str, notify=categoryChanged)
    def category(self) -> str:
        """The selected category id, or empty for all."""
        return str(self._values["category"])

    @Property(QObject, constant=True)
    def formFields(self) -> FormFieldsModel:
        """The form's fields (a list model; one delegate per field)."""
        return self._form

    notPrefilledChanged = Signal()

    @Property(int, notify=notPrefilledChanged)
    def notPrefilled(self) -> int:
        """How many card/hub values the form wanted but could not get."""
        return int(self._values["notPrefilled"])

    materialsChanged = Signal()

    @Property("QVariantList", notify=materialsChanged)  # type: ignore[arg-type]
    def materials(self) -> list[dict[str, Any]]:
        """The service's materials: on file at the hub, pages captured, pages wanted."""
        return list(self._values["materials"])

    receiptChanged = Signal()

    @Property("QVariantMap", notify=receiptChanged)  # type: ignore[arg-type]
    def receipt(self) -> dict[str, Any]:
        """Tracking code, sent/queued, printed or why not."""
        return dict(self._values["receipt"])

    servicePointsChanged = Signal()

    @Property("QVariantList", notify=servicePointsChanged)  # type: ignore[arg-type]
    def servicePoints(self) -> list[dict[str, Any]]:
        """Nearby service points, nearest walk first."""
        return list(self._values["servicePoints"])

    caseInfoChanged = Signal()

    @Property("QVariantMap", notify=caseInfoChanged)  # type: ignore[arg-type]
    def caseInfo(self) -> dict[str, Any]:
        """A looked-up case's status, or empty."""
        return dict(self._values["caseInfo"])

    homeGroupsChanged = Signal()

    @Property("QVariantList", notify=homeGroupsChanged)  # type: ignore[arg-type]
    def homeGroups(self) -> list[dict[str, Any]]:
        """The home screen's service groups ("most used" first), each with icon and tiles."""
        return list(self._values["homeGroups"])

    homeGroupChanged = Signal()

    @Property(str, notify=homeGroupChanged)
    def homeGroup(self) -> str:
        """The id of the group whose tiles the home screen shows."""
        return str(self._values["homeGroup"])

    homeTilesChanged = Signal()

    @Property("QVariantList", notify=homeTilesChanged)  # type: ignore[arg-type]
    def homeTiles(self) -> list[dict[str, Any]]:
        """The shown group's service tiles, most used first."""
        return list(self._values["homeTiles"])

    circleMapChanged = Signal()

    @Property("QVariantMap", notify=circleMapChanged)  # type: ignore[arg-type]
    def circleMap(self) -> dict[str, Any]:
        """The half-hour circle: streets, here, points in walking order, the chosen route."""
        return dict(self._values["circleMap"])

    serviceDetailsChanged = Signal()

    @Property("QVariantMap", notify=serviceDetailsChanged)  # type: ignore[arg-type]
    def serviceDetails(self) -> dict[str, Any]:
        """A service's materials, time limit, fees, delivery and where else it is done."""
        return dict(self._values["serviceDetails"])

    appointmentSlotsChanged = Signal()

    @Property("QVariantMap", notify=appointmentSlotsChanged)  # type: ignore[arg-type]
    def appointmentSlots(self) -> dict[str, Any]:
        """Booking: the hall, the service, the days and the chosen day's slots."""
        return dict(self._values["appointmentSlots"])

    appointmentBookedChanged = Signal()

    @Property("QVariantMap", notify=appointmentBookedChanged)  # type: ignore[arg-type]
    def appointmentBooked(self) -> dict[str, Any]:
        """The booked appointment, its QR and whether its slip printed."""
        return dict(self._values["appointmentBooked"])

    myAppointmentsChanged = Signal()

    @Property("QVariantList", notify=myAppointmentsChanged)  # type: ignore[arg-type]
    def myAppointments(self) -> list[dict[str, Any]]:
        """The identified resident's appointments, soonest first."""
        return list(self._values["myAppointments"])

    deliveryChanged = Signal()

    @Property("QVariantMap", notify=deliveryChanged)  # type: ignore[arg-type]
    def delivery(self) -> dict[str, Any]:
        """How the result comes: the options, the chosen one, halls, the masked postal form."""
        return dict(self._values["delivery"])

    ratingChanged = Signal()

    @Property("QVariantMap", notify=ratingChanged)  # type: ignore[arg-type]
    def rating(self) -> dict[str, Any]:
        """The rating after an errand: levels, the chosen one, reasons for a low one."""
        return dict(self._values["rating"])

    slipChanged = Signal()

    @Property("QVariantMap", notify=slipChanged)  # type: ignore[arg-type]
    def slip(self) -> dict[str, Any]:
        """The slip just printed (or why it did not print), or empty."""
        return dict(self._values["slip"])

    staffCalledChanged = Signal()

    @Property(bool, notify=staffCalledChanged)
    def staffCalled(self) -> bool:
        """Help is on its way."""
        return bool(self._values["staffCalled"])

    busyChanged = Signal()

    @Property(bool, notify=busyChanged)
    def busy(self) -> bool:
        """An event is being handled (hub, store or printer at work)."""
        return bool(self._values["busy"])

    busyActionChanged = Signal()

    @Property(str, notify=busyActionChanged)
    def busyAction(self) -> str:
        """What is being handled: ``identify``, ``submit``, ``other`` or empty."""
        return str(self._values["busyAction"])

    clockTextChanged = Signal()

    @Property(str, notify=clockTextChanged)
    def clockText(self) -> str:
        """The time of day for the status bar (China Standard Time, from the clock)."""
        return str(self._values["clockText"])

    endedReasonChanged = Signal()

    @Property(str, notify=endedReasonChanged)
    def endedReason(self) -> str:
        """Why the last session ended (``timeout``, ``exit``, ``card_removed``, …)."""
        return str(self._values["endedReason"])

    # --- slots: resident actions ---------------------------------------------------------

    @Slot()
    def confirmIdentity(self) -> None:
        """"This is me"."""
        self.post(j.ConfirmIdentity())

    @Slot()
    def exitSession(self) -> None:
        """Exit (or "not me"): the session ends and is wiped."""
        self.post(j.Exit())

    @Slot()
    def back(self) -> None:
        """One screen back."""
        self.post(j.Back())

    @Slot()
    def browse(self) -> None:
        """Browse services without identifying."""
        self.post(j.Browse())

    @Slot(str)
    def chooseService(self, service_id: str) -> None:
        """Pick a service."""
        self.post(j.ChooseService(service_id))

    @Slot()
    def requestCode(self) -> None:
        """Send or resend the level-2 code (ignored during the cooldown)."""
        if self._values["resendRemaining"] > 0:
            return
        self.post(j.RequestCode())

    @Slot(str)
    def enterCode(self, code: str) -> None:
        """Check the typed one-time code."""
        self.post(j.EnterCode(code))

    @Slot(str, "QVariant")
    def setField(self, name: str, value: Any) -> None:
        """A form field changed (text, number or checkbox)."""
        if isinstance(value, bool | int | float | str):
            self.post(j.SetField(name, value))
        elif value is None:
            self.post(j.SetField(name, ""))

    @Slot()
    def submitForm(self) -> None:
        """The form is done."""
        self.post(j.SubmitForm())

    def add_page(self, material_type: str, data: bytes, content_type: str = "image/jpeg") -> None:
        """A captured page (from the camera adapter)."""
        self.post(j.AddPage(material_type, data, content_type))

    @Slot(str, int)
    def removePage(self, material_type: str, index: int) -> None:
        """Delete a captured page (retake)."""
        self.post(j.RemovePage(material_type, index))

    @Slot()
    def materialsDone(self) -> None:
        """Materials finished."""
        self.post(j.MaterialsDone())

    @Slot(bool, str)
    def confirmAndSubmit(self, agreed: bool, signature_data_url: str) -> None:
        """Consent (and the finger signature as a PNG data URL): submit."""
        self.post(j.ConfirmAndSubmit(agreed, decode_signature(signature_data_url)))

    @Slot()
    def finish(self) -> None:
        """Done with the receipt."""
        self.post(j.Finish())

    @Slot()
    def showServicePoints(self) -> None:
        """Nearby service points (for the chosen service, if any)."""
        service = self._values["service"]
        self.post(j.ShowServicePoints(service.get("id") if service else None))

    @Slot()
    def openHotline(self) -> None:
        """The home screen's 12345 entry: the hotline's consultation or complaint."""
        self.post(j.ChooseService(HOTLINE_SERVICE_ID))

    @Slot()
    def showTrackCase(self) -> None:
        """Open the track-a-case screen (code typed or receipt QR shown)."""
        self.post(j.ShowTrackCase())

    @Slot(str)
    def trackCase(self, code: str) -> None:
        """Look up a case."""
        self.post(j.TrackCase(code))

    @Slot()
    def callStaff(self) -> None:
        """Ask a person to come and help."""
        self.post(j.CallStaff("accessibility" if self._values["elderMode"] else "help"))

    @Slot(str)
    def setLocale(self, locale: str) -> None:
        """Switch language."""
        self.post(j.SetLocale(locale))

    @Slot(bool)
    def setElderMode(self, on: bool) -> None:
        """Switch elder mode."""
        self.post(j.SetElderMode(on))

    @Slot()
    def continueSession(self) -> None:
        """"Continue" on the idle warning."""
        self.post(j.ContinueSession())

    @Slot()
    def tick(self) -> None:
        """Time passed: check the idle timeout and refresh countdowns and the clock."""
        self._update_resend()
        self._set("clockText", self._clock.now().astimezone(CHINA_TIME).strftime("%H:%M"))
        # Off the idle screen, and on it while a choice waits for a card (a countdown runs).
        counting = self._values["step"] != "idle" or self._values["idleRemaining"] >= 0
        if self._pending == 0 and counting:
            self.post(j.Tick())

    def stage_busy(self, action: str) -> None:
        """Show the screens as they look while the worker is busy with ``action`` (screenshots).

        A real submission is over before a screenshot tour can switch language or mode
        (those go through the same worker), so the tour stages the look instead. The
        tick pauses so no view update ends it; :meth:`end_staged_busy` undoes it.
        """
        self._ticker.stop()
        self._set("busyAction", action)

    def end_staged_busy(self) -> None:
        """Back to the real state after :meth:`stage_busy`."""
        self._set("busyAction", "")
        self._ticker.start()

    @Slot(str)
    def setSearch(self, text: str) -> None:
        """Filter the catalog by Chinese, English or pinyin initials."""
        self._set("searchText", text)
        self._refilter()

    @Slot(str)
    def setCategory(self, category: str) -> None:
        """Show one category (empty: all)."""
        self._set("category", category)
        self._refilter()

    # --- slots: the service circle -------------------------------------------------------

    @Slot(str)
    def showServiceDetails(self, service_id: str) -> None:
        """A service's details, before starting it."""
        self.post(j.ShowServiceDetails(service_id))

    @Slot(str)
    def showPointsFor(self, service_id: str) -> None:
        """The map with only the points that offer one service."""
        self.post(j.ShowServicePoints(service_id or None))

    @Slot(str)
    def selectPoint(self, point_id: str) -> None:
        """Choose a point on the map (empty: none); its walking route is drawn."""
        self.post(j.SelectPoint(point_id or None))

    @Slot(str)
    def filterPoints(self, service_id: str) -> None:
        """Only the points offering one service (empty: every point)."""
        self.post(j.FilterPoints(service_id or None))

    @Slot(str)
    def printPointSlip(self, point_id: str) -> None:
        """Print a point's directions slip."""
        self.post(j.PrintPointSlip(point_id))

    @Slot(str, str)
    def startAppointment(self, point_id: str, service_id: str) -> None:
        """Book a slot at one hall for one service."""
        self.post(j.StartAppointment(point_id, service_id))

    @Slot(str)
    def chooseSlotDay(self, day: str) -> None:
        """Show another day's slots (``YYYY-MM-DD``, as the view gave it)."""
        try:
            self.post(j.ChooseSlotDay(dt.date.fromisoformat(day)))
        except ValueError:
            # A QML bug (it hands back what the view gave): log it, change nothing.
            emit(UiWorkerFailed(worker=Ident("chooseSlotDay"), exc_type=Ident("ValueError")))

    @Slot(str)
    def chooseSlot(self, start: str) -> None:
        """Pick a slot by its start (ISO time, as the view gave it)."""
        try:
            self.post(j.ChooseSlot(dt.datetime.fromisoformat(start)))
        except ValueError:
            emit(UiWorkerFailed(worker=Ident("chooseSlot"), exc_type=Ident("ValueError")))

    @Slot()
    def bookAppointment(self) -> None:
        """Book the chosen slot."""
        self.post(j.BookAppointment())

    @Slot()
    def showMyAppointments(self) -> None:
        """The resident's appointments (identify first when nobody is)."""
        self.post(j.ShowMyAppointments())

    @Slot(str)
    def cancelAppointment(self, appointment_id: str) -> None:
        """Cancel one of the resident's appointments."""
        self.post(j.CancelAppointment(appointment_id))

    @Slot(str, str)
    def chooseDelivery(self, mode: str, pickup_point_id: str) -> None:
        """How the result should come (a hall for ``pickup``)."""
        self.post(j.ChooseDelivery(mode, pickup_point_id or None))

    @Slot(str, str)
    def setDeliveryField(self, name: str, value: str) -> None:
        """A postal-delivery field changed."""
        self.post(j.SetDeliveryField(name, value))

    @Slot(int)
    def rate(self, level: int) -> None:
        """The rating, 5 (very satisfied) to 1."""
        self.post(j.Rate(level))

    @Slot(str)
    def toggleRatingReason(self, reason: str) -> None:
        """Tick or untick a reason for a low rating."""
        self.post(j.ToggleRatingReason(reason))

    @Slot(str)
    def setRatingComment(self, text: str) -> None:
        """The optional words with a rating."""
        self.post(j.SetRatingComment(text))

    @Slot()
    def submitRating(self) -> None:
        """Send the rating."""
        self.post(j.SubmitRating())

    @Slot()
    def skipRating(self) -> None:
        """Leave without rating."""
        self.post(j.SkipRating())

    @Slot(str)
    def setHomeGroup(self, group: str) -> None:
        """Show one group's tiles on the home screen."""
        self._set("homeGroup", group)
        self._pick_home_group()

    @Slot(str, result=str)
    def message(self, key: str) -> str:
        """A core catalogue message in the current language (for device hints)."""
        return translate(key, self._values["locale"]) if key else ""

    def current_view(self) -> j.JourneyView | None:
        """The journey view the properties show now (``None`` before the first one)."""
        return self._view

    def values(self) -> dict[str, Any]:
        """Every property value (tests walk these for personal data)."""
        return dict(self._values)

    def value(self, name: str) -> Any:
        """One property's current value, for Python callers (threads read a snapshot)."""
        return self._values[name]

    def form_rows(self) -> Sequence[dict[str, Any]]:
        """The form model's rows."""
        return self._form.rows()


def _action_of(event: j.Event) -> str:
    if isinstance(event, j.IdCardRead | j.CitizenCardRead | j.QrScanned):
        return "identify"
    if isinstance(event, j.ConfirmAndSubmit):
        return "submit"
    return "other"
