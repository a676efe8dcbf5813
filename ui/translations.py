"""QML label translations: ``.ts`` sources kept in sync with the QML, ``.qm`` built with the wheel.

Source language is English: QML labels are written ``qsTr("Place your ID card")``.
``ui/i18n/kiosk_zh_CN.ts`` carries the Chinese translations and
``ui/i18n/kiosk_en_US.ts`` the English ones (equal to the source, kept so both
locales go through the same loader and the same completeness test). Messages
that come from the core (device faults, journey messages) do not live here:
the adapters translate them with the core's gettext catalogue (``kiosk.base.i18n``).

Keeping the sources in sync after editing QML::

    .venv/bin/python -m ui.translations update   # pyside6-lupdate, then fills en_US
    # translate the new zh_CN entries (Qt Linguist: .venv/bin/pyside6-linguist), then
    .venv/bin/python -m ui.translations check    # what a test also checks

Where the ``.qm`` files come from (:func:`translation_file`):

- an installed kiosk (wheel, Debian package) ships them: ``setup.py`` compiles
  every ``.ts`` with ``pyside6-lrelease`` into the wheel's ``ui/i18n/`` and the
  ``.ts`` sources are not shipped;
- a checkout (or editable install) has the ``.ts`` beside the code: the ``.qm``
  is compiled on first use into the user's cache directory, named after the
  hash of its ``.ts``, so an edited ``.ts`` is picked up at the next start.

Nothing is ever written into the package folder at run time: on a terminal it
belongs to root and the kiosk runs as an unprivileged user.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
I18N_DIR = UI_DIR / "i18n"
QML_DIR = UI_DIR / "qml"
LOCALES = ("zh_CN", "en_US")
SOURCE_LANGUAGE = "en_US"


class TranslationToolError(Exception):
    """A Qt Linguist tool is missing or failed; the message says which and why."""


@dataclass(frozen=True)
class TsMessage:
    """One message of a ``.ts`` file."""

    context: str
    source: str
    translation: str
    finished: bool  # no type="unfinished"/"vanished"/"obsolete" marker

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the message: QML context (file name) and source text."""
        return (self.context, self.source)


def ts_path(locale: str, directory: Path = I18N_DIR) -> Path:
    """The ``.ts`` source of one locale."""
    return directory / f"kiosk_{locale}.ts"


def qm_path(locale: str, directory: Path = I18N_DIR) -> Path:
    """Where the compiled ``.qm`` of one locale lies in ``directory`` (shipped in the wheel)."""
    return directory / f"kiosk_{locale}.qm"


def cache_dir() -> Path:
    """Where a checkout's ``.qm`` files are compiled to: the user's cache, never the package."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("kiosk", appauthor=False)) / "qm"


def tool(name: str) -> Path:
    """A Qt Linguist tool shipped with PySide6 (next to this interpreter, else on PATH)."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return beside
    found = shutil.which(name)
    if found is None:
        raise TranslationToolError(f"{name} not found: install pyside6-essentials into the venv")
    return Path(found)


