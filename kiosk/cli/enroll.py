"""``kiosk enroll``: enrol this terminal with the hub, with retries and one exit code per cause."""

from __future__ import annotations

import argparse
import json
import sys

from kiosk.app.enrolment import EnrolOutcome, EnrolResult, RetryPolicy, enrol
from kiosk.cli.common import context

# One exit code per cause, so a roll-out script can tell them apart (see README).
EXIT_CODES: dict[EnrolOutcome, int] = {
    EnrolOutcome.ENROLLED: 0,
    EnrolOutcome.ALREADY_ENROLLED: 0,
    EnrolOutcome.NO_HUB: 2,
    EnrolOutcome.NO_TOKEN: 2,
    EnrolOutcome.BAD_TOKEN: 3,
    EnrolOutcome.USED_TOKEN: 4,
    EnrolOutcome.HUB_DOWN: 5,
    EnrolOutcome.CLOCK_SKEW: 6,
    EnrolOutcome.TERMINAL_HELD: 7,
    EnrolOutcome.CREDENTIALS_UNUSABLE: 8,
    EnrolOutcome.REFUSED: 8,
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``enroll`` command."""
    cmd = sub.add_parser(
        "enroll", help="enrol this terminal with the hub using a one-time token (safe to re-run)",
        description="Trade a one-time enrolment token for this terminal's hub credentials. "
        "Exit codes: 0 enrolled or already enrolled, 2 no hub.url or no token, 3 bad token, "
        "4 token already used, 5 hub unreachable or failing after retries, 6 clock too far "
        "off the hub's, 7 the hub already holds this terminal (revoke it first), 8 refused "
        "otherwise or saved credentials unusable.")
    cmd.add_argument("--token", help="the one-time enrolment token (default: "
                     "hub.enrollment_token from the config); write one that starts with "
                     "'-' as --token=TOKEN")
    cmd.add_argument("--hub-url", help="enrol with this hub instead of hub.url")
    cmd.add_argument("--wait", type=float, default=60.0, metavar="SECONDS",
                     help="keep retrying a hub that is down or failing for this long "
                     "(default 60; 0 tries once)")
    cmd.add_argument("--json", action="store_true", help="print the result as JSON")
    cmd.set_defaults(func=_enroll)


def result_json(result: EnrolResult) -> dict[str, object]:
    """The result without the secret: what a script or a log may keep."""
    creds = result.credentials
    return {"ok": result.ok, "outcome": result.outcome.value, "detail": result.detail,
            "fix": result.fix, "attempts": result.attempts,
            "clock_skew_s": None if result.clock_skew_s is None else round(result.clock_skew_s, 1),
            "terminal_id": creds.terminal_id if creds else None,
            "tracking_prefix": creds.tracking_prefix if creds else None}


def _enroll(args: argparse.Namespace) -> int:
    if args.wait < 0:
        print("--wait: must be 0 or more seconds", file=sys.stderr)
        return 2
    ctx = context(args)
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    token = args.token or ctx.config.hub.enrollment_token
    url = args.hub_url or ctx.config.hub.url

    def note(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    result = enrol(ctx, url, token, retry=RetryPolicy(wait_s=args.wait), note=note)
    if args.json:
        print(json.dumps(result_json(result), ensure_ascii=False))
    else:
        stream = sys.stdout if result.ok else sys.stderr
        print(("" if result.ok else "cannot enrol: ") + result.detail, file=stream)
        if result.fix:
            print(f"fix: {result.fix}", file=stream)
    return EXIT_CODES[result.outcome]
