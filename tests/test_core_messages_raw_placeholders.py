"""Fault: a resident-facing message shown with a raw ``{placeholder}`` (``…ending in {hint}…``).

Every place that builds a message from a literal key with placeholders must pass
every parameter, and every place that translates a message object must pass its
parameters on; then no screen, CLI line or receipt can show ``{hint}``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kiosk.app.journey.view import Message
from kiosk.base import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("kiosk", "devices", "offline_cache", "ui")
           for p in sorted((ROOT / folder).rglob("*.py"))]
_MAKERS = {"Message", "translate", "both"}
_SAMPLE = {"hint": "0001", "count": "2", "fields": "phone"}


def _with_placeholders() -> dict[str, set[str]]:
    return {key: i18n.placeholders(text) for key, text in i18n.catalogue("en_US").items()
            if i18n.placeholders(text)}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _given(call: ast.Call, maker: str) -> set[str] | None:
    """The parameter names a call passes; ``None`` when it forwards a mapping (``**p``)."""
    names = {kw.arg for kw in call.keywords if kw.arg is not None}
    if any(kw.arg is None for kw in call.keywords):
        return None
    if maker == "Message" and len(call.args) > 1:
        params = call.args[1]
        if not isinstance(params, ast.Dict) or any(k is None for k in params.keys):
            return None
        names |= {k.value for k in params.keys if isinstance(k, ast.Constant)}
    return names


def test_every_literal_message_with_placeholders_gets_its_parameters() -> None:
    wanted = _with_placeholders()
    assert wanted, "the catalogue has messages with placeholders"
    missing: list[str] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in _MAKERS:
                continue
            if not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            key = node.args[0].value
            if key not in wanted:
                continue
            given = _given(node, _name(node.func))
            if given is not None and not wanted[key] <= given:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {key} lacks "
                               f"{sorted(wanted[key] - given)}")
    assert not missing, "\n".join(missing)


def test_message_objects_are_translated_with_their_parameters() -> None:
    # translate(msg.key, …) without **msg.params is how "{hint}" reached the CLI.
    bare: list[str] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) != "translate" or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Attribute) and first.attr in ("key", "message_key") \
                    and _given(node, "translate") == set():
                source = ast.unparse(first.value)
                if "message" in source or "msg" in source or source.endswith("exc"):
                    bare.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    assert not bare, "\n".join(bare)


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_each_message_with_placeholders_renders_without_braces(locale: str) -> None:
    for key, names in _with_placeholders().items():
        msg = Message(key, {name: _SAMPLE.get(name, "x") for name in names})
        text = i18n.translate(msg.key, locale, **msg.params)
        assert "{" not in text and "}" not in text, (key, text)
