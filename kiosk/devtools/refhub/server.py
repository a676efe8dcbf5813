"""Run the reference hub under uvicorn, with the hook fault injection needs to drop connections."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from kiosk.devtools.refhub.app import TRANSPORT_SCOPE_KEY, create_app
from kiosk.devtools.refhub.faults import FaultSettings


class DroppableH11Protocol(H11Protocol):
    """uvicorn's h11 protocol that hands each request its transport, so a fault can abort it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inner = self.app
        protocol = self

        async def app_with_transport(scope: Any, receive: Any, send: Any) -> None:
            scope[TRANSPORT_SCOPE_KEY] = protocol.transport
            await inner(scope, receive, send)

        self.app = app_with_transport

    def connection_made(self, transport: Any) -> None:
        """Answer small requests without Nagle's delay (headers and body go out separately)."""
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


# Connections served at once; past it uvicorn answers 503 at once instead of queueing
# without bound (a few hundred terminals of a district sync well within it).
MAX_CONNECTIONS = 256


def make_config(app: FastAPI, *, host: str, port: int,
                max_connections: int = MAX_CONNECTIONS) -> uvicorn.Config:
    """A uvicorn config serving a reference-hub app."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        limit_concurrency=max_connections,
        http=DroppableH11Protocol,
        loop="asyncio",
        lifespan="off",
        log_level="warning",
        # Access logs would carry session ids and tracking codes; the hub keeps its own records.
        access_log=False,
        # The hub adds its own Date header from its (injectable) clock.
        date_header=False,
        server_header=False,
        timeout_graceful_shutdown=2,
        timeout_keep_alive=5,
    )


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0 picks a free one); IPv6 for an address with a colon."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost`` (nothing else reaches it)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(hub_dir: Path, *, host: str = "127.0.0.1", port: int = 8765,
          faults: FaultSettings | None = None,
          announce: Callable[[str], None] | None = None) -> None:
    """Serve in the foreground until interrupted; ``/admin`` only on a loopback address.

    The socket is bound first (``port=0`` picks a free one), then ``announce`` gets the
    base URL, so whoever started the hub learns its real port before any request.
    """
    app = create_app(hub_dir, faults=faults, admin=is_loopback(host))
    sock = bind_socket(host, port)
    bound = sock.getsockname()[1]
    config = make_config(app, host=host, port=bound)
    if announce is not None:
        shown = f"[{host}]" if ":" in host else host
        announce(f"http://{shown}:{bound}")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
