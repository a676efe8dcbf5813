"""Fault: a minted enrolment token could start with "-", which `kiosk enroll --token T`
reads as an option (argparse: "expected one argument"); about one token in 64 did."""

from __future__ import annotations

from pathlib import Path

from kiosk.base.clock import SystemClock
from kiosk.devtools.refhub.store import HubStore


def test_no_minted_token_starts_with_a_dash(tmp_path: Path) -> None:
    store = HubStore(tmp_path / "hub", SystemClock())
    # With 1 in 64 starting with "-", 1,000 tokens hold one with odds of 1 - (63/64)^1000.
    tokens = [store.mint_token("T-0001") for _ in range(1000)]
    assert len(set(tokens)) == 1000
    assert not [t for t in tokens if t.startswith("-")]
