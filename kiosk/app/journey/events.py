"""What can happen to the journey: one frozen dataclass per resident action or device report.

The UI, the device adapters and the headless runner turn what they see into
these events and pass them to ``Journey.handle``; nothing else changes the journey.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeAlias

from devices.citizen_card.protocol import CitizenCardData
from devices.idcard.protocol import IdCardData


@dataclass(frozen=True)
class IdCardRead:
    """An ID card was read on the pad (the resident lifts it afterwards)."""

    card: IdCardData


@dataclass(frozen=True)
class CitizenCardRead:
    """A citizen card was inserted and read; it stays inserted for the session."""

    card: CitizenCardData


@dataclass(frozen=True)
class CitizenCardRemoved:
    """The citizen card left the slot: the session ends."""


@dataclass(frozen=True)
class CardReadFailed:
    """A reader reported an expected failure; show its next step."""

    message_key: str


@dataclass(frozen=True)
class QrScanned:
    """An e-ID QR payload was decoded from the camera."""

    payload: str


@dataclass(frozen=True)
class ConfirmIdentity:
    """The resident confirmed "this is me"."""


@dataclass(frozen=True)
class Exit:
    """The resident pressed exit (or "not me")."""


@dataclass(frozen=True)
class Back:
    """Go back one screen where that makes sense."""


@dataclass(frozen=True)
class Browse:
    """Browse services without identifying."""


@dataclass(frozen=True)
class ChooseService:
    """The resident picked a service."""

    service_id: str


@dataclass(frozen=True)
class RequestCode:
    """Send (or resend) the level-2 one-time code."""


@dataclass(frozen=True)
class EnterCode:
    """The resident typed the one-time code."""

    code: str


@dataclass(frozen=True)
class SetField:
    """The resident changed a form field."""

    name: str
    value: str | bool | int | float


@dataclass(frozen=True)
class SubmitForm:
    """The resident finished the form."""


@dataclass(frozen=True)
class AddPage:
    """A captured page for one material (JPEG or PNG bytes)."""

    material_type: str
    data: bytes
    content_type: str = "image/jpeg"


@dataclass(frozen=True)
class RemovePage:
    """Delete a captured page (retake)."""

    material_type: str
    index: int


@dataclass(frozen=True)
class MaterialsDone:
    """The resident finished adding materials."""


@dataclass(frozen=True)
class ConfirmAndSubmit:
    """Review accepted: consent given (with an optional finger signature); submit."""

    agreed: bool
    signature_png: bytes | None = None


@dataclass(frozen=True)
class Finish:
    """The resident is done with the receipt screen."""


@dataclass(frozen=True)
class ShowServicePoints:
    """Show nearby service points (the half-hour circle)."""

    service_id: str | None = None


@dataclass(frozen=True)
class ShowTrackCase:
    """Open the track-a-case screen (type the receipt's code or show its QR)."""


@dataclass(frozen=True)
class TrackCase:
    """Look up a case by its tracking code."""

    code: str


@dataclass(frozen=True)
class CallStaff:
    """Ask for a person to come and help."""

    reason: str = "help"


@dataclass(frozen=True)
class SetLocale:
    """Switch the language."""

    locale: str


@dataclass(frozen=True)
class SetElderMode:
    """Switch elder mode (长辈模式): larger text, longer timeouts, voice."""

    on: bool


@dataclass(frozen=True)
class ContinueSession:
    """The resident answered "continue?" on the idle warning."""


@dataclass(frozen=True)
class Tick:
    """Time passed; check the idle timeout. Not resident activity."""


@dataclass(frozen=True)
class ShowServiceDetails:
    """Open a service's details: materials, time limit, fees, delivery, where else."""

    service_id: str


@dataclass(frozen=True)
class SelectPoint:
    """Choose a point on the map (its route is drawn); ``None`` clears the choice."""

    point_id: str | None


@dataclass(frozen=True)
class FilterPoints:
    """Show only the points offering one service (``None``: every point)."""

    service_id: str | None


@dataclass(frozen=True)
class PrintPointSlip:
    """Print a point's slip: address, hours, walking time, a map excerpt and a location QR."""

    point_id: str


@dataclass(frozen=True)
class StartAppointment:
    """Book a slot at one hall for one service: opens the slot picker."""

    point_id: str
    service_id: str


@dataclass(frozen=True)
class ChooseSlotDay:
    """Show the slots of another day."""

    day: dt.date


@dataclass(frozen=True)
class ChooseSlot:
    """Pick the slot that starts at ``start``."""

    start: dt.datetime


@dataclass(frozen=True)
class BookAppointment:
    """Book the chosen slot (asks for identity first when there is none)."""


@dataclass(frozen=True)
class ShowMyAppointments:
    """List the identified resident's appointments (made at any terminal)."""


@dataclass(frozen=True)
class CancelAppointment:
    """Cancel one of the resident's appointments."""

    appointment_id: str


@dataclass(frozen=True)
class ChooseDelivery:
    """How the result should come: ``on_the_spot``, ``pickup`` (at ``pickup_point_id``) or
    ``mail``."""

    mode: str
    pickup_point_id: str | None = None


@dataclass(frozen=True)
class SetDeliveryField:
    """The resident changed a field of the postal-delivery form."""

    name: str
    value: str


@dataclass(frozen=True)
class Rate:
    """The resident's rating, 5 (very satisfied) to 1 (very dissatisfied)."""

    level: int


@dataclass(frozen=True)
class ToggleRatingReason:
    """Tick or untick one reason for a low rating."""

    reason: str


@dataclass(frozen=True)
class SetRatingComment:
    """The optional words with a rating."""

    text: str


@dataclass(frozen=True)
class SubmitRating:
    """Send the rating (it waits in the outbox when offline)."""


@dataclass(frozen=True)
class SkipRating:
    """Leave without rating."""


# The closed set of events: ``Journey.handle`` matches over it and a missing case is a
# mypy error (``assert_never``), so a new event class needs its handler to type-check.
Event: TypeAlias = (
    IdCardRead | CitizenCardRead | CitizenCardRemoved | CardReadFailed | QrScanned
    | ConfirmIdentity | Exit | Back | Browse | ChooseService | RequestCode | EnterCode
    | SetField | SubmitForm | AddPage | RemovePage | MaterialsDone | ConfirmAndSubmit | Finish
    | ShowServicePoints | ShowTrackCase | TrackCase | CallStaff | SetLocale | SetElderMode
    | ContinueSession | Tick | ShowServiceDetails | SelectPoint | FilterPoints | PrintPointSlip
    | StartAppointment | ChooseSlotDay | ChooseSlot | BookAppointment | ShowMyAppointments
    | CancelAppointment | ChooseDelivery | SetDeliveryField | Rate | ToggleRatingReason
    | SetRatingComment | SubmitRating | SkipRating
)
