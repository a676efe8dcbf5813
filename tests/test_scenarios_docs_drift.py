"""docs/testing.md's step vocabulary is the step table's; the tap targets' words are the screens'."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.devtools.scenarios import docs
from kiosk.devtools.scenarios.targets import TARGETS, Press
from kiosk.devtools.scenarios.vocabulary import VOCABULARY, pattern

ROOT = Path(__file__).resolve().parents[1]


def test_the_vocabulary_section_is_generated_from_the_steps() -> None:
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    assert docs.rewrite(text) == text, (
        "docs/testing.md's step vocabulary differs from the steps; run "
        "python -m kiosk.devtools.scenarios.docs")
    for spec in VOCABULARY:
        assert f"`{spec.en.replace('|', chr(92) + '|')}`" in text


def test_the_check_command_fails_on_a_stale_copy(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    stale = tmp_path / "testing.md"
    stale.write_text(text.replace(VOCABULARY[0].zh, "一句旧的话"), encoding="utf-8")
    assert docs.main([str(stale), "--check"]) == 1
    assert docs.main([str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == text


def test_no_phrase_can_be_read_as_another() -> None:
    import re

    for spec in VOCABULARY:
        for other in VOCABULARY:
            if other is spec:
                continue
            for template, mine in ((other.en, spec.en), (other.zh, spec.zh)):
                example = re.sub(r"\{\w+\}", "1", mine)
                assert not re.fullmatch(pattern(template), example), (mine, template)


def test_tap_targets_say_what_the_screens_say() -> None:
    """Each target's words are a QML source string and its Chinese translation."""
    tree = ET.parse(ROOT / "ui" / "i18n" / "kiosk_zh_CN.ts")
    zh = {m.findtext("source"): m.findtext("translation") for m in tree.iter("message")}
    for target in TARGETS:
        assert target.en in zh, f"{target.test_id}: {target.en!r} is not a screen's text"
        if target.press is Press.TOGGLE_LANGUAGE:
            # It names the other language in that language: "English" on a Chinese screen.
            assert target.zh in zh
            continue
        assert zh[target.en] == target.zh, f"{target.test_id}: {target.zh!r} != {zh[target.en]!r}"
    qml = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "ui" / "qml").glob("*.qml"))
    for target in TARGETS:
        assert f'"{target.test_id}"' in qml, f"no QML item named {target.test_id}"
