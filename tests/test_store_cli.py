"""``kiosk queue …`` on a real store and the embedded reference hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_support import TERMINAL_ID, find_personal, material_bytes, senior_draft, seniors

from kiosk.base.clock import SystemClock
from kiosk.cli import main
from kiosk.hub.client import TerminalCredentials
from offline_cache.crypto import KEY_FILE_NAME, FileKeyProvider
from offline_cache.db import Store
from offline_cache.outbox import Outbox


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_queue_commands_end_to_end(isolated_kiosk_env: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    data = isolated_kiosk_env
    code, out = _cli(capsys, "queue", "status", "--json")
    status = json.loads(out)
    assert code == 0 and {k: status[k] for k in ("pending", "sending", "sent",
                                                 "needs_attention")} == dict.fromkeys(
        ("pending", "sending", "sent", "needs_attention"), 0)
    assert status["oldest_pending_age_s"] is None and isinstance(status["bytes"], int)

    # The first sync enrols this terminal with the embedded reference hub.
    code, out = _cli(capsys, "queue", "sync")
    assert code == 0
    creds = TerminalCredentials.load(data / "credentials.json")
    people = seniors()[20:23]
    with Store.open(data, FileKeyProvider(data / KEY_FILE_NAME), SystemClock()) as store:
        outbox = Outbox(store, TERMINAL_ID, creds.tracking_prefix)
        ids = [outbox.enqueue(senior_draft(p, SystemClock().now(), [material_bytes(70 + i, 800)],
                                           phone="12" if i == 2 else None)).client_id
               for i, p in enumerate(people)]

    code, out = _cli(capsys, "queue", "status", "--json")
    assert json.loads(out)["pending"] == 3 and json.loads(out)["oldest_pending_age_s"] >= 0

    code, out = _cli(capsys, "queue", "list", "--state", "pending")
    assert code == 0 and all(i in out for i in ids)
    for p in people:
        assert p.name not in out and p.id_number not in out and p.phone not in out

    code, out = _cli(capsys, "queue", "sync", "--wait", "--timeout", "60s")
    result = json.loads(out)
    assert result["sent_now"] == 2 and result["needs_attention_now"] == 1 and code == 0
    code, out = _cli(capsys, "queue", "list", "--state", "needs_attention", "--json")
    rows = json.loads(out)
    assert [r["client_id"] for r in rows] == [ids[2]] and "@phone" in rows[0]["last_error"]

    code, out = _cli(capsys, "queue", "retry", rows[0]["tracking_code"])
    assert code == 0
    code, out = _cli(capsys, "queue", "status", "--json")
    assert json.loads(out)["pending"] == 1
    assert main(["queue", "retry", "--all-attention"]) == 0

    # While another process owns the store, 'sync' refuses instead of racing it.
    with Store.open(data, FileKeyProvider(data / KEY_FILE_NAME), SystemClock()) as owner:
        assert owner.owner
        assert main(["queue", "sync"]) == 1
    capsys.readouterr()

    code, out = _cli(capsys, "queue", "purge", "--sent-older-than", "0s")
    assert code == 0 and "2 sent" in out
    with pytest.raises(SystemExit):
        main(["queue", "purge", "--sent-older-than", "soon"])
    secrets = [v for p in people for v in (p.name, p.id_number, p.card_address)]
    leftovers = find_personal(data, secrets)
    # The unsent row keeps its personal data, sealed; nothing is readable.
    assert leftovers == []
