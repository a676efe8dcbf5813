"""Resident-facing messages: keys with parameters, translated with gettext.

The catalogue is one logical gettext domain split into one ``.po`` file per
area (``kiosk/base/locale/<locale>/LC_MESSAGES/<area>.po``) so device, store and
journey messages are kept next to each other's owners. The ``.po`` sources are
compiled to ``.mo`` form in memory at first use, so a fresh checkout needs no
build step; the CLI, the receipt and the UI all read the same catalogue.
"""

from __future__ import annotations

import ast
import functools
import gettext
import io
import string
import struct
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
LOCALES = ("zh_CN", "en_US")
DEFAULT_LOCALE = "zh_CN"


class CatalogueError(Exception):
    """A ``.po`` file cannot be parsed."""


def parse_po(text: str, source: str = "<po>") -> dict[str, str]:
    """Parse the subset of the PO format we write: msgid/msgstr pairs, comments."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key = "".join(msgid)
            if key in entries and key:
                raise CatalogueError(f"{source}: duplicate msgid {key!r}")
            entries[key] = "".join(msgstr)

    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [], None
            current = msgid
            line = line[6:]
        elif line.startswith("msgstr "):
            if msgid is None:
                raise CatalogueError(f"{source}:{lineno}: msgstr without msgid")
            msgstr = []
            current = msgstr
            line = line[7:]
        if not (line.startswith('"') and line.endswith('"')) or current is None:
            raise CatalogueError(f"{source}:{lineno}: expected a quoted string")
        try:
            current.append(ast.literal_eval(line))
        except (ValueError, SyntaxError) as exc:
            raise CatalogueError(f"{source}:{lineno}: bad string ({exc})") from None
    flush()
    return entries


def compile_mo(entries: dict[str, str]) -> bytes:
    """Build GNU ``.mo`` bytes from msgid → msgstr pairs."""
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    header = 7 * 4
    table = 8 * len(keys)
    key_start = header + 2 * table
    offsets: list[int] = []
    blob = b""
    for item in ids:
        offsets += [len(item), key_start + len(blob)]
        blob += item + b"\0"
    value_start = key_start + len(blob)
    value_offsets: list[int] = []
    for item in strs:
        value_offsets += [len(item), value_start + len(blob) - (value_start - key_start)]
        blob += item + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), header, header + table, 0, 0)
    out += struct.pack(f"<{len(offsets)}I", *offsets)
    out += struct.pack(f"<{len(value_offsets)}I", *value_offsets)
    return out + blob


@functools.cache
def catalogue(locale: str) -> dict[str, str]:
    """Every message of one locale, merged from all area files."""
    if locale not in LOCALES:
        raise KeyError(locale)
    merged: dict[str, str] = {}
    for po in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        for key, value in parse_po(po.read_text(encoding="utf-8"), str(po)).items():
            if key and key in merged:
                raise CatalogueError(f"{po}: {key!r} is already defined in another area file")
            merged[key] = value
    merged.pop("", None)
    return merged


@functools.cache
def translations(locale: str) -> gettext.GNUTranslations:
    """The gettext translations object for one locale."""
    entries = dict(catalogue(locale))
    entries[""] = "Content-Type: text/plain; charset=UTF-8\n"
    return gettext.GNUTranslations(io.BytesIO(compile_mo(entries)))


def placeholders(template: str) -> set[str]:
    """Names of the ``{param}`` fields in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def translate(key: str, locale: str = DEFAULT_LOCALE, **params: object) -> str:
    """The message for ``key`` in ``locale`` with its parameters filled in.

    An unknown key is returned as-is so a missing translation is visible rather
    than fatal; a test keeps the catalogues complete.
    """
    text = translations(locale if locale in LOCALES else DEFAULT_LOCALE).gettext(key)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def both(key: str, **params: object) -> dict[str, str]:
    """The message in every locale (for receipts and logs of what was shown)."""
    return {loc: translate(key, loc, **params) for loc in LOCALES}
