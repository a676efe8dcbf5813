"""Doctor hub check through the real hub client: healthy, clock skew, unreachable."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kiosk.app.doctor import Outcome, check_hub, default_probe
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config


@contextmanager
def fake_hub(skew_s: float) -> Iterator[str]:
    """A loopback server answering /v1/health with its clock ``skew_s`` off ours."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def date_time_string(self, timestamp: float | None = None) -> str:
            now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=skew_s)
            return email.utils.format_datetime(now, usegmt=True)

        def do_GET(self) -> None:
            body = json.dumps({"status": "ok", "version": "test",
                               "server_time": dt.datetime.now(dt.UTC).isoformat()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run(url: str) -> dict[str, Any]:
    config = default_config()
    checks = check_hub(config, default_probe(config, SystemClock()), url)
    return {c.name: c for c in checks}


def test_healthy_hub_in_time() -> None:
    with fake_hub(0) as url:
        checks = run(url)
    assert checks["hub"].outcome is Outcome.OK
    assert checks["clock"].outcome is Outcome.OK


def test_hub_clock_ten_minutes_ahead_is_a_warning_with_the_ntp_fix() -> None:
    with fake_hub(600) as url:
        checks = run(url)
    assert checks["hub"].outcome is Outcome.OK
    assert checks["clock"].outcome is Outcome.WARN
    assert "+600 s" in checks["clock"].detail or "+599 s" in checks["clock"].detail
    assert "timedatectl" in checks["clock"].fix


def test_unreachable_hub_warns_but_never_fails_the_run() -> None:
    with fake_hub(0) as url:
        pass  # the server is gone once the block ends: nothing listens on that port
    checks = run(url)
    assert checks["hub"].outcome is Outcome.WARN
    assert not checks["hub"].fatal
    assert "offline" in checks["hub"].fix
