"""The simulated printer's ESC/POS interpreter: bytes in, jobs and ``DLE EOT`` answers out.

``EscposInterpreter`` takes bytes as a printer receives them (in any chunking),
answers ``DLE EOT n`` from a settable ``PrinterStatus``, understands the
commands our receipts use (text with ``FS &``/``FS .`` GB18030, ``ESC a``,
``ESC E``, ``GS !``, ``GS v 0`` raster, ``GS ( k`` QR, cuts) and skips every
other command by its length, so arbitrary bytes never crash or stall it.
Each cut closes a ``SimJob``.
"""

from __future__ import annotations

from collections.abc import Callable

from devices.printer.encoding import PRINT_DOTS
from devices.printer.glyphs import CELL_DOTS, FontCoverage, covered
from devices.printer.protocol import PrinterStatus
from devices.printer.simulator.job import (
    LINE_PITCH,
    Cell,
    Element,
    Feed,
    QrBlock,
    RasterBlock,
    SimJob,
    TextLine,
)

MAX_RASTER_DOTS = 4096  # wider or taller images are consumed but not kept
MAX_JOB_ELEMENTS = 4000  # beyond this a job's further content is consumed but not kept
_NUL_SCAN_LIMIT = 256
_QR_EC_LEVELS = range(48, 52)  # GS ( k error correction: 48 L, 49 M (default), 50 Q, 51 H

# Bit patterns of the DLE EOT replies (fixed bits 1 and 4 set, 0 and 7 clear).
_FIXED = 0x12
_OFFLINE = 0x08
_COVER_OPEN = 0x04
_PAPER_END_STOP = 0x20
_ERROR_OCCURRED = 0x40
_UNRECOVERABLE = 0x20
_NEAR_END = 0x0C
_PAPER_END = 0x60


def status_reply(state: PrinterStatus, n: int) -> int | None:
    """The byte a printer in ``state`` sends for ``DLE EOT n`` (``None``: it stays silent)."""
    if state is PrinterStatus.DISCONNECTED or n not in (1, 2, 3, 4):
        return None
    offline = state in (PrinterStatus.PAPER_END, PrinterStatus.COVER_OPEN, PrinterStatus.ERROR)
    if n == 1:
        return _FIXED | (_OFFLINE if offline else 0)
    if n == 2:
        return _FIXED | (_COVER_OPEN if state is PrinterStatus.COVER_OPEN else 0) | (
            _PAPER_END_STOP if state is PrinterStatus.PAPER_END else 0) | (
            _ERROR_OCCURRED if state is PrinterStatus.ERROR else 0)
    if n == 3:
        return _FIXED | (_UNRECOVERABLE if state is PrinterStatus.ERROR else 0)
    near = state in (PrinterStatus.PAPER_NEAR_END, PrinterStatus.PAPER_END)
    return _FIXED | (_NEAR_END if near else 0) | (
        _PAPER_END if state is PrinterStatus.PAPER_END else 0)


