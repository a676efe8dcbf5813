"""The log level: ``--log-level``, else ``$KIOSK_LOG_LEVEL``, else ``[logging] level``, else info."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.base.events import catalogue as ev
from kiosk.base.events import emit
from kiosk.base.events.logsetup import JsonLineHandler, resolve_level
from kiosk.cli import main
from kiosk.cli.common import context


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if isinstance(handler, JsonLineHandler) and handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def _emitted(capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    emit(ev.SyncOnline())  # info
    emit(ev.HeartbeatSent(pending=0))  # debug
    emit(ev.StoreFault(kind="disk_full"))  # type: ignore[arg-type]  # error; a literal Ident
    return [json.loads(line)["event"] for line in capsys.readouterr().err.splitlines()]


def test_cli_option_beats_the_environment(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KIOSK_LOG_LEVEL", "debug")
    assert main(["--log-level", "error", "events", "--json"]) == 0
    assert _emitted(capsys) == ["store.fault"]
    assert main(["events", "--json"]) == 0
    assert _emitted(capsys) == ["sync.online", "heartbeat.sent", "store.fault"]
    monkeypatch.delenv("KIOSK_LOG_LEVEL")
    assert main(["events", "--json"]) == 0
    assert _emitted(capsys) == ["sync.online", "store.fault"]


def test_config_level_applies_unless_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[logging]\nlevel = "warning"\n', encoding="utf-8")
    args = argparse.Namespace(config=str(config), data_dir=str(tmp_path / "data"),
                              log_level=None)
    context(args)
    assert _emitted(capsys) == ["store.fault"]
    monkeypatch.setenv("KIOSK_LOG_LEVEL", "info")
    context(args)
    assert _emitted(capsys) == ["sync.online", "store.fault"]


def test_a_bad_level_names_the_fix(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match=r"KIOSK_LOG_LEVEL = 'loud'.*debug, info"):
        monkeypatch.setenv("KIOSK_LOG_LEVEL", "loud")
        resolve_level(None, "info")
    assert main(["events"]) == 2
    assert "KIOSK_LOG_LEVEL" in capsys.readouterr().err
    monkeypatch.delenv("KIOSK_LOG_LEVEL")
    assert resolve_level(None, None) == "info"
    assert resolve_level(None, "WARNING") == "warning"
