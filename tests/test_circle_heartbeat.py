"""Today's one-visit measures travel to the hub with the heartbeat (counts, nothing personal)."""

from __future__ import annotations

import datetime as dt

from kiosk.app.runtime import Runtime
from kiosk.devtools.refhub.embedded import admin_of
from offline_cache.errands import ErrandRecord


def test_the_heartbeat_carries_todays_one_visit_counts(kiosk_runtime: Runtime) -> None:
    rt = kiosk_runtime
    now = rt.ctx.clock.now()
    rt.errands.record(ErrandRecord("social_insurance_certificate", now, 420.0, True, True,
                                   True, 0))
    rt.errands.record(ErrandRecord("residence_permit", now, 2400.0, True, False, True, 1))
    rt.errands.record(ErrandRecord("birth_registration", now, None, False, False, False, 0))
    rt.errands.record(ErrandRecord("senior_card", now - dt.timedelta(days=2), 60.0, True,
                                   False, False, 0))  # not today
    assert rt.heartbeat.send_once()
    admin = admin_of(rt.hub)
    assert admin is not None
    body = admin.heartbeats()[-1]["heartbeat"]
    one_visit = body["one_visit"]
    assert {k: v for k, v in one_visit.items() if k != "since"} == {
        "errands": 3, "within_30_min": 1, "result_on_spot": 1, "one_visit": 2,
        "materials_saved": 1}
    since = dt.datetime.fromisoformat(one_visit["since"])
    assert since <= now and (now - since) < dt.timedelta(days=1)
