"""A terminal configured with ``crypto_profile = "gm"`` runs the whole journey on SM3 and SM4."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kiosk.app.runtime import ConfiguredHub, StartupError
from kiosk.base.clock import SystemClock
from kiosk.base.config import CRYPTO_PROFILES, ConfigError, parse_config
from kiosk.base.context import Context
from kiosk.devtools.refhub.store import HubStore
from kiosk.hub.client import TerminalCredentials
from kiosk.hub.signing import SIGNATURE_ALGORITHMS
from offline_cache.crypto import ALGORITHMS

GM_CONFIG = 'profile = "simulated"\ncrypto_profile = "gm"\n'


def _cli(*args: str, data_dir: Path, config: Path) -> dict[str, Any]:
    env = dict(os.environ, KIOSK_VOICE="none")
    env.pop("KIOSK_CONFIG", None)
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data_dir),
                          "--config", str(config), *args],
                         capture_output=True, text=True, timeout=180, env=env, check=False)
    assert out.returncode == 0, out.stderr + out.stdout
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _store_cipher(data: Path) -> str:
    conn = sqlite3.connect(f"file:{data / 'store' / 'kiosk.db'}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'algorithm'").fetchone()[0])
    finally:
        conn.close()


def _hub_submissions(data: Path, tracking_code: str) -> list[dict[str, Any]]:
    hub = HubStore(data / "hub", SystemClock())
    try:
        return [s for s in hub.submissions() if s["tracking_code"] == tracking_code]
    finally:
        hub.close()


def _hub_algorithm(data: Path) -> str | None:
    terminal = TerminalCredentials.load(data / "credentials.json")
    assert terminal.signature_algorithm == "hmac-sm3"
    hub = HubStore(data / "hub", SystemClock())
    try:
        key = hub.terminal_key(terminal.terminal_id)
        return None if key is None else key.signature_algorithm
    finally:
        hub.close()


def test_gm_journey_is_sent_signed_with_sm3_and_sealed_with_sm4(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(GM_CONFIG, encoding="utf-8")
    data = tmp_path / "data"
    result = _cli("journey", "--headless", "--json", data_dir=data, config=config)
    assert result["status"] == "sent"
    assert _hub_algorithm(data) == "hmac-sm3"
    assert _store_cipher(data) == "sm4-gcm"
    assert len(_hub_submissions(data, result["tracking_code"])) == 1


def test_gm_offline_journey_is_queued_then_synced_exactly_once(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(GM_CONFIG, encoding="utf-8")
    data = tmp_path / "data"
    result = _cli("journey", "--headless", "--offline", "--json", "--resident", "R0007",
                  data_dir=data, config=config)
    assert result["status"] == "queued"
    assert _store_cipher(data) == "sm4-gcm"
    assert _hub_submissions(data, result["tracking_code"]) == []
    first = _cli("queue", "sync", data_dir=data, config=config)
    assert first["sent_now"] == 1
    again = _cli("queue", "sync", data_dir=data, config=config)
    assert again["sent_now"] == 0
    assert len(_hub_submissions(data, result["tracking_code"])) == 1
    assert _hub_algorithm(data) == "hmac-sm3"
    assert _store_cipher(data) == "sm4-gcm"


def test_an_unknown_profile_is_refused_with_its_fix() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config({"crypto_profile": "sm2"})
    assert info.value.problems == [
        "crypto_profile = 'sm2' is not allowed. Fix: use one of standard, gm"]
    assert parse_config({}).crypto.store_cipher == "aes-256-gcm"
    gm = parse_config({"crypto_profile": "gm"}).crypto
    assert (gm.signature_algorithm, gm.store_cipher) == ("hmac-sm3", "sm4-gcm")


def test_the_profiles_name_algorithms_both_layers_know() -> None:
    for profile in CRYPTO_PROFILES.values():
        assert profile.signature_algorithm in SIGNATURE_ALGORITHMS
        assert profile.store_cipher in ALGORITHMS


def test_saved_credentials_of_another_algorithm_stop_a_configured_hub(tmp_path: Path) -> None:
    ctx = Context(parse_config({"crypto_profile": "gm"}), tmp_path, SystemClock())
    path = tmp_path / "credentials.json"
    TerminalCredentials("T-1", "a" * 44, "AB12", "hmac-sha256").save(path)
    with pytest.raises(StartupError, match="revoke terminal T-1"):
        ConfiguredHub("https://hub.example.invalid").credentials(ctx, path)
