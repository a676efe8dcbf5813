"""A virtual card that plugs into pcscd through the vsmartcard ``vpcd`` reader driver.

vpcd (Debian package ``vsmartcard-vpcd``) makes pcscd listen on TCP port 35963
(and 35964 for a second slot); a process that connects there *is* the card in
that slot. Every message in both directions is a 2-byte big-endian length and a
payload. A 1-byte payload from vpcd is a control code: 0 power off, 1 power on,
2 reset, 4 "send your ATR" (the only one answered). Longer payloads are command
APDUs, answered with a response APDU. Closing the connection removes the card.

With this, pyscard → pcscd → vpcd → ``VpcdCard`` is the path a real card takes,
so the driver's tests run against the real PC/SC stack.
"""

from __future__ import annotations

import logging
import socket
import struct
import threading
from collections.abc import Callable
from typing import Protocol

from devices.citizen_card.sscard_sim import CardAction
from kiosk.base.clock import Clock, SystemClock

log = logging.getLogger(__name__)

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963

CTRL_OFF = 0
CTRL_ON = 1
CTRL_RESET = 2
CTRL_ATR = 4

# pcscd asks a vpcd slot "still there?" every 0.4 s. A card connected again before
# that poll has seen the slot empty would look like it never left (no remove event,
# and pcscd would send the next command to the dead connection), so re-insertion
# waits this long after a removal.
REINSERT_GAP_S = 1.0
_last_removal: dict[int, float] = {}  # port -> clock reading of the last removal


class VirtualCard(Protocol):
    """What a card in a vpcd slot does: the scripted card, or a recording replayed."""

    @property
    def atr(self) -> bytes:
        """The answer to reset."""
        ...

    def reset(self) -> None:
        """Power on or reset: forget the session."""
        ...

    def process(self, apdu: bytes) -> bytes | CardAction:
        """A response APDU, or what the card does instead (pulled, mute)."""
        ...


class VpcdUnavailable(ConnectionError):
    """Nothing listens on the vpcd port: pcscd is not running or vpcd is not installed."""


def vpcd_slot_matcher(port: int) -> Callable[[str], bool]:
    """Reader names pcscd gives vpcd slots: ``Virtual PCD <reader> <slot>``, slot = port offset."""
    slot = port - VPCD_PORT

    def match(name: str) -> bool:
        return name.startswith("Virtual PCD") and name.endswith(f" {slot:02d}")

    return match


class VpcdCard:
    """One vpcd slot with a card that can be inserted and removed.

    ``insert`` connects to vpcd and serves the card's APDUs on a background thread;
    ``remove`` closes the connection, which pcscd sees as the card leaving.
    """

    def __init__(
        self, host: str = VPCD_HOST, port: int = VPCD_PORT, clock: Clock | None = None
    ) -> None:
        self.host = host
        self.port = port
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._released = threading.Event()
        self.card: VirtualCard | None = None

    @property
    def inserted(self) -> bool:
        """Whether a card is connected to vpcd now (a pulled card is not)."""
        with self._lock:
            return self._sock is not None

    def insert(self, card: VirtualCard) -> None:
        """Insert ``card`` (replacing any card in the slot); ``VpcdUnavailable`` if no vpcd."""
        self.remove()
        last = _last_removal.get(self.port)
        if last is not None:
            self._clock.sleep(last + REINSERT_GAP_S - self._clock.monotonic())
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2.0)
        except OSError as exc:
            raise VpcdUnavailable(
                f"no vpcd on {self.host}:{self.port} ({exc}); install vsmartcard-vpcd and "
                "start pcscd (restart it after installing vpcd so it loads the driver)"
            ) from exc
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        card.reset()
        released = threading.Event()
        thread = threading.Thread(
            target=self._serve, args=(sock, card, released), name="vpcd-card", daemon=True
        )
        with self._lock:
            self._sock, self._thread, self._released, self.card = sock, thread, released, card
        thread.start()

    def remove(self) -> None:
        """Pull the card out (no-op when the slot is empty)."""
        with self._lock:
            sock, thread, released = self._sock, self._thread, self._released
            self._sock = self._thread = None
            self.card = None
        released.set()
        if sock is not None:
            _shut(sock)
            _last_removal[self.port] = self._clock.monotonic()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def close(self) -> None:
        """Remove the card and stop serving."""
        self.remove()

    def _serve(self, sock: socket.socket, card: VirtualCard, released: threading.Event) -> None:
        """Answer vpcd until the connection ends or the card acts (pulled, mute)."""
        try:
            while True:
                payload = _receive(sock)
                if payload is None:
                    return
                if len(payload) == 1:
                    if payload[0] == CTRL_ATR:
                        _send(sock, card.atr)
                    elif payload[0] in (CTRL_ON, CTRL_RESET, CTRL_OFF):
                        card.reset()
                    continue
                reply = card.process(payload)
                if reply is CardAction.PULL:
                    return
                if reply is CardAction.MUTE:
                    # A mute card holds the line until it is taken out of the reader.
                    released.wait()
                    return
                _send(sock, reply)
        except OSError:
            log.debug("vpcd connection ended", exc_info=True)
        finally:
            _shut(sock)
            with self._lock:
                if self._sock is sock:
                    # The card left on its own (pulled mid-read).
                    self._sock = None
                    self.card = None
                    _last_removal[self.port] = self._clock.monotonic()


def _quickack(sock: socket.socket) -> None:
    # vpcd writes the length and the payload in two segments; without an immediate ACK
    # Nagle's algorithm holds the second one for the delayed-ACK time (about 40 ms).
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        _quickack(sock)
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    _quickack(sock)
    return data


def _receive(sock: socket.socket) -> bytes | None:
    header = _recv_exact(sock, 2)
    if header is None:
        return None
    (size,) = struct.unpack(">H", header)
    return _recv_exact(sock, size) if size else b""


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        log.debug("vpcd socket already shut", exc_info=True)
    sock.close()
