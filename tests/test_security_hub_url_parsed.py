"""Finding 1: a hub URL is parsed, so plain http reaches only a literal loopback address."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base.urls import hub_url_problem
from kiosk.hub.client import HubClient

ROOT = Path(__file__).resolve().parents[1]
REFUSED = [
    "http://127.0.0.1@192.0.2.2:18433/",  # userinfo: the request goes to 192.0.2.2
    "http://localhost.attacker.example/",
    "http://localhost/",  # a name, which DNS or /etc/hosts can point anywhere
    "http://192.0.2.2/",
    "https://",
    "https:///v1",
    "https://user:pw@hub.example/",
    "ftp://hub.example/",
    "https://hub.example:99999/",
    "https://hub.example/?x=1",
    "hub.example",
]
ALLOWED = ["https://hub.example.gov.cn/", "https://hub.example:8443", "http://127.0.0.1:8765",
           "http://127.3.2.1/", "http://[::1]:8765/"]


@pytest.mark.parametrize("url", REFUSED)
def test_refused(url: str) -> None:
    assert hub_url_problem(url) is not None
    with pytest.raises(ValueError, match="hub URL"):
        HubClient(url, None)


@pytest.mark.parametrize("url", ALLOWED)
def test_allowed(url: str) -> None:
    assert hub_url_problem(url) is None
    HubClient(url, None).close()


@pytest.mark.parametrize("url", ["http://127.0.0.1@192.0.2.2:18433/",
                                 "http://localhost.attacker.example/", "https://"])
def test_config_check_refuses_it_in_production(tmp_path: Path, url: str) -> None:
    config = tmp_path / "kiosk.toml"
    example = (ROOT / "packaging" / "kiosk.toml").read_text(encoding="utf-8")
    config.write_text(example.replace('url = "https://hub.example.invalid/"', f'url = "{url}"'),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "config", "check",
                           "--config", str(config)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "hub.url" in done.stdout and "Traceback" not in done.stderr
