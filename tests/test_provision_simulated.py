"""``kiosk provision --non-interactive`` against ``kiosk hub serve`` (both real processes): a
config that passes ``config check`` and ``doctor``, a store key, an enrolment, and a test
receipt whose bytes, read back by the ESC/POS interpreter, carry the terminal id, location,
version and the asset register's QR. Running it again changes nothing."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from ops_support import free_port, kiosk, no_traceback, serve_hub, stop

from devices.printer.simulator import EscposInterpreter, render_job
from kiosk import __version__
from kiosk.hub.client import TerminalCredentials

TERMINAL = "HZ-TEST-01"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A running ``kiosk hub serve`` and a token it minted for the terminal."""
    hub_data = tmp_path / "hub-data"
    minted = kiosk("hub", "token", "create", "--terminal", TERMINAL, data_dir=hub_data)
    assert minted.returncode == 0, minted.stderr
    port = free_port()
    proc = serve_hub(hub_data, port)
    try:
        yield f"http://127.0.0.1:{port}", minted.stdout.strip()
    finally:
        stop(proc)


def _provision(tmp_path: Path, *extra: str
               ) -> tuple[Path, Path, Path, subprocess.CompletedProcess[str]]:
    config, data, lp = tmp_path / "kiosk.toml", tmp_path / "data", tmp_path / "lp0"
    lp.write_bytes(b"")  # the printer's device node
    done = kiosk("provision", "--non-interactive", "--profile", "simulated",
                 "--terminal-id", TERMINAL, "--district", "和睦区", "--name", "社区服务中心一楼",
                 "--printer", f"file:{lp}", *extra, data_dir=data, config=config)
    return config, data, lp, done


def test_provision_then_config_check_doctor_and_the_test_receipt(
        tmp_path: Path, hub: tuple[str, str]) -> None:
    url, token = hub
    config, data, lp, done = _provision(tmp_path, "--hub-url", url, "--token", token)
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    # Read first: the file transport opens its node for writing, which truncates a plain file.
    printed = lp.read_bytes()
    assert kiosk("config", "check", data_dir=data, config=config).returncode == 0
    doctor = kiosk("doctor", "--json", data_dir=data, config=config)
    assert doctor.returncode == 0, doctor.stdout
    creds = TerminalCredentials.load(data / "credentials.json")
    assert creds.terminal_id == TERMINAL
    assert (data / "kiosk-store.key").stat().st_mode & 0o777 == 0o600

    interpreter = EscposInterpreter(80)
    interpreter.feed(printed)
    (job,) = interpreter.jobs
    assert job.cut and job.missing_glyphs == []
    text = job.text()
    for expected in ("测试凭条", f"终端编号：{TERMINAL}", "安装位置：和睦区 社区服务中心一楼",
                     f"软件版本：{__version__}", f"回执编号前缀：{creds.tracking_prefix}"):
        assert expected in text, text
    picture = np.asarray(render_job(job, 80).convert("L"))
    (qr,) = [r.text for r in zxingcpp.read_barcodes(picture)
             if r.format == zxingcpp.BarcodeFormat.QRCode]
    asset = json.loads(qr)
    assert asset == {"kind": "kiosk-asset", "terminal_id": TERMINAL, "district": "和睦区",
                     "name": "社区服务中心一楼", "version": __version__,
                     "tracking_prefix": creds.tracking_prefix}

    # Again, with no token: same config, same key, same enrolment; one more receipt.
    key_before = (data / "kiosk-store.key").read_bytes()
    again = kiosk("provision", "--non-interactive", data_dir=data, config=config)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{config} unchanged" in again.stdout
    assert "kept" in again.stdout and "already enrolled as HZ-TEST-01" in again.stdout
    assert (data / "kiosk-store.key").read_bytes() == key_before
    assert TerminalCredentials.load(data / "credentials.json") == creds


def test_an_answer_that_is_no_device_writes_nothing(tmp_path: Path) -> None:
    config, data = tmp_path / "kiosk.toml", tmp_path / "data"
    done = kiosk("provision", "--non-interactive", "--profile", "simulated",
                 "--terminal-id", TERMINAL, "--district", "和睦区", "--printer", "laser:lp9",
                 data_dir=data, config=config)
    no_traceback(done)
    assert done.returncode == 2
    assert "receipt printer: 'laser:lp9' is not one of" in done.stderr
    assert not config.exists() and not data.exists()
