"""Under systemd the JSON lines carry journald's ``<N>`` priority prefix; elsewhere bare JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ("from kiosk.base import events\n"
          "from kiosk.base.events import catalogue as ev\n"
          "events.configure('info')\n"
          "events.emit(ev.SyncOnline())\n"
          "events.emit(ev.SyncPassCrashed(exc_type=events.Ident('KeyError')))\n")


def _run(tmp_path: Path, journal: bool) -> list[str]:
    err = tmp_path / f"stderr-{journal}.txt"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("JOURNAL_STREAM", None)
    with err.open("wb") as sink:
        if journal:
            st = os.fstat(sink.fileno())
            # What systemd sets when a unit's stderr is its journal stream.
            env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}"
        subprocess.run([sys.executable, "-c", SCRIPT], stderr=sink, env=env, check=True,
                       timeout=60)
    return err.read_text(encoding="utf-8").splitlines()


def test_journal_stream_gets_priority_prefixes(tmp_path: Path) -> None:
    lines = _run(tmp_path, journal=True)
    assert [line[:3] for line in lines] == ["<6>", "<3>"]
    assert [json.loads(line[3:])["event"] for line in lines] == ["sync.online",
                                                                  "sync.pass_crashed"]


def test_a_terminal_or_file_gets_bare_json_lines(tmp_path: Path) -> None:
    lines = _run(tmp_path, journal=False)
    parsed = [json.loads(line) for line in lines]
    assert [p["level"] for p in parsed] == ["info", "error"]
    assert set(parsed[1]) == {"ts", "level", "event", "fields"}
    assert parsed[1]["fields"] == {"exc_type": "KeyError"}
    assert parsed[0]["ts"].endswith("Z")
