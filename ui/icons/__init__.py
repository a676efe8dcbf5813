"""The kiosk's icons: Tabler Icons (MIT) SVGs vendored in ``ui/icons/tabler/``, drawn by name.

Only the icons named in :data:`ICONS` are vendored; ``python -m ui.icons.vendor``
re-extracts them from the pinned npm package (see ``ui/icons/NOTICE.md``). A
service's tile shows its own icon when it has one here, else its category's, else
:data:`FALLBACK`: a service the hub adds tomorrow still gets a sensible picture.
QML asks for ``image://icons/<name>/<colour>`` (see :mod:`ui.icons.provider`).
"""

from __future__ import annotations

from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent / "tabler"
FALLBACK = "file-description"

# A service id (the hub's catalogue) → icon.
SERVICE_ICONS: dict[str, str] = {
    "social_insurance_certificate": "file-certificate",
    "residence_permit": "id-badge-2",
    "medical_insurance_enrolment": "first-aid-kit",
    "housing_fund_withdrawal": "pig-money",
    "hotline_12345": "phone-call",
    "residence_certificate": "file-text",
    "senior_card": "old",
    "household_register_proof": "users",
    "employment_registration": "briefcase",
    "marriage_record_inquiry": "hearts",
    "birth_registration": "baby-carriage",
    "sole_trader_registration": "building-store",
    "minimum_living_allowance": "heart-handshake",
    "disability_subsidy": "wheelchair",
}

# A catalogue category (the hub's ``category``) → icon; also a new service's fallback.
CATEGORY_ICONS: dict[str, str] = {
    "most_used": "star",
    "household": "home",
    "social_insurance": "shield-check",
    "medical_insurance": "first-aid-kit",
    "elderly": "old",
    "business": "building-store",
    "housing": "building-community",
    "public_affairs": "message-circle",
    "social_assistance": "heart-handshake",
    "civil_affairs": "rings",
    "employment": "briefcase",
}

# Screens' own pictures: ways to identify, the service circle, map legend, delivery, rating.
SCREEN_ICONS: tuple[str, ...] = (
    "id", "credit-card", "qrcode", "map-2", "calendar-event", "calendar-x", "calendar-check",
    "file-search", "phone-call", "headset", "walk", "clock", "users-group", "current-location",
    "map-pin", "route", "building", "truck-delivery", "printer", "list-details", "coin",
    "mood-happy", "mood-smile", "mood-neutral", "mood-sad", "mood-angry", "check",
    "alert-triangle", "wifi-off", "arrow-left", "chevron-right", FALLBACK,
    # The technician screens.
    "tool", "camera", "lock", "logout", "refresh", "server", "devices",
)

ICONS: tuple[str, ...] = tuple(sorted(
    set(SERVICE_ICONS.values()) | set(CATEGORY_ICONS.values()) | set(SCREEN_ICONS)))


def service_icon(service_id: str, category: str) -> str:
    """The icon of a catalogue service: its own, else its category's, else the fallback."""
    return SERVICE_ICONS.get(service_id) or CATEGORY_ICONS.get(category) or FALLBACK


def category_icon(category: str) -> str:
    """The icon of a catalogue category (or of the "most used" group)."""
    return CATEGORY_ICONS.get(category, FALLBACK)


def icon_path(name: str) -> Path:
    """The vendored SVG of one icon (``KeyError`` for a name that is not vendored)."""
    if name not in ICONS:
        raise KeyError(name)
    return ICON_DIR / f"{name}.svg"
