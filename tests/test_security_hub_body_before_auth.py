"""Finding 3: the hub refuses a stranger before reading its body, cuts off a held-back body,
and caps its connections."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from hubtools import Enrolled, start_enrolled

from kiosk.devtools.refhub.app import create_app
from kiosk.devtools.refhub.server import bind_socket, make_config
from kiosk.hub import signing

pytest_plugins = ["hubfixtures"]

BIG = 19 * 1024 * 1024


def _connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


def _status(sock: socket.socket) -> int:
    """The status code of the first answer, read within the socket's timeout."""
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


def _signed_head(terminal: str, length: int, sha: str) -> str:
    now = int(time.time())
    return (f"PUT /v1/documents/{sha} HTTP/1.1\r\nHost: x\r\n"
            f"{signing.HEADER_TERMINAL}: {terminal}\r\n{signing.HEADER_TIMESTAMP}: {now}\r\n"
            f"{signing.HEADER_SIGNATURE}: {'0' * 64}\r\n"
            f"Content-Type: image/jpeg\r\nContent-Length: {length}\r\n\r\n")


def test_unsigned_upload_is_refused_before_its_body(live: Enrolled) -> None:
    # A 19 MiB document whose body never comes: answered from the headers alone.
    sock = _connect(live.url)
    try:
        sock.sendall((f"PUT /v1/documents/{'a' * 64} HTTP/1.1\r\nHost: x\r\n"
                      f"Content-Type: image/jpeg\r\nContent-Length: {BIG}\r\n\r\n").encode()
                     + b"\xff" * 1024)
        assert _status(sock) == 401
    finally:
        sock.close()


def test_unknown_terminal_is_refused_before_its_body(live: Enrolled) -> None:
    sock = _connect(live.url)
    try:
        sock.sendall(_signed_head("T-NOBODY", BIG, "b" * 64).encode() + b"\xff" * 1024)
        assert _status(sock) == 401
    finally:
        sock.close()


@dataclass
class SmallHub:
    """A hub served with a short body deadline and few connections."""

    url: str
    terminal_id: str


@pytest.fixture
def small_hub(tmp_path: Path) -> Iterator[SmallHub]:
    """Body deadline 0.5 s, at most 3 connections, one terminal enrolled."""
    env = start_enrolled(tmp_path / "hub", tmp_path)
    env.client.close()
    env.hub.stop()
    # The same folder, so the enrolled terminal is known to the restarted hub.
    app = create_app(tmp_path / "hub", body_timeout_s=0.5)
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(make_config(app, host="127.0.0.1", port=port, max_connections=3))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.01)
    try:
        yield SmallHub(f"http://127.0.0.1:{port}", env.creds.terminal_id)
    finally:
        server.should_exit = True
        thread.join(5)
        app.state.hub.store.close()
        sock.close()


def test_a_body_held_back_is_cut_off(small_hub: SmallHub) -> None:
    sock = _connect(small_hub.url)
    try:
        # All but the last byte: the hub must not wait for it for ever.
        sock.sendall(_signed_head(small_hub.terminal_id, 4096, "c" * 64).encode()
                     + b"\xff" * 4095)
        assert _status(sock) == 408
    finally:
        sock.close()


def test_connections_beyond_the_cap_get_503(small_hub: SmallHub) -> None:
    held = []
    try:
        # uvicorn counts the connection asking too: with a cap of 3, two stay served.
        for _ in range(2):
            sock = _connect(small_hub.url)
            sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert _status(sock) == 200  # open, kept alive
            held.append(sock)
        extra = _connect(small_hub.url)
        held.append(extra)
        extra.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _status(extra) == 503
    finally:
        for sock in held:
            sock.close()
