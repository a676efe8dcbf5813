"""``kiosk stats --json`` after 100 journeys with known durations and outcomes: exact shares."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fakes import Kit, card_for, make_kit, to_review

from kiosk.app import journey as j
from kiosk.app.runtime import open_store
from kiosk.base.clock import CHINA_TIME, ManualClock
from kiosk.base.context import Context
from kiosk.cli import main
from kiosk.devtools.residents import resident
from offline_cache.errands import ErrandLog

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=CHINA_TIME)
RESIDENTS = ["R0001", "R0002", "R0010", "R0006", "R0014"]


def _submit(kit: Kit, resident_id: str, service: str, minutes: int, mode: str | None) -> None:
    to_review(kit, resident_id, service)
    kit.clock.advance(minutes * 60)
    if mode is not None:
        kit.journey.handle(j.ChooseDelivery(mode))
    kit.journey.handle(j.ConfirmAndSubmit(agreed=True))
    assert kit.journey.step is j.Step.RECEIPT, kit.journey.message
    kit.journey.handle(j.Finish())
    kit.journey.handle(j.SkipRating())


def test_stats_json_gives_the_exact_shares(isolated_kiosk_env: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    clock = ManualClock(START)
    ctx = Context.load(None, str(isolated_kiosk_env))
    store = open_store(ctx)
    kit = make_kit(clock)
    kit.journey.errands = ErrandLog(store)
    saved = 0
    for i in range(100):
        who = RESIDENTS[i % len(RESIDENTS)]
        if i < 40:  # 10 minutes, printed on the spot
            _submit(kit, who, "social_insurance_certificate", 10, None)
        elif i < 60:  # 35 minutes, posted: one visit, not within half an hour
            _submit(kit, who, "residence_permit", 35, "mail")
            saved += "employment_contract" in resident(who).materials_on_file
        elif i < 80:  # 20 minutes, collected later: a second trip
            _submit(kit, who, "residence_permit", 20, "pickup")
            saved += "employment_contract" in resident(who).materials_on_file
        elif i < 90:  # not something a kiosk does: sent to a hall
            kit.journey.handle(card_for(who))
            kit.journey.handle(j.ConfirmIdentity())
            kit.journey.handle(j.ChooseService("birth_registration"))
            kit.journey.handle(j.Exit())
        else:  # started, then walked away: the idle timeout ends it
            kit.journey.handle(card_for(who))
            kit.journey.handle(j.ConfirmIdentity())
            kit.journey.handle(j.ChooseService("hotline_12345"))
            kit.clock.advance(kit.config.timeouts.idle_s + 1)
            kit.journey.handle(j.Tick())
        clock.advance(60)
    store.close()
    assert saved == 16  # R0001 and R0002 hold the work contract: 2 in 5 of 40 residence permits

    assert main(["--data-dir", str(isolated_kiosk_env), "stats", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "since": None, "errands": 100, "within_30_min": 60, "result_on_spot": 40,
        "one_visit": 60, "materials_saved": saved, "share_within_30_min": 0.6,
        "share_result_on_spot": 0.4, "share_one_visit": 0.6}

    assert main(["--data-dir", str(isolated_kiosk_env), "stats", "--json",
                 "--since", "2026-01-05"]) == 0
    assert json.loads(capsys.readouterr().out)["errands"] == 100
    assert main(["--data-dir", str(isolated_kiosk_env), "stats", "--json",
                 "--since", "2026-01-08"]) == 0  # the 100 errands took about 27 hours
    later = json.loads(capsys.readouterr().out)
    assert later["errands"] == 0 and later["share_one_visit"] is None
    assert main(["--data-dir", str(isolated_kiosk_env), "stats"]) == 0
    text = capsys.readouterr().out
    assert "errands: 100" in text and "60.0% (60)" in text and "40.0% (40)" in text


def test_stats_on_a_terminal_without_errands(isolated_kiosk_env: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(isolated_kiosk_env), "stats", "--json", "--since", "7d"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["errands"] == 0 and out["share_within_30_min"] is None


def test_a_bad_since_is_refused(isolated_kiosk_env: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(isolated_kiosk_env), "stats", "--since", "2026-02-30"])
    assert exit_.value.code == 2
    assert "not a date" in capsys.readouterr().err
