"""The message catalogue: complete in both languages, every used key defined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.base import i18n

ROOT = Path(__file__).resolve().parent.parent
# Message keys are dotted lower-case identifiers in these areas.
AREAS = ("idcard", "citizencard", "device", "camera", "printer", "journey", "form", "session",
         "store", "hub", "dock", "document", "receipt", "doctor", "peripherals", "voice",
         "slip", "rating", "details", "delivery", "circle", "technician")
# Folders whose dotted strings are config keys, file names or the hub's own records, not
# resident messages.
# Event names (kiosk/base/events/) look like message keys but are log event names, and
# a device recording's session steps (kiosk/devtools/recording.py: "idcard.read") are
# names in its file format.
NOT_MESSAGES = ("kiosk/base/config/", "kiosk/devtools/refhub/", "kiosk/base/events/",
                "kiosk/devtools/recording.py")
KEY_RE = re.compile(r"""["']((?:""" + "|".join(AREAS) + r""")\.[a-z0-9_]+)["']""")


def test_both_locales_have_the_same_keys_and_placeholders() -> None:
    zh, en = i18n.catalogue("zh_CN"), i18n.catalogue("en_US")
    assert set(zh) == set(en), set(zh) ^ set(en)
    for key in zh:
        assert zh[key].strip() and en[key].strip(), key
        assert i18n.placeholders(zh[key]) == i18n.placeholders(en[key]), key


def test_every_key_used_in_code_is_translated() -> None:
    zh = i18n.catalogue("zh_CN")
    missing = {}
    for package in ("kiosk", "devices", "offline_cache", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            if path.relative_to(ROOT).as_posix().startswith(NOT_MESSAGES):
                continue
            for key in KEY_RE.findall(path.read_text(encoding="utf-8")):
                if key.endswith("_") or key not in zh:
                    missing.setdefault(key, str(path.relative_to(ROOT)))
    # Keys built by f-string (session.ended_{reason}) are checked one by one below.
    missing = {k: v for k, v in missing.items() if not k.endswith("_")}
    assert not missing, missing


@pytest.mark.parametrize("reason", ["exit", "timeout", "card_removed"])
def test_session_end_messages_exist(reason: str) -> None:
    assert f"session.ended_{reason}" in i18n.catalogue("en_US")


def test_translate_fills_parameters_and_falls_back() -> None:
    assert "1234" in i18n.translate("journey.code_sent", "zh_CN", hint="1234")
    assert i18n.translate("journey.code_sent", "en_US", hint="1234").startswith("A code was sent")
    assert i18n.translate("no.such_key", "en_US") == "no.such_key"
    assert i18n.translate("idcard.read_failed", "fr_FR") == i18n.translate("idcard.read_failed")


def test_po_parser_rejects_garbage() -> None:
    with pytest.raises(i18n.CatalogueError):
        i18n.parse_po('msgid "a"\nmsgstr unquoted\n')
    with pytest.raises(i18n.CatalogueError):
        i18n.parse_po('msgid "a"\nmsgstr "x"\nmsgid "a"\nmsgstr "y"\n')
