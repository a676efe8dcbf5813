"""The only value types an event field may hold, so no resident's data can be logged.

An event field is a number, a flag, an enum, or one of the token types below. A
token is checked when it is made and again when the event is written: an
identifier must start with an ASCII letter, hold only ASCII letters, digits and
``_.:-`` and no run of five digits, so a name, an address (Chinese or with
spaces), an ID number, a phone number or a card number can never pass for one.
There is no free-text field.
"""

from __future__ import annotations

import enum
import math
import re
import types
import typing
import uuid
from typing import Any, Literal, Union, get_args, get_origin

# No run of five digits: card, passport and permit numbers (``A00000007``) start with a letter.
_IDENT = re.compile(r"(?!.*\d{5})[A-Za-z][A-Za-z0-9_.:-]{0,79}")
_VERSION = re.compile(r"\d{1,4}\.\d{1,4}(\.\d{1,6})?([.+-][A-Za-z][A-Za-z0-9.]{0,30})?")
UNRECOGNISED = "unrecognised"


class Ident(str):
    """A code-side identifier: a service id, device name, status, message key, error kind."""

    __slots__ = ()

    def __new__(cls, value: str) -> Ident:
        if not isinstance(value, str) or _IDENT.fullmatch(value) is None:
            raise ValueError("not an identifier (ASCII letter first, then [A-Za-z0-9_.:-])")
        return super().__new__(cls, value)

    @classmethod
    def of(cls, value: str) -> Ident:
        """``value`` as an identifier, or ``unrecognised`` (for values that come from the hub)."""
        try:
            return cls(value)
        except ValueError:
            return cls(UNRECOGNISED)

    @classmethod
    def maybe(cls, value: str | None) -> Ident | None:
        """Like :meth:`of`, keeping ``None``."""
        return None if value is None else cls.of(value)

    @classmethod
    def valid(cls, value: str) -> bool:
        """Whether ``value`` would pass as an identifier."""
        return _IDENT.fullmatch(value) is not None


class ClientId(str):
    """A submission's kiosk-minted UUID (random, so it says nothing about the resident).

    An identifier is accepted too (test doubles name their submissions ``client-1``).
    """

    __slots__ = ()

    def __new__(cls, value: str) -> ClientId:
        if isinstance(value, str) and _IDENT.fullmatch(value) is not None:
            return super().__new__(cls, value)
        try:
            canonical = str(uuid.UUID(value))
        except (ValueError, TypeError, AttributeError):
            raise ValueError("not a UUID") from None
        if canonical != value.lower():
            raise ValueError("not a canonical UUID")
        return super().__new__(cls, canonical)

    @classmethod
    def valid(cls, value: str) -> bool:
        """Whether ``value`` is a canonical UUID."""
        try:
            cls(value)
        except ValueError:
            return False
        return True


class Version(str):
    """A software version such as ``0.1.0`` (a dot is required, so no digit string passes)."""

    __slots__ = ()

    def __new__(cls, value: str) -> Version:
        if not isinstance(value, str) or _VERSION.fullmatch(value) is None:
            raise ValueError("not a version")
        return super().__new__(cls, value)

    @classmethod
    def valid(cls, value: str) -> bool:
        """Whether ``value`` is a version."""
        return _VERSION.fullmatch(value) is not None


TOKENS: tuple[type[str], ...] = (Ident, ClientId, Version)
SCALARS: tuple[type, ...] = (bool, int, float)

FieldValue = bool | int | float | str | None


class FieldTypeError(TypeError):
    """An event class declares a field of a type that could carry free text."""


def allowed(annotation: Any) -> tuple[tuple[Any, ...], bool]:
    """The runtime types (or literal values) a field annotation allows, and whether ``None`` is.

    Raises :class:`FieldTypeError` for anything outside numbers, flags, enums, literals
    and the tokens, which is what makes free text impossible to declare.
    """
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        parts = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(parts) < len(get_args(annotation))
        kinds: list[Any] = []
        for part in parts:
            kinds.extend(allowed(part)[0])
        return tuple(kinds), optional
    if origin is Literal:
        values = get_args(annotation)
        if not all(isinstance(v, str) and Ident.valid(v) for v in values):
            raise FieldTypeError(f"literal values must be identifiers: {values!r}")
        return (Literal, *values), False
    if annotation in TOKENS or annotation in SCALARS:
        return (annotation,), False
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        if not all(Ident.valid(str(m.value)) for m in annotation):
            raise FieldTypeError(f"{annotation.__name__} has values that are not identifiers")
        return (annotation,), False
    raise FieldTypeError(f"{annotation!r} is not an event field type (numbers, flags, enums, "
                         "literals, Ident, ClientId or Version only)")


def encode(value: object, kinds: tuple[Any, ...], optional: bool) -> FieldValue:
    """The JSON value of one field; ``ValueError`` if the value is not of an allowed kind."""
    if value is None:
        if optional:
            return None
        raise ValueError("is None")
    if kinds and kinds[0] is Literal:
        if isinstance(value, str) and value in kinds[1:]:
            return str(value)
        raise ValueError("is not one of the literal values")
    for kind in kinds:
        if kind is bool:
            if isinstance(value, bool):
                return value
        elif kind is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return int(value)
        elif kind is float:
            if isinstance(value, (int, float)) and not isinstance(value, bool) \
                    and math.isfinite(value):
                return float(value)
        elif kind in TOKENS:
            # Re-checked: a plain str cast to the token type (or any str) must still pass.
            if isinstance(value, str) and kind.valid(value):
                return str(value)
        elif isinstance(kind, type) and issubclass(kind, enum.Enum) and isinstance(value, kind):
            return str(value.value)
    raise ValueError(f"is a {type(value).__name__}, not an allowed kind")


def hints(cls: type) -> dict[str, Any]:
    """The resolved field annotations of an event class."""
    return typing.get_type_hints(cls)
