"""``docs/events.md``, generated from the catalogue (``kiosk events --markdown``)."""

from __future__ import annotations

import dataclasses
import enum
import types
from typing import Any, Literal, Union, get_args, get_origin

from kiosk.base.events.catalogue import CATALOGUE
from kiosk.base.events.event import Event
from kiosk.base.events.fields import hints
from kiosk.base.events.logsetup import UNCATALOGUED

HEADER = """\
# Events

Generated from `kiosk/base/events/catalogue.py` by `kiosk events --markdown`;
do not edit by hand (a test fails when this file and the catalogue differ).

Each log line is one JSON object on stderr:
`{"ts": "2026-01-05T03:04:05.123Z", "level": "info", "event": "sync.sent", "fields": {...}}`.
Field types: `ident` is an ASCII identifier (a letter first, then letters, digits and
`_.:-`, never five digits in a row), `client_id` a submission's random UUID, `version` a dotted version; there is no
free-text field, so no resident's data can be logged. `?` marks a field that may be `null`.
See `docs/observability.md` for the log level, journald and the metrics.

"""


def _type_name(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        parts = [a for a in get_args(annotation) if a is not type(None)]
        return " \\| ".join(_type_name(p) for p in parts) + "?"
    if origin is Literal:
        return " \\| ".join(f"`{v}`" for v in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " \\| ".join(f"`{m.value}`" for m in annotation)
    names = {"Ident": "ident", "ClientId": "client_id", "Version": "version", "bool": "bool",
             "int": "int", "float": "float"}
    return names.get(getattr(annotation, "__name__", ""), str(annotation))


def _fields(cls: type[Event]) -> str:
    types_ = hints(cls)
    parts = [f"`{f.name}`: {_type_name(types_[f.name])}" for f in dataclasses.fields(cls)]
    return "<br>".join(parts) if parts else "—"


def markdown() -> str:
    """The whole ``docs/events.md``."""
    groups: dict[str, list[type[Event]]] = {}
    for cls in CATALOGUE:
        groups.setdefault(cls.NAME.split(".")[0], []).append(cls)
    out = [HEADER]
    for group, classes in groups.items():
        out.append(f"## {group}\n\n| event | level | fields | meaning |\n| --- | --- | --- | --- |\n")
        for cls in classes:
            level = cls.LEVEL.label + (f" ({cls.LEVEL_NOTE})" if cls.LEVEL_NOTE else "")
            out.append(f"| `{cls.NAME}` | {level} | {_fields(cls)} | {cls.meaning()} |\n")
        out.append("\n")
    out.append(f"## Other records\n\n`{UNCATALOGUED}` (the record's level): a library's own log "
               "record, written with `logger` (ident) and `exc_type` (ident?) only; its text is "
               "never written.\n")
    return "".join(out)
