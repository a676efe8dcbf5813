"""``kiosk provision`` with the hub down: it writes the config and the store key, says the hub
did not answer and what to do, and exits 5 (as ``kiosk enroll``) without a traceback; once the
hub is up, the same command finishes the job."""

from __future__ import annotations

from pathlib import Path

from ops_support import free_port, kiosk, no_traceback, serve_hub, stop


def test_hub_down_then_up(tmp_path: Path) -> None:
    port = free_port()
    hub_data = tmp_path / "hub-data"
    minted = kiosk("hub", "token", "create", "--terminal", "HZ-TEST-02", data_dir=hub_data)
    token = minted.stdout.strip()
    config, data, lp = tmp_path / "kiosk.toml", tmp_path / "data", tmp_path / "lp0"
    lp.write_bytes(b"")
    args = ("provision", "--non-interactive", "--profile", "simulated", "--terminal-id",
            "HZ-TEST-02", "--district", "和睦区", "--hub-url", f"http://127.0.0.1:{port}",
            "--token", token, "--printer", f"file:{lp}", "--wait", "1")
    down = kiosk(*args, data_dir=data, config=config)
    no_traceback(down)
    assert down.returncode == 5
    assert "FAIL enrolment: the hub at" in down.stdout and "did not answer" in down.stdout
    assert "kiosk doctor" in down.stdout  # the fix
    assert config.exists() and (data / "kiosk-store.key").exists()
    assert lp.read_bytes() == b""  # nothing printed for a terminal that is not enrolled

    proc = serve_hub(hub_data, port)
    try:
        up = kiosk(*args, data_dir=data, config=config)
    finally:
        stop(proc)
    assert up.returncode == 0, up.stdout + up.stderr
    assert "unchanged" in up.stdout and "enrolled as HZ-TEST-02" in up.stdout
    assert lp.read_bytes() != b""
