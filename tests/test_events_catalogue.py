"""The event catalogue: only typed fields, unique names, and docs/events.md generated from it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.events import CATALOGUE, Event, Ident, Level
from kiosk.base.events.fields import FieldTypeError
from kiosk.base.events.markdown import markdown

ROOT = Path(__file__).resolve().parents[1]


def test_every_event_has_a_unique_identifier_name_a_meaning_and_typed_fields() -> None:
    names = [cls.NAME for cls in CATALOGUE]
    assert len(names) == len(set(names))
    for cls in CATALOGUE:
        assert Ident.valid(cls.NAME) and "." in cls.NAME, cls
        assert cls.meaning(), cls
        assert isinstance(cls.LEVEL, Level)
        cls.field_specs()  # raises FieldTypeError for a field that could hold free text


def test_a_free_text_field_cannot_be_declared() -> None:
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Leaky(Event):
        """An event that would log whatever it is given."""

        NAME = "test.leaky"
        LEVEL = Level.INFO
        detail: str

    with pytest.raises(FieldTypeError, match="not an event field type"):
        Leaky.field_specs()


def test_docs_events_md_is_generated_from_the_catalogue() -> None:
    committed = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert committed == markdown(), "run: kiosk events --markdown > docs/events.md"
    for cls in CATALOGUE:
        assert f"`{cls.NAME}`" in committed


def test_kiosk_events_markdown_prints_the_same_file() -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "events", "--markdown"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
