"""Serve the metrics over HTTP on a loopback address for the terminal's Prometheus agent."""

from __future__ import annotations

import errno
import threading
from dataclasses import dataclass
from wsgiref.simple_server import WSGIServer

from prometheus_client import start_http_server

from kiosk.app.metrics.kiosk_metrics import KioskMetrics
from kiosk.base.config import MetricsConfig
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import MetricsCannotServe, MetricsServing


@dataclass
class MetricsServer:
    """The running endpoint; ``close()`` stops it and the counting."""

    metrics: KioskMetrics
    host: str
    port: int
    _server: WSGIServer
    _thread: threading.Thread

    @property
    def url(self) -> str:
        """Where Prometheus scrapes: ``http://127.0.0.1:9464/metrics``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/metrics"

    def close(self) -> None:
        """Stop serving and counting."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        self.metrics.close()


def serve(metrics: KioskMetrics, config: MetricsConfig) -> MetricsServer | None:
    """Serve ``metrics`` as ``[metrics]`` says; ``None`` (and an error event) if the port is
    taken or not allowed: a kiosk without its metrics still serves residents."""
    try:
        server, thread = start_http_server(config.port, addr=config.host,
                                           registry=metrics.registry)
    except OSError as exc:
        metrics.close()
        emit(MetricsCannotServe(port=config.port,
                                error=Ident.of(errno.errorcode.get(exc.errno or 0, "OSError"))))
        return None
    port = int(server.server_port)
    emit(MetricsServing(port=port))
    return MetricsServer(metrics, config.host, port, server, thread)
