"""Finding 6: concurrent wrong level-2 codes never get past the lock (at most 4 before it)."""

from __future__ import annotations

import threading
from pathlib import Path

from hubtools import card_of, resident_where

from kiosk.base.clock import ManualClock
from kiosk.devtools.refhub.store import HubProblem, HubStore
from kiosk.devtools.refhub.store.sessions import MAX_CODE_ATTEMPTS
from kiosk.hub import schema as s

TERMINAL = "T-LOCK"
THREADS = 24
TRIALS = 12


def _wrong_code_storm(store: HubStore) -> list[str]:
    """Answers to THREADS wrong codes sent at one instant for one fresh session, then the
    right code."""
    person = resident_where(lambda p: True)
    session = store.identify_card(card_of(person), TERMINAL)
    store.send_code(session.session_id, TERMINAL)
    right = store.sent_codes()[-1]["code"]
    wrong = "000000" if right != "000000" else "111111"
    start = threading.Barrier(THREADS)
    answers: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        start.wait()
        try:
            store.verify_code(session.session_id, wrong, TERMINAL)
            reason = "verified"
        except HubProblem as exc:
            reason = exc.reason
        with lock:
            answers.append(reason)

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    # The right code cannot open a locked session either.
    try:
        store.verify_code(session.session_id, right, TERMINAL)
        answers.append("verified")
    except HubProblem as exc:
        answers.append(exc.reason)
    return answers


def test_no_more_wrong_answers_than_the_lock_allows(tmp_path: Path) -> None:
    store = HubStore(tmp_path / "hub", ManualClock())
    try:
        store.enroll(s.EnrollRequest(token=store.mint_token(TERMINAL), terminal_id=TERMINAL))
        for _ in range(TRIALS):
            answers = _wrong_code_storm(store)
            assert answers.count("code_wrong") == MAX_CODE_ATTEMPTS - 1, answers
            assert answers.count("code_locked") == THREADS + 1 - (MAX_CODE_ATTEMPTS - 1)
            assert "verified" not in answers
    finally:
        store.close()
