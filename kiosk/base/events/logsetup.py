"""JSON lines on stderr: one object per line with ``ts``, ``level``, ``event`` and ``fields``.

Under systemd, stderr goes to the journal (the unit's ``SyslogIdentifier=kiosk``
names it); there each line starts with the ``<N>`` priority prefix journald reads,
so ``journalctl -p warning`` works, and ``journalctl -t kiosk -o cat`` shows the
bare JSON. Records that do not come from the event catalogue (a library's own
logging) are written as ``log.uncatalogued`` with the logger's name and the
exception type only: their text could carry anything, so it is never written.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from typing import Any

from kiosk.base.events.event import EVENT_ATTR, FIELDS_ATTR, Level
from kiosk.base.events.fields import Ident

LEVELS = ("debug", "info", "warning", "error", "critical")
LEVEL_ENV = "KIOSK_LOG_LEVEL"
DEFAULT_LEVEL = "info"
UNCATALOGUED = "log.uncatalogued"
# sd-daemon(3) priorities, read by journald from the start of each line.
_SYSLOG_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3,
                    logging.CRITICAL: 2}


def line_for(record: logging.LogRecord) -> dict[str, Any]:
    """The JSON object of one log record."""
    ts = dt.datetime.fromtimestamp(record.created, dt.UTC)
    level = _level_label(record.levelno)
    fields = getattr(record, FIELDS_ATTR, None)
    if getattr(record, EVENT_ATTR, None) is not None and isinstance(fields, dict):
        return {"ts": _iso(ts), "level": level, "event": record.getMessage(), "fields": fields}
    exc_type = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else None
    return {"ts": _iso(ts), "level": level, "event": UNCATALOGUED,
            "fields": {"logger": Ident.of(record.name),
                       "exc_type": None if exc_type is None else Ident.of(exc_type)}}


def _iso(ts: dt.datetime) -> str:
    return ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def _level_label(levelno: int) -> str:
    for level in reversed(Level):
        if levelno >= level:
            return level.label
    return Level.DEBUG.label


def _journal_stream() -> bool:
    """Whether stderr is connected to the journal (systemd sets ``JOURNAL_STREAM``)."""
    stream = os.environ.get("JOURNAL_STREAM", "")
    if ":" not in stream:
        return False
    try:
        st = os.fstat(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return stream == f"{st.st_dev}:{st.st_ino}"


class JsonLineHandler(logging.Handler):
    """Writes each record as one JSON line to the current ``sys.stderr``."""

    def __init__(self) -> None:
        super().__init__()
        self.journal = _journal_stream()

    def emit(self, record: logging.LogRecord) -> None:
        """Write one line; a failed write is handled by ``logging`` as usual."""
        try:
            text = json.dumps(line_for(record), ensure_ascii=False, separators=(",", ":"))
            if self.journal:
                text = f"<{_SYSLOG_PRIORITY.get(record.levelno, 6)}>{text}"
            stream = sys.stderr
            stream.write(text + "\n")
            stream.flush()
        except Exception:
            self.handleError(record)


def resolve_level(cli: str | None, configured: str | None = None) -> str:
    """``--log-level``, else ``$KIOSK_LOG_LEVEL``, else the config's ``[logging] level``, else info.

    ``ValueError`` names the bad value and the choices.
    """
    for source, value in (("--log-level", cli), (LEVEL_ENV, os.environ.get(LEVEL_ENV)),
                          ("logging.level", configured)):
        if value:
            if value.lower() not in LEVELS:
                raise ValueError(f"{source} = {value!r} is not a log level. Fix: use one of "
                                 f"{', '.join(LEVELS)}")
            return value.lower()
    return DEFAULT_LEVEL


def configure(level: str) -> None:
    """Send every log record to stderr as JSON lines at ``level`` (replaces an earlier set-up)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, JsonLineHandler):
            root.removeHandler(handler)
    root.addHandler(JsonLineHandler())
    root.setLevel(getattr(logging, level.upper()))
