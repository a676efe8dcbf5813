"""The screens of the resident journey."""

from __future__ import annotations

import enum


class Step(enum.StrEnum):
    """The screen the resident is on."""

    IDLE = "idle"
    IDENTITY_CONFIRMED = "identity_confirmed"
    LEVEL2_CODE = "level2_code"
    CHOOSE_SERVICE = "choose_service"
    FORM = "form"
    MATERIALS = "materials"
    REVIEW = "review"
    RECEIPT = "receipt"
    BROWSE = "browse"
    SERVICE_POINTS = "service_points"
    TRACK_CASE = "track_case"
    CALL_STAFF = "call_staff"
    SERVICE_DETAILS = "service_details"
    APPOINTMENT_SLOTS = "appointment_slots"
    APPOINTMENT_BOOKED = "appointment_booked"
    MY_APPOINTMENTS = "my_appointments"
    RATING = "rating"