class EscposInterpreter:
    """A streaming ESC/POS interpreter; ``feed`` returns the bytes the printer sends back."""

    def __init__(self, width_mm: int = 80, font_coverage: FontCoverage = "gb18030") -> None:
        self.width_mm = width_mm if width_mm in PRINT_DOTS else 80
        self.font_coverage: FontCoverage = font_coverage
        self.state = PrinterStatus.READY
        self.jobs: list[SimJob] = []
        self.on_job: Callable[[SimJob], None] | None = None
        self._fail_after: tuple[int, PrinterStatus] | None = None
        self._pending = b""
        self._skip = 0
        self._collect: bytearray | None = None
        self._collect_done: Callable[[bytes], None] | None = None
        self._reset_modes()
        self._new_job()

    # -- state ---------------------------------------------------------------

    def _reset_modes(self) -> None:
        self.align = 0
        self.bold = False
        self.scale_w = 1
        self.scale_h = 1
        self.chinese = False
        self.qr_module = 3
        self.qr_ec = 49
        self.qr_data = b""

    def _new_job(self) -> None:
        self._job_bytes = bytearray()
        self._elements: list[Element] = []
        self._missing: list[str] = []
        self._line: list[Cell] = []
        self._spoiled = False

    @property
    def columns(self) -> int:
        """Half-width columns on the paper."""
        return PRINT_DOTS[self.width_mm] // CELL_DOTS

    def fail_after(self, byte_count: int, state: PrinterStatus) -> None:
        """Switch to ``state`` once ``byte_count`` more bytes of a job have arrived."""
        self._fail_after = (len(self._job_bytes) + byte_count, state)

    # -- input -----------------------------------------------------------------

    def feed(self, data: bytes) -> bytes:
        """Process received bytes; return the replies (``DLE EOT`` answers)."""
        replies = bytearray()
        buf = self._pending + data
        self._pending = b""
        i = 0
        while i < len(buf):
            if self._skip:
                take = min(self._skip, len(buf) - i)
                chunk = buf[i : i + take]
                self._record(chunk)
                if self._collect is not None:
                    self._collect += chunk
                self._skip -= take
                i += take
                if not self._skip:
                    self._finish_payload()
                continue
            used = self._step(buf, i, replies)
            if used == 0:
                self._pending = buf[i:]
                break
            i += used
        return bytes(replies)

    def _record(self, chunk: bytes) -> None:
        self._job_bytes += chunk
        if self._fail_after is not None and len(self._job_bytes) >= self._fail_after[0]:
            self.state = self._fail_after[1]
            self._fail_after = None
        if not self.state.can_print:
            self._spoiled = True

    def _payload(self, length: int, keep: bool, done: Callable[[bytes], None] | None) -> None:
        self._collect = bytearray() if keep else None
        self._collect_done = done if keep else None
        self._skip = length
        if length == 0:
            self._finish_payload()

    def _finish_payload(self) -> None:
        collected, done = self._collect, self._collect_done
        self._collect = self._collect_done = None
        if collected is not None and done is not None:
            done(bytes(collected))

    def _step(self, buf: bytes, i: int, replies: bytearray) -> int:
        """Handle one command or character at ``buf[i]``; 0 means it is incomplete."""
        b = buf[i]
        avail = len(buf) - i
        if b == 0x10:  # DLE: real-time commands, never part of the job
            if avail < 2:
                return 0
            sub = buf[i + 1]
            if sub in (0x04, 0x05):
                if avail < 3:
                    return 0
                if sub == 0x04:
                    reply = status_reply(self.state, buf[i + 2])
                    if reply is not None:
                        replies.append(reply)
                return 3
            if sub == 0x14:
                if avail < 3:
                    return 0
                size = 10 if buf[i + 2] == 8 else 5
                return size if avail >= size else 0
            self._record(buf[i : i + 1])
            return 1
        if b in (0x1B, 0x1D, 0x1C):
            return self._command(buf, i, avail)
        if b >= 0x80 and self.chinese:
            return self._chinese_char(buf, i, avail)
        self._record(buf[i : i + 1])
        if b == 0x0A:
            self._print_line(force=True)
            return 1
        if b == 0x09:
            used = sum(c.columns * c.scale_w for c in self._line)
            for _ in range(8 - used % 8):
                self._add_char(" ", 1)
            return 1
        if b < 0x20 or b == 0x7F:
            return 1
        if b < 0x80:
            self._add_char(chr(b), 1)
            return 1
        self._add_char(bytes([b]).decode("cp437"), 1)
        return 1

    def _chinese_char(self, buf: bytes, i: int, avail: int) -> int:
        b = buf[i]
        if b in (0x80, 0xFF):
            self._record(buf[i : i + 1])
            self._add_char("\ufffd", 2, missing=True)
            return 1
        if avail < 2:
            return 0
        b2 = buf[i + 1]
        if 0x30 <= b2 <= 0x39:
            if avail < 4:
                return 0
            raw = buf[i : i + 4]
            size = 4
        elif 0x40 <= b2 <= 0xFE and b2 != 0x7F:
            raw = buf[i : i + 2]
            size = 2
        else:
            self._record(buf[i : i + 1])
            self._add_char("\ufffd", 2, missing=True)
            return 1
        self._record(raw)
        try:
            ch = raw.decode("gb18030")
        except UnicodeDecodeError:
            ch = "\ufffd"
        if len(ch) != 1:
            ch = "\ufffd"
        self._add_char(ch, 2, missing=not covered(ch, self.font_coverage))
        return size

    def _command(self, buf: bytes, i: int, avail: int) -> int:
        if avail < 2:
            return 0
        prefix, cmd = buf[i], buf[i + 1]
        size = self._command_size(buf, i, avail)
        if size == 0:
            return 0
        if size < 0:  # a command followed by a payload: header length is -size
            return -size
        self._record(buf[i : i + size])
        args = buf[i + 2 : i + size]
        if prefix == 0x1B:
            self._esc(cmd, args)
        elif prefix == 0x1D:
            self._gs(cmd, args)
        else:
            self._fs(cmd, args)
        return size

    def _command_size(self, buf: bytes, i: int, avail: int) -> int:
        """Bytes of a fixed command; negative after setting up a payload; 0 if incomplete."""
        prefix, cmd = buf[i], buf[i + 1]

        def need(n: int) -> int:
            return n if avail >= n else 0

        if prefix == 0x1B:
            if cmd in b"@2<imF\x0c":
                return 2
            if cmd in b" !%-3=?EGJMRTUVadetruv{":
                return need(3)
            if cmd in b"$\\":
                return need(4)
            if cmd == ord("c"):
                return need(4)
            if cmd == ord("p"):
                return need(5)
            if cmd == ord("W"):
                return need(10)
            if cmd == ord("D"):
                return self._nul_terminated(buf, i + 2, avail - 2, 2)
            if cmd == ord("*"):
                if avail < 5:
                    return 0
                m, n = buf[i + 2], buf[i + 3] | buf[i + 4] << 8
                self._record(buf[i : i + 5])
                self._payload(n * (3 if m in (32, 33) else 1), False, None)
                return -5
            if cmd == ord("("):
                return self._length_prefixed(buf, i, avail, 3, None)
            return 2
        if prefix == 0x1D:
            if cmd in b"!BHITabfhrwkVv/E":
                if cmd == ord("v"):
                    return self._raster_header(buf, i, avail)
                if cmd == ord("V"):
                    if avail < 3:
                        return 0
                    return need(4) if buf[i + 2] in (65, 66, 97, 98, 103, 104) else 3
                if cmd == ord("k"):
                    if avail < 3:
                        return 0
                    m = buf[i + 2]
                    if m <= 6:
                        return self._nul_terminated(buf, i + 3, avail - 3, 3)
                    if avail < 4:
                        return 0
                    self._record(buf[i : i + 4])
                    self._payload(buf[i + 3], False, None)
                    return -4
                return need(3)
            if cmd in b"$\\LPW":
                return need(4)
            if cmd == ord("^"):
                return need(5)
            if cmd == ord("*"):
                if avail < 4:
                    return 0
                self._record(buf[i : i + 4])
                self._payload(buf[i + 2] * buf[i + 3] * 8, False, None)
                return -4
            if cmd == ord("("):
                done = self._gs_k if avail >= 3 and buf[i + 2] == ord("k") else None
                return self._length_prefixed(buf, i, avail, 3, done)
            if cmd == ord("8"):
                if avail < 7:
                    return 0
                length = int.from_bytes(buf[i + 3 : i + 7], "little")
                self._record(buf[i : i + 7])
                self._payload(length, False, None)
                return -7
            return 2
        # FS
        if cmd in b"&.?":
            return 2
        if cmd in b"!-WC":
            return need(3)
        if cmd in b"Sp":
            return need(4)
        if cmd == ord("2"):
            return need(76)
        if cmd == ord("("):
            return self._length_prefixed(buf, i, avail, 3, None)
        return 2

    def _nul_terminated(self, buf: bytes, start: int, avail: int, head: int) -> int:
        limit = min(avail, _NUL_SCAN_LIMIT)
        end = buf.find(b"\x00", start, start + limit)
        if end >= 0:
            return end - start + head + 1
        return head + limit if limit == _NUL_SCAN_LIMIT else 0

    def _length_prefixed(self, buf: bytes, i: int, avail: int, name_len: int,
                         done: Callable[[bytes], None] | None) -> int:
        """``<prefix> ( x pL pH <payload>``: header of ``name_len`` + 2 bytes."""
        head = name_len + 2
        if avail < head:
            return 0
        length = buf[i + head - 2] | buf[i + head - 1] << 8
        self._record(buf[i : i + head])
        self._payload(length, done is not None and length <= 8192, done)
        return -head

    def _raster_header(self, buf: bytes, i: int, avail: int) -> int:
        if avail < 8:
            return 0
        m = buf[i + 3]
        width_bytes = buf[i + 4] | buf[i + 5] << 8
        height = buf[i + 6] | buf[i + 7] << 8
        keep = (0 < width_bytes * 8 <= MAX_RASTER_DOTS and height <= MAX_RASTER_DOTS
                and len(self._elements) < MAX_JOB_ELEMENTS)
        self._record(buf[i : i + 8])
        self._print_line(force=False)
        align, sw, sh = self.align, 2 if m & 1 else 1, 2 if m & 2 else 1

        def done(bits: bytes) -> None:
            self._elements.append(RasterBlock(width_bytes, height, bits, align, sw, sh))

        self._payload(width_bytes * height, keep, done)
        return -8

    # -- command effects -------------------------------------------------------

    def _esc(self, cmd: int, args: bytes) -> None:
        if cmd == ord("@"):
            self._print_line(force=False)
            self._reset_modes()
        elif cmd == ord("a") and args:
            self.align = args[0] % 48 if args[0] >= 48 else min(args[0], 2)
            self.align = min(self.align, 2)
        elif cmd == ord("E") and args:
            self.bold = bool(args[0] & 1)
        elif cmd == ord("!") and args:
            self.bold = bool(args[0] & 0x08)
            self.scale_h = 2 if args[0] & 0x10 else 1
            self.scale_w = 2 if args[0] & 0x20 else 1
        elif cmd == ord("d") and args:
            self._print_line(force=False)
            self._add_element(Feed(min(args[0], 255) * LINE_PITCH))
        elif cmd == ord("J") and args:
            self._print_line(force=False)
            self._add_element(Feed(args[0]))
        elif cmd in (ord("i"), ord("m")):
            self._cut()

    def _gs(self, cmd: int, args: bytes) -> None:
        if cmd == ord("!") and args:
            self.scale_w = min((args[0] >> 4) & 7, 7) + 1
            self.scale_h = min(args[0] & 7, 7) + 1
        elif cmd == ord("V"):
            self._cut()

    def _fs(self, cmd: int, args: bytes) -> None:
        if cmd == ord("&"):
            self.chinese = True
        elif cmd == ord("."):
            self.chinese = False

    def _gs_k(self, payload: bytes) -> None:
        """``GS ( k`` functions for QR (cn = 49)."""
        if len(payload) < 2 or payload[0] != 49:
            return
        fn, params = payload[1], payload[2:]
        if fn == 67 and params:
            self.qr_module = max(1, min(params[0], 16))
        elif fn == 69 and params:
            self.qr_ec = params[0] if params[0] in _QR_EC_LEVELS else 49
        elif fn == 80 and params:
            self.qr_data = params[1:]
        elif fn == 81 and self.qr_data:
            self._print_line(force=False)
            self._add_element(QrBlock(self.qr_data, self.qr_module, self.qr_ec, self.align))

    # -- lines and jobs -----------------------------------------------------------

    def _add_char(self, ch: str, columns: int, missing: bool = False) -> None:
        width = columns * self.scale_w
        used = sum(c.columns * c.scale_w for c in self._line)
        if used + width > self.columns and self._line:
            self._print_line(force=True)  # the printer wraps a line that does not fit
        if missing:
            self._missing.append(ch)
        self._line.append(Cell(ch, columns, self.bold, self.scale_w, self.scale_h, missing))

    def _print_line(self, force: bool) -> None:
        if self._line or force:
            self._add_element(TextLine(self._line, self.align))
            self._line = []

    def _add_element(self, element: Element) -> None:
        if len(self._elements) < MAX_JOB_ELEMENTS:
            self._elements.append(element)

    def _cut(self) -> None:
        self._print_line(force=False)
        self._close_job(cut=True)

    def _close_job(self, cut: bool) -> None:
        job = SimJob(bytes(self._job_bytes), self._elements, self._missing, cut,
                     printed=not self._spoiled)
        self._new_job()
        self.jobs.append(job)
        if self.on_job is not None:
            self.on_job(job)

    def flush(self) -> SimJob | None:
        """Close a job that ended without a cut (e.g. at the end of a file)."""
        self._print_line(force=False)
        if not self._job_bytes:
            return None
        self._close_job(cut=False)
        return self.jobs[-1]
