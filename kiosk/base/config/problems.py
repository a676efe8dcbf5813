"""``ConfigError`` and the one place that turns pydantic's errors into "key, value, fix" lines."""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails, PydanticCustomError


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` name each key and its fix."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Fix:
    """``Annotated`` marker: what to tell an operator whose value for this key is missing or bad."""

    text: str


def bad_value(message: str) -> PydanticCustomError:
    """An error shown as ``<key> = <value> <message>`` (the message ends with its ``Fix:``)."""
    return PydanticCustomError("bad_value", message)


def broken_rule(message: str, key: str = "") -> PydanticCustomError:
    """An error shown as ``<key> <message>`` (ends with its ``Fix:``).

    A rule across keys fails on the whole section; ``key`` names the one to blame in it.
    """
    return PydanticCustomError("broken_rule", message, {"key": key} if key else None)


@dataclass(frozen=True)
class _Slot:
    """Where an error points: the key as an operator writes it, and what the schema says of it."""

    key: str  # "devices.printer.width_mm", without the union tags pydantic adds to the path
    name: str  # the last part, "width_mm"
    annotation: Any  # the field's type (Annotated metadata stripped), or None if unknown
    metadata: tuple[Any, ...]  # Field constraints and markers of the field
    default: Any  # the field's default, or dataclasses.MISSING
    parent: Any  # the dataclass the key belongs to (for unknown keys), or None
    driver: str | None  # the device driver the key is an option of, if any


def problems_from(error: ValidationError, schema: type) -> list[str]:
    """Every pydantic error of validating ``schema`` as one line naming the key, value and fix."""
    return [_problem(details, _locate(schema, details["loc"])) for details in error.errors()]


def _problem(e: ErrorDetails, slot: _Slot) -> str:
    kind, key, value = e["type"], slot.key, e["input"]
    ctx = e.get("ctx", {})
    if kind == "bad_value":
        return f"{key} = {value!r} {e['msg']}"
    if kind == "broken_rule":
        return f"{key}.{ctx['key']} {e['msg']}" if "key" in ctx else f"{key} {e['msg']}"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return _unknown_key(slot)
    if kind == "missing":
        return f"{key} is missing. Fix: {_fix(slot) or f'set {slot.name}'}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        discriminator = str(ctx["discriminator"]).strip("'")
        tag_key = f"{key}.{discriminator}"
        tags = _tags(slot.annotation, discriminator)
        if kind == "union_tag_not_found":
            return f"{tag_key} is missing. Fix: set it to one of {', '.join(tags)}"
        return f"{tag_key} = {ctx['tag']!r} is not allowed. Fix: {_one_of(tags, ctx['tag'])}"
    if kind == "literal_error":
        allowed = [str(a) for a in _literal_args(slot.annotation)]
        return f"{key} = {value!r} is not allowed. Fix: {_one_of(allowed, str(value))}"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(slot.metadata)
        return f"{key} = {value!r} is out of range. Fix: use a value from {low:g} to {high:g}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        example = f"{slot.default:g}" if isinstance(slot.default, int | float) else "1.0"
        return f"{key} must be a number. Fix: write e.g. {slot.name} = {example}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        low, high = _bounds(slot.metadata)
        return f"{key} = {value!r} is not allowed. Fix: use a whole number from {low} to {high}"
    if kind in ("bool_type", "bool_parsing"):
        example = str(slot.default).lower() if isinstance(slot.default, bool) else "true"
        return f"{key} must be true or false. Fix: write {slot.name} = {example}"
    if kind in ("string_type", "string_too_short", "path_type"):
        return f"{key} must be a non-empty string. Fix: {_fix(slot) or 'quote it, or remove it'}"
    if kind in ("dataclass_type", "dict_type", "model_type"):
        return f"{key} must be a table. Fix: write it as [{key}] with its keys below"
    # Not expected from this schema; still name the key and what pydantic saw.
    return f"{key} = {value!r}: {e['msg']}. Fix: correct the value (see docs/devices.md)"


def _unknown_key(slot: _Slot) -> str:
    known = [f.name for f in dataclasses.fields(slot.parent)] if slot.parent else []
    close = difflib.get_close_matches(slot.name, known, n=1, cutoff=0.7)
    where = slot.key.rsplit(".", 1)[0] if "." in slot.key else ""
    if not where:
        what = "is not a known section"
    elif where == "devices":
        what = "is not a known device"
    elif slot.driver is not None:
        what = f"is not an option of the {slot.driver} driver"
    else:
        what = f"is not a key of [{where}]"
    if close:
        return f"{slot.key} {what}. Fix: did you mean {close[0]}? Rename it, or remove it"
    shown = ", ".join(k for k in known if k != "driver") or "nothing but driver"
    return f"{slot.key} {what}. Fix: remove it, or use one of {shown}"


def _one_of(allowed: Sequence[str], given: str) -> str:
    close = difflib.get_close_matches(given, allowed, n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"use one of {', '.join(allowed)}{hint}"


def _fix(slot: _Slot) -> str:
    return next((m.text for m in slot.metadata if isinstance(m, Fix)), "")


def _bounds(metadata: Iterable[Any]) -> tuple[float, float]:
    low, high = float("-inf"), float("inf")
    for item in metadata:
        for m in item.metadata if isinstance(item, FieldInfo) else [item]:
            if isinstance(m, annotated_types.Ge):
                low = float(m.ge)  # type: ignore[arg-type]  # the schema's bounds are numbers
            elif isinstance(m, annotated_types.Le):
                high = float(m.le)  # type: ignore[arg-type]
    return low, high


def _strip(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The type without ``Annotated``, and the metadata it carried."""
    metadata: tuple[Any, ...] = ()
    while get_origin(annotation) is Annotated:
        metadata += annotation.__metadata__
        annotation = get_args(annotation)[0]
    return annotation, metadata


def _members(annotation: Any) -> list[Any]:
    """The dataclasses a (possibly nested, possibly optional) union can hold."""
    annotation, _ = _strip(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in _members(arg)]
    return [annotation] if dataclasses.is_dataclass(annotation) else []


def _literal_args(annotation: Any) -> list[Any]:
    annotation, _ = _strip(annotation)
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    if get_origin(annotation) in (Union, types.UnionType):
        return [a for arg in get_args(annotation) for a in _literal_args(arg)]
    return []


def _tags(annotation: Any, discriminator: str) -> list[str]:
    """The values ``discriminator`` takes across a union's members, in order, without repeats."""
    out: list[str] = []
    for member in _members(annotation):
        hints = typing.get_type_hints(member, include_extras=True)
        for tag in _literal_args(hints.get(discriminator)):
            if str(tag) not in out:
                out.append(str(tag))
    return out


def _locate(schema: type, loc: Sequence[int | str]) -> _Slot:
    """Follow pydantic's error path through the schema, dropping union tags on the way."""
    current: Any = schema
    keys: list[str] = []
    annotation: Any = None
    metadata: tuple[Any, ...] = ()
    default: Any = dataclasses.MISSING
    parent: Any = None
    driver: str | None = None
    for part in loc:
        options = _members(current)
        if len(options) > 1 or (options and options[0] is not _strip(current)[0]):
            # A tagged union: this path part is the tag (driver, or a printer's connection).
            chosen = [m for m in options if _has_tag(m, str(part))]
            if chosen:
                current = chosen[0] if len(chosen) == 1 else Union[tuple(chosen)]  # noqa: UP007
                if driver is None and len(keys) == 2 and keys[0] == "devices":
                    driver = str(part)
                continue
            current = options[0] if options else None
        cls = _strip(current)[0]
        if not dataclasses.is_dataclass(cls):
            keys.append(str(part))
            annotation, metadata, default, parent = None, (), dataclasses.MISSING, None
            continue
        hints = typing.get_type_hints(cls, include_extras=True)
        parent = cls
        keys.append(str(part))
        if str(part) in hints:
            field = next(f for f in dataclasses.fields(cls) if f.name == str(part))
            annotation, metadata = _strip(hints[str(part)])
            default = field.default
            current = hints[str(part)]
        else:
            annotation, metadata, default = None, (), dataclasses.MISSING
            current = None
    return _Slot(".".join(keys), keys[-1] if keys else "", annotation, metadata, default,
                 parent, driver)


def _has_tag(member: Any, tag: str) -> bool:
    hints = typing.get_type_hints(member, include_extras=True)
    return any(tag in [str(a) for a in _literal_args(hints[name])]
               for name in ("driver", "connection") if name in hints)
