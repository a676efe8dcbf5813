"""What a replaying device answers: the recorded exchanges of one device, matched by bytes.

An exchange is what the driver sent (consecutive SENT records joined) and what
came back before it sent again: RECEIVED chunks with their delay after the
sending, or a transport ERROR. A replaying device collects the driver's bytes
and answers the exchange they match: the next one in recorded order, else a
later one (steps the driver skips this time, such as a status poll made on a
timer), else the last answer to the same bytes (a poll it makes once more).
Anything else is a divergence: counted, and answered with silence.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from devices.recording.file import Direction, Record


@dataclass(frozen=True)
class Exchange:
    """Bytes the driver sent and the device's answer to them."""

    sent: bytes
    answer: tuple[tuple[float, bytes], ...] = ()  # (seconds after the sending, bytes)
    error: str = ""  # the transport failed instead (citizen card: "removed", "mute" …)


def exchanges(records: Iterable[Record]) -> list[Exchange]:
    """Group one device's SENT / RECEIVED / ERROR records into exchanges."""
    result: list[Exchange] = []
    sent = b""
    sent_at = 0.0
    answer: list[tuple[float, bytes]] = []
    error = ""
    started = False

    def flush() -> None:
        if started:
            result.append(Exchange(sent, tuple(answer), error))

    for record in records:
        if record.direction is Direction.SENT:
            if answer or error or not started:
                flush()
                sent, answer, error, started = b"", [], "", True
                sent_at = record.t
            sent += record.data
        elif record.direction is Direction.RECEIVED and started:
            answer.append((max(0.0, record.t - sent_at), record.data))
        elif record.direction is Direction.ERROR and started:
            error = record.note
    flush()
    return result


def _heads(buffer: bytes, recorded: bytes) -> bool:
    """Whether a recorded sending is the start of ``buffer``."""
    return bool(recorded) and buffer.startswith(recorded)


@dataclass
class ExchangeScript:
    """Answers a driver from recorded exchanges (thread-safe)."""

    recorded: list[Exchange]
    divergences: list[bytes] = field(default_factory=list)
    _next: int = 0
    _buffer: bytes = b""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _find(self, fits: Callable[[bytes], bool]) -> Exchange | None:
        # Caller holds the lock. In order first, then a repeat of an earlier exchange.
        for index in range(self._next, len(self.recorded)):
            if fits(self.recorded[index].sent):
                self._next = index + 1
                return self.recorded[index]
        for index in range(min(self._next, len(self.recorded)) - 1, -1, -1):
            if fits(self.recorded[index].sent):
                return self.recorded[index]
        return None

    def answer(self, sent: bytes) -> Exchange | None:
        """The exchange whose bytes are exactly ``sent`` (one APDU), or ``None`` (counted)."""
        with self._lock:
            found = self._find(lambda recorded: recorded == sent)
            if found is None:
                self.divergences.append(sent)
            return found

    def feed(self, data: bytes) -> list[Exchange]:
        """Exchanges completed by the next bytes of a stream (serial line, TCP), in order."""
        with self._lock:
            self._buffer += data
            done: list[Exchange] = []
            while self._buffer:
                buffer = self._buffer
                found = self._find(partial(_heads, buffer))
                if found is not None:
                    done.append(found)
                    self._buffer = buffer[len(found.sent):]
                    continue
                if any(len(e.sent) > len(buffer) and e.sent.startswith(buffer)
                       for e in self.recorded):
                    break  # the rest of a command is still on its way
                self.divergences.append(buffer)
                self._buffer = b""
            return done

    @property
    def used_up(self) -> bool:
        """Whether every recorded exchange has been answered (or stepped over)."""
        with self._lock:
            return self._next >= len(self.recorded)