def _run(args: Sequence[str]) -> None:
    proc = subprocess.run(list(args), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise TranslationToolError(f"{Path(args[0]).name} failed ({proc.returncode}): "
                                   f"{(proc.stderr or proc.stdout).strip()[:500]}")


def qml_files(qml_dir: Path = QML_DIR) -> list[Path]:
    """Every QML file under ``qml_dir``."""
    return sorted(qml_dir.rglob("*.qml")) if qml_dir.exists() else []


def parse_ts(path: Path) -> list[TsMessage]:
    """The messages of one ``.ts`` file (vanished/obsolete ones included, not finished)."""
    root = ET.parse(path).getroot()
    out: list[TsMessage] = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            forms = [] if translation is None else \
                ["".join(f.itertext()) for f in translation.findall("numerusform")]
            if translation is not None and not forms:
                forms = ["".join(translation.itertext())]
            # A plural message is translated only when every form is.
            text = forms[0] if forms and all(f.strip() for f in forms) else ""
            out.append(TsMessage(name, message.findtext("source") or "", text, kind == ""))
    return out


def lupdate(ts_file: Path, qml_dir: Path = QML_DIR, *, locale: str | None = None) -> None:
    """Merge the ``qsTr`` strings of every QML file into ``ts_file`` (creating it)."""
    files = qml_files(qml_dir)
    if not files:
        raise TranslationToolError(f"no QML files under {qml_dir}")
    target = locale or ts_file.stem.removeprefix("kiosk_")
    # No source locations: line numbers would churn the .ts on every QML edit.
    _run([str(tool("pyside6-lupdate")), "-silent", "-no-obsolete", "-locations", "none",
          "-source-language", SOURCE_LANGUAGE, "-target-language", target,
          *map(str, files), "-ts", str(ts_file)])


def fill_source_locale(ts_file: Path) -> int:
    """Mark every message of the source-language ``.ts`` translated as itself; returns count."""
    tree = ET.parse(ts_file)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if translation.get("type") != "unfinished":
            continue
        source = message.findtext("source") or ""
        if message.get("numerus") == "yes":
            # English has two forms: "%n page(s)" → "%n page" / "%n pages".
            _set_forms(translation, [re.sub(r"\((\w+)\)", "", source),
                                     re.sub(r"\((\w+)\)", r"\1", source)])
        else:
            translation.text = source
        translation.attrib.pop("type", None)
        filled += 1
    _write_ts(tree, ts_file)
    return filled


def _set_forms(translation: ET.Element, forms: Sequence[str]) -> None:
    """Replace a plural translation's ``numerusform`` children."""
    for old in list(translation):
        translation.remove(old)
    translation.text = None
    for text in forms:
        ET.SubElement(translation, "numerusform").text = text


def set_translations(ts_file: Path, mapping: dict[str, str]) -> int:
    """Fill the translations of ``ts_file`` from source → translation; returns how many."""
    tree = ET.parse(ts_file)
    filled = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if source in mapping and translation is not None:
            if message.get("numerus") == "yes":
                # Chinese has one plural form.
                _set_forms(translation, [mapping[source]])
            else:
                translation.text = mapping[source]
            translation.attrib.pop("type", None)
            filled += 1
    _write_ts(tree, ts_file)
    return filled


def _write_ts(tree: ET.ElementTree[ET.Element], ts_file: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts_file.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                       encoding="utf-8")


def update(directory: Path = I18N_DIR, qml_dir: Path = QML_DIR) -> None:
    """Bring both ``.ts`` files in line with the QML; English translations are filled."""
    directory.mkdir(parents=True, exist_ok=True)
    for locale in LOCALES:
        lupdate(ts_path(locale, directory), qml_dir, locale=locale)
    fill_source_locale(ts_path(SOURCE_LANGUAGE, directory))


def build_qm(directory: Path, out_dir: Path, *, force: bool = False) -> dict[str, Path]:
    """Compile each ``.ts`` of ``directory`` into ``out_dir`` where missing or stale.

    Returns locale → ``.qm`` path. ``setup.py`` calls it with the wheel's build
    folder as ``out_dir``.
    """
    out = out_dir
    out.mkdir(parents=True, exist_ok=True)
    built: dict[str, Path] = {}
    for locale in LOCALES:
        source, target = ts_path(locale, directory), qm_path(locale, out)
        if not source.exists():
            continue
        if force or not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            compile_qm(source, target)
        built[locale] = target
    return built


def compile_qm(source: Path, target: Path) -> None:
    """Compile one ``.ts`` into ``target``, which appears whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        _run([str(tool("pyside6-lrelease")), "-silent", str(source), "-qm", str(partial)])
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def translation_file(locale: str, directory: Path = I18N_DIR,
                     cache: Path | None = None) -> Path | None:
    """The ``.qm`` to load for ``locale``, or None when there is none (English labels remain).

    With the ``.ts`` beside it (a checkout) the source wins: it is compiled
    into ``cache`` (default :func:`cache_dir`) under its content hash, so a
    stale ``.qm`` is never loaded. Without it (an installed wheel) the shipped
    ``.qm`` in ``directory`` is used. ``TranslationToolError`` when a checkout's
    ``.ts`` cannot be compiled (lrelease missing or failing).
    """
    source = ts_path(locale, directory)
    if not source.exists():
        shipped = qm_path(locale, directory)
        return shipped if shipped.exists() else None
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = (cache or cache_dir()) / f"kiosk_{locale}-{digest}.qm"
    if not target.exists():
        compile_qm(source, target)
    return target


def untranslated(messages: Iterable[TsMessage]) -> list[TsMessage]:
    """Messages without a finished, non-empty translation."""
    return [m for m in messages if not m.finished or not m.translation.strip()]


def core_untranslated() -> list[str]:
    """Core gettext keys missing or empty in either locale (the catalogue the adapters use)."""
    from kiosk.base.i18n import LOCALES as CORE_LOCALES
    from kiosk.base.i18n import catalogue

    books = {locale: catalogue(locale) for locale in CORE_LOCALES}
    keys = set().union(*books.values())
    return sorted(f"{locale}: {key}" for key in keys for locale, book in books.items()
                  if not book.get(key, "").strip())


# --- literal user-visible text in QML ----------------------------------------------------------

# Properties whose string is shown to the resident.
VISIBLE_PROPERTIES = ("text", "placeholderText", "title", "label", "description",
                      "subtitle", "caption", "hint", "prompt", "message")
_BINDING = re.compile(
    r"(?:^|[;{\s])(?:[A-Za-z_][\w.]*\.)?(?P<prop>" + "|".join(VISIBLE_PROPERTIES) + r")"
    r"\s*:\s*(?P<expr>[^\n;]*)")
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
# Qt's translation calls, and ``adapter.tr("message.key")``: a core gettext key.
_WRAPPED = re.compile(
    r"(?:\b(?:qsTr|qsTranslate|qsTrId|qsTrNoOp|QT_TR_NOOP|QT_TRANSLATE_NOOP)|\.tr)\s*\(")
_LITERAL = r"(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
# A literal compared with a value is data (``source === "card"``), never shown.
_COMPARED = re.compile(r"(?:[!=]==?|[<>]=?)\s*" + _LITERAL + r"|" + _LITERAL + r"\s*(?:[!=]==?|[<>]=?)")
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)")
# Neither letters nor ideographs: numbers, punctuation, symbols, spacing.
_NEUTRAL = re.compile(r"^[\W\d_]*$", re.UNICODE)


@dataclass(frozen=True)
class LiteralText:
    """A user-visible string literal in QML that is not wrapped in ``qsTr``."""

    file: str
    line: int
    prop: str
    literal: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.prop}: {self.literal}"


def _strip_comments(source: str) -> str:
    """Blank out comments, keeping line numbers and string literals intact."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in "\"'`":
            end = i + 1
            while end < n and source[end] != ch:
                end += 2 if source[end] == "\\" else 1
            out.append(source[i:end + 1])
            i = end + 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            i = end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("\n" * source.count("\n", i, end))
            i = end
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _outside_tr_calls(expr: str) -> str:
    """``expr`` with the argument lists of translation calls removed."""
    result: list[str] = []
    i = 0
    while True:
        match = _WRAPPED.search(expr, i)
        if match is None:
            result.append(expr[i:])
            return "".join(result)
        result.append(expr[i:match.start()])
        depth, j = 1, match.end()
        while j < len(expr) and depth:
            if expr[j] in "\"'":
                quote = expr[j]
                j += 1
                while j < len(expr) and expr[j] != quote:
                    j += 2 if expr[j] == "\\" else 1
            elif expr[j] == "(":
                depth += 1
            elif expr[j] == ")":
                depth -= 1
            j += 1
        i = j


def literal_texts(source: str, file: str = "<qml>") -> list[LiteralText]:
    """User-visible string literals outside ``qsTr``/``qsTranslate`` in one QML file.

    Checked: bindings of the visible properties (``text:``, ``placeholderText:``,
    ``title:`` …) on one line, including string literals in ternaries and
    concatenations. Allowed: strings with no letter or ideograph ("", "·",
    "\\n", "12"), literals compared with a value (``source === "card"``), core
    message keys handed to an adapter's ``tr("…")`` (translated with gettext),
    and every other property (``objectName``, ``id``, colours, fonts).
    Bindings that span several lines are read only on their first line.
    """
    found: list[LiteralText] = []
    for lineno, line in enumerate(_strip_comments(source).splitlines(), 1):
        for match in _BINDING.finditer(line):
            expr = _COMPARED.sub(" ", _outside_tr_calls(match.group("expr")))
            for literal in _STRING.findall(expr):
                if not _NEUTRAL.match(_ESCAPE.sub(" ", literal[1:-1])):
                    found.append(LiteralText(file, lineno, match.group("prop"), literal))
    return found


def qml_literal_texts(qml_dir: Path = QML_DIR) -> list[LiteralText]:
    """Every untranslated user-visible literal in the app's QML."""
    out: list[LiteralText] = []
    for path in qml_files(qml_dir):
        out += literal_texts(path.read_text(encoding="utf-8"), str(path.relative_to(qml_dir)))
    return out


# --- runtime -----------------------------------------------------------------------------------

_installed: dict[int, object] = {}
_log = logging.getLogger(__name__)


def loaded_translation(app: object) -> object | None:
    """The ``QTranslator`` :func:`install` put on ``app`` (None: English source labels)."""
    return _installed.get(id(app))


def install(app: object, locale: str, engine: object | None = None) -> bool:
    """Make ``app`` show QML labels in ``locale``; ``engine.retranslate()`` refreshes bindings.

    Replaces the translator this function installed before. Returns False (and
    leaves the English source strings) when the locale has no ``.qm`` and none
    can be built; the UI keeps working either way, and the reason is logged.
    """
    from PySide6.QtCore import QCoreApplication, QTranslator

    assert isinstance(app, QCoreApplication)
    previous = _installed.pop(id(app), None)
    if isinstance(previous, QTranslator):
        app.removeTranslator(previous)
    loaded = False
    try:
        path = translation_file(locale)
    except (TranslationToolError, OSError) as exc:
        _log.warning("no QML translation for %s: %s", locale, exc)
        path = None
    if path is not None:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed[id(app)] = translator
            loaded = True
        else:
            _log.warning("the QML translation %s could not be loaded", path)
    elif locale != SOURCE_LANGUAGE:
        _log.warning("no QML translation for %s: labels stay in English", locale)
    if engine is not None:
        retranslate = getattr(engine, "retranslate", None)
        if callable(retranslate):
            retranslate()
    return loaded


def check() -> list[str]:
    """Every problem the translation test looks for, as readable lines."""
    problems = [f"QML literal outside qsTr: {item}" for item in qml_literal_texts()]
    for locale in LOCALES:
        path = ts_path(locale)
        if not path.exists():
            problems.append(f"{path.name} is missing: run python -m ui.translations update")
            continue
        problems += [f"{path.name}: untranslated {m.context}: {m.source!r}"
                     for m in untranslated(parse_ts(path))]
    problems += [f"core catalogue untranslated: {key}" for key in core_untranslated()]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ui.translations update|build [OUTDIR]|check``."""
    parser = argparse.ArgumentParser(prog="python -m ui.translations")
    parser.add_argument("action", choices=("update", "build", "check"))
    parser.add_argument("outdir", nargs="?", type=Path,
                        help="build: where the .qm files go (default: the user's cache)")
    args = parser.parse_args(argv)
    if args.action == "update":
        update()
        print(f"updated {', '.join(ts_path(loc).name for loc in LOCALES)}")
    elif args.action == "build":
        for locale, path in build_qm(I18N_DIR, args.outdir or cache_dir(), force=True).items():
            print(f"{locale}: {path}")
    else:
        problems = check()
        for line in problems:
            print(line)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
