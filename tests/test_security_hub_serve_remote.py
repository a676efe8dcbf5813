"""Finding 4: ``kiosk hub serve`` stays on loopback unless told, and then serves no /admin."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
import uvicorn
from fastapi import FastAPI

from kiosk.devtools.refhub.app import ADMIN_HEADER, create_app, load_admin_key
from kiosk.devtools.refhub.embedded import EmbeddedHub
from kiosk.devtools.refhub.server import bind_socket, is_loopback, make_config


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "kiosk-hub.example"])
def test_serving_beyond_loopback_is_refused_without_the_flag(tmp_path: Path, host: str) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(tmp_path),
                           "hub", "serve", "--host", host, "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--allow-remote" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("127.8.0.1", True),
                                                 ("::1", True), ("localhost", True),
                                                 ("0.0.0.0", False), ("10.0.0.1", False),
                                                 ("localhost.attacker.example", False)])
def test_loopback_is_decided_by_address(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def _post_admin(app: FastAPI, key: str) -> int:
    """Serve ``app`` on loopback for one admin request; its status code."""
    sock = bind_socket("127.0.0.1", 0)
    server = uvicorn.Server(make_config(app, host="127.0.0.1", port=sock.getsockname()[1]))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.01)
    try:
        return requests.post(f"http://127.0.0.1:{sock.getsockname()[1]}/admin/tokens",
                             json={"terminal_id": "T-1"}, headers={ADMIN_HEADER: key},
                             timeout=10).status_code
    finally:
        server.should_exit = True
        thread.join(5)
        app.state.hub.store.close()
        sock.close()


def test_a_hub_without_admin_answers_404_on_admin(tmp_path: Path) -> None:
    key = load_admin_key(tmp_path / "hub")
    assert _post_admin(create_app(tmp_path / "hub", admin=False), key) == 404
    assert _post_admin(create_app(tmp_path / "hub"), key) == 200


def test_the_embedded_hub_keeps_admin(tmp_path: Path) -> None:
    with EmbeddedHub(tmp_path / "hub") as hub:
        assert hub.admin.mint_token("T-ANY")
