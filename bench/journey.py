"""Time from "identity read" to "prefilled form ready" over headless journeys on loopback.

Prints one JSON object. Each journey reads a demo resident's card on the
simulated reader, identifies with the embedded reference hub, passes the
level-2 code, and opens the residence-permit form prefilled from card and hub.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.app.runtime import build_journey, warm_cache
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config
from kiosk.base.context import Context
from kiosk.devtools.headless import run_headless
from kiosk.devtools.refhub.embedded import admin_of, open_simulated
from kiosk.devtools.residents import resident


def main() -> None:
    """Run the journeys and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--journeys", type=int, default=50)
    parser.add_argument("--service", default="residence_permit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context(default_config(), Path(tmp), SystemClock())
        with open_simulated(ctx) as rt:
            warm_cache(rt)
            assert rt.devices is not None and admin_of(rt.hub) is not None
            admin = admin_of(rt.hub)
            to_form: list[float] = []
            total: list[float] = []
            statuses: dict[str, int] = {}
            for i in range(args.journeys):
                journey = build_journey(rt)

                def code(journey=journey) -> str | None:  # type: ignore[no-untyped-def]
                    sess = journey.session.identity.hub_session
                    return admin.latest_code(sess.session_id) if sess else None

                person = resident(f"R{(i % 200) + 1:04d}")
                result = run_headless(journey, rt.devices, person, args.service, ctx.clock,
                                      read_code=code)
                to_form.append(result.timings_ms["identity_to_form"])
                total.append(result.timings_ms["total"])
                statuses[result.status] = statuses.get(result.status, 0) + 1

    def p95(xs: list[float]) -> float:
        return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]

    print(json.dumps({
        "journeys": args.journeys,
        "service": args.service,
        "identity_to_prefilled_form_ms": {"median": round(statistics.median(to_form), 2),
                                          "p95": round(p95(to_form), 2)},
        "whole_journey_ms": {"median": round(statistics.median(total), 2),
                             "p95": round(p95(total), 2)},
        "statuses": statuses,
        "note": "identity→form includes identify, request+verify level-2 code (admin lookup), "
                "catalog/form revalidation and hub prefill, all over loopback HTTP",
    }))


if __name__ == "__main__":
    main()
