"""Resident-facing message keys of the document pipeline.

The texts live in the shared gettext catalogue
(``kiosk/base/locale/<locale>/LC_MESSAGES/documents.po``); this module lists the keys the
pipeline can produce so tests can check every one is translated.
"""

from __future__ import annotations

from kiosk.base.i18n import translate

MESSAGE_KEYS: tuple[str, ...] = (
    "document.not_found",
    "document.too_blurry",
    "document.glare",
    "document.too_small",
    "document.cut_off",
    "document.too_skewed",
    "document.moving",
    "document.too_dark",
    "document.wrong_material",
    "document.unreadable_image",
    "document.ready",
)


def text(key: str, locale: str = "zh_CN") -> str:
    """The resident-facing text for ``key`` in ``locale`` (zh_CN or en_US)."""
    return translate(key, locale)
