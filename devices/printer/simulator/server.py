"""The simulated printer on the network: its interpreter behind a TCP port on 127.0.0.1.

The real driver talks to it through python-escpos's ``Network`` transport, so
status queries really travel over the socket and the simulator answers them;
each printed job can be saved as a PNG of its paper.
"""

from __future__ import annotations

import contextlib
import queue
import selectors
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from devices.printer.glyphs import FontCoverage
from devices.printer.protocol import PrinterStatus
from devices.printer.simulator.interpreter import EscposInterpreter
from devices.printer.simulator.job import SimJob
from devices.printer.simulator.render import render_job
from kiosk.base.clock import Clock
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import DeviceDriverProblem


class SimulatedPrinter:
    """The interpreter behind a TCP port on 127.0.0.1, as a network printer would be."""

    def __init__(self, clock: Clock, *, width_mm: int = 80,
                 font_coverage: FontCoverage = "gb18030", save_dir: Path | None = None,
                 port: int = 0, answer: Callable[[bytes], bytes] | None = None) -> None:
        """``answer``, when given, replaces the interpreter's replies (a replayed recording)."""
        self._clock = clock
        self._answer = answer
        self.width_mm = width_mm
        self.save_dir = save_dir
        self.interpreter = EscposInterpreter(width_mm, font_coverage)
        self.interpreter.on_job = self._job_done
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._listener: socket.socket | None = None
        self._clients: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._port = port
        self._unplugged = False
        self._requests: queue.SimpleQueue[tuple[Callable[[], None], threading.Event]] = (
            queue.SimpleQueue())
        self._wake_r, self._wake_w = socket.socketpair()
        self._selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._seq = 0

    @property
    def address(self) -> tuple[str, int]:
        """Host and port the driver connects to."""
        return "127.0.0.1", self._port

    def start(self) -> SimulatedPrinter:
        """Listen and serve from a background thread."""
        self._listen()
        self._thread = threading.Thread(target=self._serve, name="escpos-sim", daemon=True)
        self._thread.start()
        return self

    def _listen(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self._port))
        sock.listen(4)
        sock.setblocking(False)
        self._port = sock.getsockname()[1]
        self._listener = sock
        self._selector.register(sock, selectors.EVENT_READ, "listen")

    def _serve(self) -> None:
        while not self._stop.is_set():
            for key, _ in self._selector.select(timeout=None):
                if key.data == "wake":
                    self._wake_r.recv(64)
                    self._run_requests()
                elif key.data == "listen":
                    self._accept(key.fileobj)  # type: ignore[arg-type]
                else:
                    self._receive(key.fileobj)  # type: ignore[arg-type]

    def _accept(self, listener: socket.socket) -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        conn.setblocking(True)
        conn.settimeout(5)
        self._clients.append(conn)
        self._selector.register(conn, selectors.EVENT_READ, "client")

    def _receive(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(65536)
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        with self._lock:
            replies = self.interpreter.feed(data)
        if self._answer is not None:
            replies = self._answer(data)
        if replies:
            try:
                conn.sendall(replies)
            except OSError:
                self._drop(conn)

    def _drop(self, conn: socket.socket) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(conn)
        if conn in self._clients:
            self._clients.remove(conn)
        conn.close()

    def _run_requests(self) -> None:
        while True:
            try:
                action, done = self._requests.get_nowait()
            except queue.Empty:
                return
            try:
                action()
            except OSError as exc:
                emit(DeviceDriverProblem(device=Ident("printer"), operation=Ident("simulate"),
                                         exc_type=Ident.of(type(exc).__name__)))
            finally:
                done.set()

    def _in_server(self, action: Callable[[], None]) -> None:
        """Run socket housekeeping on the server thread (the only one touching sockets)."""
        thread = self._thread
        if thread is None or not thread.is_alive() or thread is threading.current_thread():
            action()
            return
        done = threading.Event()
        self._requests.put((action, done))
        self._wake_w.send(b"x")
        done.wait(5)

    def set_state(self, state: PrinterStatus) -> None:
        """What the printer reports from now on (DISCONNECTED: it stops answering)."""
        with self._lock:
            self.interpreter.state = state

    def fail_after(self, byte_count: int, state: PrinterStatus) -> None:
        """Enter ``state`` (say PAPER_END) after ``byte_count`` more job bytes."""
        with self._lock:
            self.interpreter.fail_after(byte_count, state)

    def unplug(self, unplugged: bool) -> None:
        """Pull the cable: close every connection and refuse new ones; or plug back in."""

        def apply() -> None:
            if unplugged == self._unplugged:
                return
            self._unplugged = unplugged
            if unplugged:
                for conn in list(self._clients):
                    self._drop(conn)
                if self._listener is not None:
                    self._selector.unregister(self._listener)
                    self._listener.close()
                    self._listener = None
            else:
                self._listen()

        self._in_server(apply)

    def printed_jobs(self) -> list[bytes]:
        """Bytes of every job that was printed and cut."""
        with self._lock:
            return [j.data for j in self.interpreter.jobs if j.printed]

    @property
    def jobs(self) -> list[SimJob]:
        """Every finished job, printed or not."""
        with self._lock:
            return list(self.interpreter.jobs)

    def _job_done(self, job: SimJob) -> None:
        if self.save_dir is None or not job.printed:
            return
        try:
            self.save_dir.mkdir(parents=True, exist_ok=True)
            self._seq += 1
            path = self.save_dir / f"{self._clock.now():%Y%m%d-%H%M%S}-{self._seq:04d}.png"
            render_job(job, self.width_mm).save(path)
            job.png_path = path
        except OSError as exc:
            emit(DeviceDriverProblem(device=Ident("printer"), operation=Ident("save_png"),
                                     exc_type=Ident.of(type(exc).__name__)))

    def close(self) -> None:
        """Stop serving and close every socket."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._wake_w.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for conn in list(self._clients):
            self._drop(conn)
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()
