"""The recording file: a header line, then one JSON line per record, bytes in base64.

Line 1 is the header (``format``, ``version``, ``started``, ``devices``: family →
driver, ``sealed``: the sealing algorithm or null, ``meta``: what the recorder
wants to keep, e.g. the session plan). Every other line is a record::

    {"t": 0.412, "device": "idcard", "dir": "sent", "data": "qqqqlmkAAyAB", "note": ""}

or, in a sealed recording, ``{"sealed": BASE64}`` holding exactly that line sealed
with the store's sealer (AES-256-GCM or SM4-GCM, associated data
``kiosk-device-recording/1``). Lines are written and flushed one by one, so a
recording cut short by a crash is readable up to its last whole line.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from kiosk.base.clock import Clock

FORMAT = "kiosk-device-recording"
VERSION = 1
AAD = b"kiosk-device-recording/1"


class Direction(enum.StrEnum):
    """What a record holds."""

    SENT = "sent"  # bytes the driver sent to the device (a command, an APDU, a print job)
    RECEIVED = "received"  # bytes the driver read from the device
    ERROR = "error"  # the transport failed instead of answering (``note``: how)
    FRAME = "frame"  # one camera frame, PNG
    MARK = "mark"  # a step of the session and its outcome (``note``: step, ``data``: outcome)


class Sealer(Protocol):
    """The store's sealer (``offline_cache.crypto``), passed in by the caller."""

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """Encrypt and authenticate ``plaintext``."""
        ...

    def open(self, sealed: bytes, aad: bytes) -> bytes:
        """Decrypt; raises when the data or the key is wrong."""
        ...


class RecordingError(ValueError):
    """A file that is not a readable recording; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class Record:
    """One recorded event, ``t`` seconds after the recording started."""

    t: float
    device: str
    direction: Direction
    data: bytes = b""
    note: str = ""


@dataclass(frozen=True)
class RecordingHeader:
    """The first line of a recording."""

    started: str
    devices: dict[str, str]
    sealed: str | None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recording:
    """A whole recording, read back."""

    header: RecordingHeader
    records: tuple[Record, ...]

    def of(self, device: str) -> list[Record]:
        """The records of one device family, in order."""
        return [r for r in self.records if r.device == device]


def _line(record: Record) -> bytes:
    return json.dumps({"t": round(record.t, 6), "device": record.device,
                       "dir": record.direction.value,
                       "data": base64.b64encode(record.data).decode("ascii"),
                       "note": record.note}, separators=(",", ":")).encode("utf-8")


class RecordingWriter:
    """Appends records to a new recording file; safe to call from several driver threads."""

    def __init__(self, path: Path, clock: Clock, devices: Mapping[str, str], *,
                 sealer: Sealer | None = None, algorithm: str | None = None,
                 meta: Mapping[str, Any] | None = None,
                 frame_interval_s: float = 0.5) -> None:
        """``frame_interval_s``: camera frames are kept at most this often (a low rate)."""
        if sealer is not None and not algorithm:
            raise ValueError("a sealed recording names its algorithm")
        self.path = path
        self.frame_interval_s = frame_interval_s
        self._clock = clock
        self._sealer = sealer
        self._start = clock.monotonic()
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Recordings of real cards hold personal data: never readable by others.
        self._file: IO[bytes] | None = path.open("xb")
        path.chmod(0o600)
        header = {"format": FORMAT, "version": VERSION, "started": clock.now().isoformat(),
                  "devices": dict(devices), "sealed": algorithm if sealer else None,
                  "meta": dict(meta or {})}
        self._write(json.dumps(header, ensure_ascii=False).encode("utf-8"))

    @property
    def sealed(self) -> bool:
        """Whether records are sealed."""
        return self._sealer is not None

    def _write(self, line: bytes) -> None:
        assert self._file is not None
        self._file.write(line + b"\n")
        self._file.flush()

    def add(self, device: str, direction: Direction, data: bytes = b"", note: str = "") -> None:
        """Append one record stamped with the time since the start (a closed writer ignores it)."""
        record = Record(self._clock.monotonic() - self._start, device, direction, data, note)
        line = _line(record)
        if self._sealer is not None:
            sealed = self._sealer.seal(line, AAD)
            line = json.dumps({"sealed": base64.b64encode(sealed).decode("ascii")}).encode()
        with self._lock:
            if self._file is not None:
                self._write(line)

    def close(self) -> None:
        """Finish the file."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


def _header(line: bytes, path: Path) -> RecordingHeader:
    try:
        raw = json.loads(line)
    except ValueError:
        raw = None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise RecordingError(f"{path} is not a device recording (made by `kiosk devices record`)")
    if raw.get("version") != VERSION:
        raise RecordingError(f"{path} is a version {raw.get('version')} recording; this kiosk "
                             f"reads version {VERSION}: record the session again")
    devices = raw.get("devices")
    meta = raw.get("meta")
    if not isinstance(devices, dict) or not isinstance(meta, dict):
        raise RecordingError(f"{path}: the header is damaged; record the session again")
    sealed = raw.get("sealed")
    return RecordingHeader(str(raw.get("started", "")), {str(k): str(v) for k, v in
                                                         devices.items()},
                           str(sealed) if sealed else None, meta)


def _record(raw: Any, where: str) -> Record:
    try:
        return Record(float(raw["t"]), str(raw["device"]), Direction(raw["dir"]),
                      base64.b64decode(raw["data"], validate=True), str(raw.get("note", "")))
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise RecordingError(f"{where}: not a record ({exc}); the file is damaged") from exc


def read_header(path: Path) -> RecordingHeader:
    """Only the header: whether the recording is sealed, and how."""
    try:
        with path.open("rb") as file:
            first = file.readline()
    except OSError as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return _header(first, path)


def read_recording(path: Path, sealer: Sealer | None = None) -> Recording:
    """Read a recording; a sealed one needs the sealer of the data dir that made it."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not lines:
        raise RecordingError(f"{path} is empty: not a device recording")
    header = _header(lines[0], path)
    if header.sealed and sealer is None:
        raise RecordingError(f"{path} is sealed ({header.sealed}): replay it with the data dir "
                             "(store key) of the kiosk that recorded it")
    records: list[Record] = []
    for number, line in enumerate(lines[1:], start=2):
        where = f"{path}, line {number}"
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as exc:
            if number == len(lines):
                break  # the last line of a recording cut short
            raise RecordingError(f"{where}: not JSON; the file is damaged") from exc
        if header.sealed:
            assert sealer is not None
            try:
                raw = json.loads(sealer.open(base64.b64decode(raw["sealed"]), AAD))
            except Exception as exc:  # any failure to open means: wrong key or damaged
                raise RecordingError(f"{where}: cannot be opened with this data dir's store "
                                     "key (another kiosk's recording, or damaged)") from exc
        records.append(_record(raw, where))
    return Recording(header, tuple(records))
