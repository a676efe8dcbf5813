"""A rating made offline waits in the outbox, follows its submission, and reaches the hub
exactly once, even when the hub's answer to it is lost on the way back."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import card_for

from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey, warm_cache
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config
from kiosk.base.context import Context
from kiosk.devtools.refhub.embedded import admin_of, open_simulated
from kiosk.hub import schema as s
from kiosk.hub.client import HubClient
from kiosk.hub.errors import HubUnreachable
from offline_cache.sync import SyncWorker


class _NoJitter(random.Random):
    """Backoff without waiting, so the next pass retries at once."""

    def uniform(self, a: float, b: float) -> float:
        return a


class _AnswerLost:
    """The real client, except that the hub's answer to a rating never comes back."""

    def __init__(self, client: HubClient) -> None:
        self.client = client

    def put_document(self, sha256: str, data: bytes, content_type: str) -> Any:
        return self.client.put_document(sha256, data, content_type)

    def submit(self, submission: s.Submission) -> s.SubmissionResult:
        return self.client.submit(submission)

    def health(self) -> Any:
        return self.client.health()

    def rate(self, rating: s.Rating) -> s.RatingResult:
        self.client.rate(rating)
        raise HubUnreachable("connection reset after the hub stored the rating")


@pytest.fixture
def quiet_runtime(isolated_kiosk_env: Path) -> Iterator[Runtime]:
    """A simulated kiosk whose sync worker does not run by itself: the test drives it."""
    rt = open_simulated(Context(default_config(), isolated_kiosk_env, SystemClock()),
                        start_sync=False)
    warm_cache(rt)
    try:
        yield rt
    finally:
        rt.close()


def _hotline_offline(rt: Runtime) -> str:
    rt.offline = True
    journey = build_journey(rt)
    journey.handle(card_for("R0010"))
    journey.handle(j.ConfirmIdentity())
    journey.handle(j.ChooseService("hotline_12345"))
    assert journey.step is j.Step.FORM
    for name, value in (("topic", "complaint"), ("category", "noise"),
                        ("description", "夜间施工噪声扰民")):
        journey.handle(j.SetField(name, value))
    journey.handle(j.SubmitForm())
    journey.handle(j.MaterialsDone())  # the photo is optional
    journey.handle(j.ConfirmAndSubmit(agreed=True))
    receipt = journey.view().receipt
    assert receipt is not None and receipt.status == "queued"
    journey.handle(j.Finish())
    journey.handle(j.Rate(2))
    journey.handle(j.ToggleRatingReason("slow"))
    journey.handle(j.SetRatingComment("等待时间较长"))
    journey.handle(j.SubmitRating())
    assert journey.step is j.Step.IDLE and journey.message == j.Message("rating.thanks")
    return receipt.tracking_code


def test_an_offline_rating_reaches_the_hub_exactly_once(quiet_runtime: Runtime) -> None:
    rt = quiet_runtime
    admin = admin_of(rt.hub)
    assert admin is not None and rt.client is not None
    code = _hotline_offline(rt)
    assert rt.ratings.counts() == {"pending": 1, "sent": 0, "needs_attention": 0}
    assert rt.ratings.due() == []  # its submission has not reached the hub yet
    assert admin.ratings() == []

    rt.offline = False
    lossy = SyncWorker(rt.outbox, _AnswerLost(rt.client), rt.ctx.clock, rt.ctx.config.sync,
                       rng=_NoJitter(), ratings=rt.ratings)
    report = lossy.sync_once()
    assert len(report.sent) == 1 and report.ratings_sent == []
    assert rt.ratings.counts()["pending"] == 1  # the answer was lost: not known as sent
    assert len(admin.ratings()) == 1  # but the hub has it

    worker = SyncWorker(rt.outbox, rt.client, rt.ctx.clock, rt.ctx.config.sync,
                        rng=_NoJitter(), ratings=rt.ratings)
    assert len(worker.sync_once().ratings_sent) == 1  # sent again; the hub answers 200
    assert worker.sync_once().ratings_sent == []
    assert rt.ratings.counts() == {"pending": 0, "sent": 1, "needs_attention": 0}
    (stored,) = admin.ratings()
    assert (stored["tracking_code"], stored["level"], stored["reasons"], stored["comment"]) == (
        code, 2, ["slow"], "等待时间较长")
    # Once delivered, the comment no longer sits on the terminal.
    assert rt.store.query("SELECT payload FROM ratings")[0]["payload"] is None
