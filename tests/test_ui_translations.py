"""Translations: every QML label and core message translated, no QML text outside qsTr, .ts in sync."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ui import translations as tr

SAME_IN_EVERY_LANGUAGE = {"English"}
def test_the_app_has_qml_to_check() -> None:
    # The checks below scan the app's QML; an empty scan would pass vacuously.
    assert tr.qml_files()


# --- the literal-text scanner itself ------------------------------------------------------------

def test_scanner_flags_bare_literals_and_allows_translated_ones() -> None:
    qml = """
import QtQuick
Item {
    objectName: "homeScreen"          // names are not user-visible
    id: root
    Text { text: "Place your ID card" }
    Text { text: qsTr("Place your ID card") }
    Text { text: qsTranslate("Common", "Exit") }
    Text { text: "身份证" }
    TextField { placeholderText: 'Search services' }
    Text { text: ok ? qsTr("Yes") : "No" }
    Text { text: qsTr("%1 left").arg(count) + " …" }
    Text { text: "" }
    Text { text: "·" }
    Text { text: "12:30" }
    Text { text: count + "%" }
    Page { title: "Review" }
    Text { color: "red"; font.family: "Noto Sans CJK SC" }
    /* Text { text: "commented out" } */
    // Text { text: "also commented" }
    Text { text: "a" + qsTr("b") }
}
"""
    found = tr.literal_texts(qml, "Snippet.qml")
    assert [(f.line, f.prop, f.literal) for f in found] == [
        (6, "text", '"Place your ID card"'),
        (9, "text", '"身份证"'),
        (10, "placeholderText", "'Search services'"),
        (11, "text", '"No"'),
        (17, "title", '"Review"'),
        (21, "text", '"a"'),
    ]


def test_scanner_ignores_compared_values_escapes_and_core_keys() -> None:
    qml = """Text { text: field.source === "card" ? qsTr("From your card") : qsTr("Records") }
Text { text: journey.locale === 'zh_CN' ? qsTr("English") : qsTr("中文") }
Text { text: (en ? name_en : name_zh) + "\\n" }
Text { text: journey.tr("idcard.place_card") }
Text { text: kind !== "x" ? "Shown to residents" : "" }
"""
    found = tr.literal_texts(qml)
    assert [(f.line, f.literal) for f in found] == [(5, '"Shown to residents"')]


def test_scanner_handles_nested_calls_inside_qstr() -> None:
    qml = 'Text { text: qsTr("Wait %1 s").arg(Math.max(0, n)) }\n' \
          'Text { text: qsTranslate("A", "x(\\"y\\")") }\n'
    assert tr.literal_texts(qml) == []


def test_ts_parser_reports_unfinished_and_empty(tmp_path: Path) -> None:
    ts = tmp_path / "kiosk_zh_CN.ts"
    ts.write_text("""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context><name>Home</name>
  <message><source>Exit</source><translation>退出</translation></message>
  <message><source>Help</source><translation type="unfinished"></translation></message>
  <message><source>Back</source><translation></translation></message>
</context>
</TS>
""", encoding="utf-8")
    missing = tr.untranslated(tr.parse_ts(ts))
    assert [m.source for m in missing] == ["Help", "Back"]


def test_lupdate_and_lrelease_round_trip(qapp: QCoreApplication, tmp_path: Path) -> None:
    """The real Qt tools: extract from QML, translate, compile, and translate at run time."""
    qml_dir = tmp_path / "qml"
    qml_dir.mkdir()
    (qml_dir / "Home.qml").write_text(
        'import QtQuick\nItem { Text { text: qsTr("Place your ID card") } }\n', encoding="utf-8")
    i18n = tmp_path / "i18n"
    tr.update(i18n, qml_dir)
    zh = tr.ts_path("zh_CN", i18n)
    assert [m.key for m in tr.untranslated(tr.parse_ts(zh))] == [("Home", "Place your ID card")]
    assert tr.untranslated(tr.parse_ts(tr.ts_path("en_US", i18n))) == []
    assert tr.set_translations(zh, {"Place your ID card": "请放置身份证"}) == 1
    tr.update(i18n, qml_dir)  # a second lupdate keeps the finished translation
    assert tr.untranslated(tr.parse_ts(zh)) == []
    built = tr.build_qm(i18n, tmp_path / "out")
    translator = QTranslator()
    assert translator.load(str(built["zh_CN"]))
    assert translator.translate("Home", "Place your ID card") == "请放置身份证"


# --- the app's own strings ----------------------------------------------------------------------

def test_core_gettext_catalogue_is_complete_in_both_locales() -> None:
    assert tr.core_untranslated() == []


def test_no_user_visible_literal_outside_qstr_in_app_qml() -> None:
    found = tr.qml_literal_texts()
    assert not found, "wrap these in qsTr():\n" + "\n".join(map(str, found))


@pytest.mark.parametrize("locale", tr.LOCALES)
def test_every_qml_label_is_translated(locale: str) -> None:
    path = tr.ts_path(locale)
    assert path.exists(), f"{path.name} missing: run .venv/bin/python -m ui.translations update"
    missing = tr.untranslated(tr.parse_ts(path))
    assert not missing, f"{path.name}: untranslated:\n" + "\n".join(
        f"  {m.context}: {m.source!r}" for m in missing)


def test_committed_ts_has_every_qstr_of_the_qml(tmp_path: Path) -> None:
    """lupdate into a scratch copy: no source string of the QML may be new to the committed .ts."""
    for locale in tr.LOCALES:
        committed = tr.ts_path(locale)
        assert committed.exists(), f"{committed.name} missing"
        scratch = tmp_path / committed.name
        shutil.copy(committed, scratch)
        tr.lupdate(scratch, locale=locale)
        before = {m.key for m in tr.parse_ts(committed)}
        after = {m.key for m in tr.parse_ts(scratch)}
        new = sorted(after - before)
        stale = sorted(before - after)
        assert not new and not stale, (
            f"{committed.name} is out of sync with the QML (run python -m ui.translations "
            f"update): new {new[:10]}, no longer used {stale[:10]}")


def test_zh_translations_are_chinese_and_keep_placeholders() -> None:
    import re

    for message in tr.parse_ts(tr.ts_path("zh_CN")):
        placeholders = sorted(re.findall(r"%\d+", message.source))
        assert sorted(re.findall(r"%\d+", message.translation)) == placeholders, message.key
        has_letters = re.search(r"[A-Za-z]{2,}", message.source)
        # The language switch names the other language in that language.
        if has_letters and message.source not in SAME_IN_EVERY_LANGUAGE and not re.fullmatch(r"[A-Z0-9 ./-]+", message.source):
            assert re.search(r"[\u4e00-\u9fff]", message.translation), (
                f"{message.key}: zh_CN translation {message.translation!r} has no Chinese")


def test_installed_translator_translates_app_labels(qapp: QCoreApplication) -> None:
    messages = [m for m in tr.parse_ts(tr.ts_path("zh_CN")) if m.finished]
    assert messages
    sample = messages[0]
    try:
        assert tr.install(qapp, "zh_CN")
        assert QCoreApplication.translate(sample.context, sample.source) == sample.translation
        tr.install(qapp, "en_US")
        assert QCoreApplication.translate(sample.context, sample.source) == sample.source
    finally:
        tr.install(qapp, "en_US")
