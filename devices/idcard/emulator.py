"""A GA 467 reader on a pseudo-terminal, byte-exact, for tests, the bench and the demo.

The emulator owns the master end of a pty pair and answers frames the way a
reader does. The driver opens the slave end through a stable symlink (like a
udev ``/dev/serial/by-id`` link), which the emulator removes on ``unplug`` and
points at a fresh pty on ``replug`` — so the driver sees a port vanish and come
back exactly as with a USB reader.

A pty ignores the baud rate; the emulator does not: it paces every byte it
sends at 10 bits per byte for the baud it is running at, and if the driver's
side of the line is set to another speed (the slave's termios say so) it
answers with garbage, as a UART with mismatched rates would.

Card semantics follow real readers: ``find`` (20 01) reports a card only once
per visit to the field; after that it answers 80 until the card is lifted
and placed again, while ``select`` (20 02) still reaches a card lying there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import os
import select
import tempfile
import termios
import threading
import tty
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from devices.idcard.frames import (
    BAUD_CODES,
    BITS_PER_BYTE,
    DEFAULT_BAUD,
    Frame,
    FrameDecoder,
    FrameError,
    encode_read_data,
    encode_response,
)
from devices.idcard.protocol import CardKind, IdCardData
from devices.idcard.textblock import encode_text_block
from devices.simulation import ID_CARD_FAULTS, FaultSwitches, SampleCards
from kiosk.base.clock import Clock
from kiosk.base.idnumber import check_digit

_CODE_BAUDS = {code: baud for baud, code in BAUD_CODES.items()}


class Fault(enum.Enum):
    """Faults the emulator can inject into its next answers (the dev dock's kinds)."""

    CORRUPT_CHECKSUM = "checksum"  # next read answer has a wrong CHK byte
    TRUNCATED = "truncated"  # next read answer stops half-way
    SW41 = "sw41"  # next read answers SW 41 (read failed)
    SLOW = "slow"  # every answer is delayed by ``slow_s`` until cleared
    MUTE = "mute"  # the reader answers nothing at all until cleared
    INVALID_NUMBER = "invalid_number"  # next read carries a number failing its check digit
    CARD_NOT_REMOVED = "card_not_removed"  # lifting the card does nothing until cleared


# Faults that stay on until cleared; the others bite once unless told how often.
_STANDING = frozenset({Fault.SLOW, Fault.MUTE, Fault.CARD_NOT_REMOVED})


def _broken_number(number: str) -> str:
    """``number`` with its last character changed, so the check digit no longer fits."""
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def _fictional_number(prefix: str, birth: dt.date, seq: str) -> str:
    body = f"{prefix}{birth:%Y%m%d}{seq}"
    return body + check_digit(body)


def _sample_photo(tag: str) -> bytes:
    out = b""
    counter = 0
    while len(out) < 1024:
        out += hashlib.sha256(f"wlt:sample:{tag}:{counter}".encode()).digest()
        counter += 1
    return out[:1024]


def sample_card(code: str, samples: SampleCards | None = None) -> IdCardData:
    """A fictional card: ``J``, ``I`` or ``Y``, else ``R0001``… from ``samples``.

    The J/I/Y holders are invented; their numbers use sequence code 999 so
    they read as specimens, and carry valid check characters so the real
    validation runs on them. ``KeyError`` for an unknown code.
    """
    if code == "J":
        birth = dt.date(1990, 4, 1)
        return IdCardData(
            kind=CardKind.HMT_PERMIT, name="港澳示例", sex="2", birth_date=birth,
            id_number=_fictional_number("810000", birth, "999"),
            valid_from=dt.date(2024, 1, 10), valid_to=dt.date(2029, 1, 10),
            address="浙江省示范市和睦区和睦路1号示例楼101室",
            issuing_authority="示范市公安局和睦分局", pass_number="H99999999",
            issue_count="01", photo_wlt=_sample_photo("J"),
        )
    if code == "I":
        return IdCardData(
            kind=CardKind.FOREIGN_2017, name="示例亚历", sex="1",
            birth_date=dt.date(1985, 3, 15), id_number="USA330585031599",
            valid_from=dt.date(2020, 6, 1), valid_to=dt.date(2030, 6, 1),
            name_en="SAMPLE, ALEX", nationality="USA", card_version="01",
            issuing_office="3305", photo_wlt=_sample_photo("I"),
        )
    if code == "Y":
        birth = dt.date(1992, 7, 16)
        return IdCardData(
            kind=CardKind.FOREIGN_2023, name="示例卡琳", sex="2", birth_date=birth,
            id_number=_fictional_number("933124", birth, "999"),
            valid_from=dt.date(2024, 3, 1), valid_to=dt.date(2034, 3, 1),
            # Longer than 35 characters, so it exercises the continuation at byte 220.
            name_en="SAMPLEWORTH-EXAMPLE, KATHARINA ALEXANDRA MARIE",
            nationality="CAN", issue_count="00", photo_wlt=_sample_photo("Y"),
        )
    if samples is None:
        raise KeyError(code)
    return samples.id_card(code)


@dataclass
class _Pad:
    card: IdCardData | None = None
    announced: bool = False  # find already reported this visit to the field
    text: bytes = b""


@dataclass
class EmulatorStats:
    """What the emulator saw (for tests and the bench)."""

    commands: Counter[str] = field(default_factory=Counter)
    checksum_errors: int = 0
    bytes_sent: int = 0
    find_times: list[float] = field(default_factory=list)  # clock readings of each 20 01


class Ga467Emulator:
    """A GA 467 reader answering on a pty; start it, then open ``port`` with the driver."""

    def __init__(
        self,
        clock: Clock,
        *,
        baud: int = DEFAULT_BAUD,
        card_read_s: float = 0.0,
        slow_s: float = 5.0,
        link: Path | None = None,
    ) -> None:
        if baud not in BAUD_CODES:
            raise ValueError(f"baud {baud} is not one of {sorted(BAUD_CODES)}")
        self._clock = clock
        self._default_baud = baud
        self.baud = baud
        self.card_read_s = card_read_s
        self.slow_s = slow_s
        self._own_dir: tempfile.TemporaryDirectory[str] | None = None
        if link is None:
            self._own_dir = tempfile.TemporaryDirectory(prefix="ga467-")
            link = Path(self._own_dir.name) / "ttyGA467"
        self.link = link
        self._lock = threading.Lock()
        self._pad = _Pad()
        self.faults = FaultSwitches("idcard", ID_CARD_FAULTS)
        self._master: int | None = None
        self._slave: int | None = None
        self._wake_r, self._wake_w = os.pipe()
        self._stop = threading.Event()
        self._unplug_request = threading.Event()
        self._unplug_done = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None
        self.stats = EmulatorStats()

    # -- lifecycle ----------------------------------------------------------

    @property
    def port(self) -> str:
        """The path the driver opens (a symlink to the current pty slave)."""
        return str(self.link)

    def start(self) -> Ga467Emulator:
        """Create the pty and start answering."""
        self._plug()
        self._thread = threading.Thread(target=self._serve, name="ga467-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering, close the pty and remove the link."""
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._unplug_fds()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self._own_dir is not None:
            self._own_dir.cleanup()

    def _plug(self) -> None:
        master, slave = os.openpty()
        # Raw from the start so nothing is echoed or translated before the driver configures it.
        tty.setraw(slave)
        with self._lock:
            self._master, self._slave = master, slave
            self.baud = self._default_baud
        tmp = self.link.with_name(self.link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(os.ttyname(slave))
        os.replace(tmp, self.link)

    def _unplug_fds(self) -> None:
        with self._lock:
            fds = [fd for fd in (self._master, self._slave) if fd is not None]
            self._master = self._slave = None
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    def unplug(self) -> None:
        """Pull the USB cable: the port disappears and open handles fail."""
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        if self._thread is None or not self._thread.is_alive():
            self._unplug_fds()
            return
        # Only the serving thread closes the fds it may be selecting on.
        self._unplug_done.clear()
        self._unplug_request.set()
        os.write(self._wake_w, b"x")
        self._unplug_done.wait(timeout=10)

    def replug(self) -> None:
        """Plug the reader back in (a new pty behind the same link, default baud)."""
        if self._master is None:
            self._plug()
            os.write(self._wake_w, b"x")

    def set_unplugged(self, unplugged: bool) -> None:
        """``unplug()`` or ``replug()`` (the ``SimulationControls.unplug`` signature)."""
        if unplugged:
            self.unplug()
        else:
            self.replug()

    # -- the card and faults -----------------------------------------------

    def place(self, card: IdCardData | None, previous_link: str = "") -> None:
        """Put a card in the field (``None`` lifts it); the text block is encoded now."""
        if card is None and self.faults.is_on(Fault.CARD_NOT_REMOVED.value):
            return  # the resident walked off and left the card on the pad
        text = encode_text_block(card, previous_link) if card is not None else b""
        with self._lock:
            self._pad = _Pad(card, False, text)

    def lift(self) -> None:
        """Take the card out of the field."""
        self.place(None)

    def inject(self, fault: Fault, times: int = 1) -> None:
        """Make the next ``times`` matching answers faulty (standing faults until cleared)."""
        self.faults.set(fault.value, None if fault in _STANDING else times)

    def clear_faults(self) -> None:
        """Behave again."""
        self.faults.clear()

    # -- serving ------------------------------------------------------------

    def _serve(self) -> None:
        decoder = FrameDecoder(min_payload=2)
        current: int | None = None
        while not self._stop.is_set():
            if self._unplug_request.is_set():
                self._unplug_fds()
                self._unplug_request.clear()
                self._unplug_done.set()
            master = self._master
            if master != current:
                decoder.reset()
                current = master
            watch = [self._wake_r] + ([master] if master is not None else [])
            ready, _, _ = select.select(watch, [], [])
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
                continue
            if master is None:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                # Nobody holds the slave open right now; wait for the next event.
                data = b""
            if not data:
                continue
            self._idle.clear()
            for item in decoder.feed(data):
                if isinstance(item, FrameError):
                    self.stats.checksum_errors += 1
                    self._send(master, encode_response(0x10 if item.kind == "checksum" else 0x11))
                else:
                    self._answer(master, item)
            self._idle.set()

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Wait until every command sent so far has been answered (``False`` on timeout)."""
        deadline = self._clock.monotonic() + timeout_s
        while self._clock.monotonic() < deadline:
            remaining = deadline - self._clock.monotonic()
            if not self._idle.wait(max(0.0, remaining)):
                return False
            master = self._master
            pending = False
            if master is not None:
                with contextlib.suppress(OSError, ValueError):
                    pending = bool(select.select([master], [], [], 0)[0])
            if not pending:
                return True
            # Bytes wait in the pty: give the serving thread a moment to pick them up.
            self._stop.wait(0.01)
        return False

    def _answer(self, master: int, frame: Frame) -> None:
        cmd, para = frame.payload[0], frame.payload[1]
        # The pty delivered the command at once; a real line needs its bytes' time first.
        self._clock.sleep((len(frame.payload) + 8) * BITS_PER_BYTE / self.baud)
        self.stats.commands[f"{cmd:02X}{para:02X}"] += 1
        if (cmd, para) == (0x20, 0x01):
            self.stats.find_times.append(self._clock.monotonic())
        with self._lock:
            pad = self._pad
        if self.faults.is_on(Fault.MUTE.value):
            return  # a mute reader: the command is swallowed, nothing comes back
        if self.faults.is_on(Fault.SLOW.value):
            self._clock.sleep(self.slow_s)
        new_baud: int | None = None
        if (cmd, para) in ((0x10, 0xFF), (0x11, 0xFF)):
            reply = encode_response(0x90)
        elif (cmd, para) == (0x20, 0x01):
            if pad.card is not None and not pad.announced:
                pad.announced = True
                reply = encode_response(0x9F, bytes(4))
            else:
                reply = encode_response(0x80)
        elif (cmd, para) == (0x20, 0x02):
            reply = encode_response(0x90, bytes(8)) if pad.card else encode_response(0x81)
        elif cmd == 0x30 and para in (0x01, 0x10):
            reply = self._read(pad, fingerprint=para == 0x10)
        elif cmd == 0x60 and para in _CODE_BAUDS:
            reply = encode_response(0x90)
            new_baud = _CODE_BAUDS[para]
        else:
            reply = encode_response(0x24 if cmd not in (0x10, 0x11, 0x20, 0x30, 0x60) else 0x21)
        if cmd == 0x30:
            reply = self._damage(reply)
        self._send(master, reply)
        if new_baud is not None:
            self.baud = new_baud

    def _read(self, pad: _Pad, fingerprint: bool) -> bytes:
        if pad.card is None:
            return encode_response(0x41)
        # Reading leaves the card announced: find will not report it again until re-placed.
        pad.announced = True
        if self.card_read_s:
            self._clock.sleep(self.card_read_s)
        if self.faults.take(Fault.SW41.value):
            return encode_response(0x41)
        text = pad.text
        if self.faults.take(Fault.INVALID_NUMBER.value):
            broken = dataclasses.replace(pad.card, id_number=_broken_number(pad.card.id_number))
            text = encode_text_block(broken)
        fp = (pad.card.fingerprint or b"") if fingerprint else None
        return encode_response(0x90, encode_read_data(text, pad.card.photo_wlt, fp))

    def _damage(self, reply: bytes) -> bytes:
        if self.faults.take(Fault.CORRUPT_CHECKSUM.value):
            return reply[:-1] + bytes([reply[-1] ^ 0xFF])
        if self.faults.take(Fault.TRUNCATED.value):
            return reply[: len(reply) // 2]
        return reply

    def _line_matches(self) -> bool:
        slave = self._slave
        if slave is None:
            return True
        try:
            speed = termios.tcgetattr(slave)[5]
        except termios.error:
            return True
        return bool(speed == getattr(termios, f"B{self.baud}"))

    def _send(self, master: int, reply: bytes) -> None:
        if not self._line_matches():
            # Mismatched UART rates turn every byte into framing-error garbage.
            reply = hashlib.sha256(reply).digest() * (len(reply) // 32 + 1)
            reply = reply[: max(1, len(reply) // 3)]
        per_byte = BITS_PER_BYTE / self.baud
        chunk = max(1, int(0.002 / per_byte))  # ~2 ms of line time per write
        start = self._clock.monotonic()
        sent = 0
        while sent < len(reply):
            part = reply[sent : sent + chunk]
            # A byte is received only once its stop bit is on the wire: hand the chunk
            # over when its last byte would have arrived on a real line.
            wait = start + (sent + len(part)) * per_byte - self._clock.monotonic()
            if wait > 0:
                self._clock.sleep(wait)
            try:
                os.write(master, part)
            except OSError:
                return  # unplugged mid-answer
            sent += len(part)
            self.stats.bytes_sent += len(part)
