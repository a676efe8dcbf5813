"""The event base class, and ``emit``: the one way the kiosk writes a log line.

An event is a frozen dataclass with a name, a level and typed fields
(``kiosk.base.events.fields``); its docstring's first line is its meaning, which
``docs/events.md`` lists. ``emit`` checks every field, hands the event to the
subscribers (the metrics), then writes it through ``logging`` when its level is
enabled; ``kiosk.base.events.logsetup`` turns it into one JSON line.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from kiosk.base.events.fields import FieldValue, Ident, allowed, encode, hints

LOGGER_NAME = "kiosk.events"
EVENT_ATTR = "kiosk_event"
FIELDS_ATTR = "kiosk_fields"
# Set (to 1) in the tests: a field that fails its check raises instead of being written as null.
STRICT_ENV = "KIOSK_EVENTS_STRICT"

_logger = logging.getLogger(LOGGER_NAME)


class Level(enum.IntEnum):
    """Log levels, the same numbers as ``logging``'s."""

    DEBUG = logging.DEBUG
    INFO = logging.INFO
    WARNING = logging.WARNING
    ERROR = logging.ERROR
    CRITICAL = logging.CRITICAL

    @property
    def label(self) -> str:
        """The lower-case name written in the JSON line."""
        return self.name.lower()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every catalogued event (``kiosk.base.events.catalogue``)."""

    NAME: ClassVar[str]
    LEVEL: ClassVar[Level]
    # Set when the level depends on the values (e.g. a device that became absent warns).
    LEVEL_NOTE: ClassVar[str] = ""

    def level(self) -> Level:
        """The level this occurrence is written at (the class's, unless it depends on values)."""
        return self.LEVEL

    @classmethod
    def meaning(cls) -> str:
        """The docstring's first line (with Markdown's single backticks)."""
        return (cls.__doc__ or "").strip().splitlines()[0].replace("``", "`")

    @classmethod
    def field_specs(cls) -> dict[str, tuple[tuple[Any, ...], bool]]:
        """Each field's allowed kinds and whether it may be ``None`` (cached per class)."""
        cached: dict[str, tuple[tuple[Any, ...], bool]] | None = cls.__dict__.get("_specs")
        if cached is None:
            types_ = hints(cls)
            cached = {f.name: allowed(types_[f.name]) for f in dataclasses.fields(cls)}
            cls._specs = cached  # type: ignore[attr-defined]
        return cached

    def encoded(self) -> tuple[dict[str, FieldValue], list[str]]:
        """The fields as JSON values, and the names of fields refused (written as ``null``)."""
        out: dict[str, FieldValue] = {}
        refused: list[str] = []
        for name, (kinds, optional) in self.field_specs().items():
            try:
                out[name] = encode(getattr(self, name), kinds, optional)
            except ValueError as exc:
                if os.environ.get(STRICT_ENV) == "1":
                    raise ValueError(f"event {self.NAME}: field {name} {exc}") from None
                out[name] = None
                refused.append(name)
        return out, refused


Listener = Callable[[Event], None]
_listeners: list[Listener] = []
_listeners_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` with every event from now on; returns the function that stops it."""
    with _listeners_lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _listeners_lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


@contextmanager
def collected() -> Iterator[list[Event]]:
    """Every event emitted inside the ``with`` block (tests and benches)."""
    seen: list[Event] = []
    stop = subscribe(seen.append)
    try:
        yield seen
    finally:
        stop()


def emit(event: Event) -> None:
    """Hand ``event`` to the subscribers, then log it if its level is enabled; never raises
    (except for a refused field in strict mode, which is a bug in the caller)."""
    fields, refused = event.encoded()
    with _listeners_lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(event)
        except Exception as exc:
            # A metrics bug must not stop a resident's journey; say which, never the message.
            from kiosk.base.events.catalogue import ListenerFailed

            if not isinstance(event, ListenerFailed):
                emit(ListenerFailed(listener=Ident.of(getattr(listener, "__qualname__", "?")),
                                    exc_type=Ident.of(type(exc).__name__)))
    level = event.level()
    if _logger.isEnabledFor(level):
        if refused:
            fields["refused"] = ",".join(refused)
        _logger.log(level, event.NAME, extra={EVENT_ATTR: event, FIELDS_ATTR: fields})
