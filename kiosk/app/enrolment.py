"""Enrol this terminal with the hub: trade a one-time token for its signing credentials.

``kiosk enroll``, ``kiosk provision`` and a running kiosk's service monitor all
enrol through :func:`enrol`. Every way it can end is an :class:`EnrolOutcome`
with a detail and a fix a technician can carry out, never an exception: a bad
token, a spent one, a hub that is down (retried with backoff first), a clock too
far off the hub's (checked before the token is spent), a hub that already holds
this terminal. Re-running is safe: saved credentials the hub still accepts are
kept and the token is not spent.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.base.context import Context
from kiosk.hub.client import HubClient, TerminalCredentials
from kiosk.hub.errors import HubAuthError, HubConflict, HubError, HubRejected
from kiosk.hub.signing import MAX_SKEW_S

# Past the hub's signing window every signed request would be refused as stale, and receipts
# would print the wrong time: enrolment stops before it spends the token.
SKEW_LIMIT_S = float(MAX_SKEW_S)

NOTE = Callable[[str], None]


class EnrolOutcome(enum.StrEnum):
    """How an enrolment ended."""

    ENROLLED = "enrolled"
    ALREADY_ENROLLED = "already_enrolled"
    NO_HUB = "no_hub"
    NO_TOKEN = "no_token"
    BAD_TOKEN = "bad_token"
    USED_TOKEN = "used_token"
    HUB_DOWN = "hub_down"
    CLOCK_SKEW = "clock_skew"
    TERMINAL_HELD = "terminal_held"
    CREDENTIALS_UNUSABLE = "credentials_unusable"
    REFUSED = "refused"

    @property
    def ok(self) -> bool:
        """Whether the terminal has working credentials afterwards."""
        return self in (EnrolOutcome.ENROLLED, EnrolOutcome.ALREADY_ENROLLED)


@dataclass(frozen=True)
class EnrolResult:
    """What :func:`enrol` found or did; ``credentials`` only when ``outcome.ok``."""

    outcome: EnrolOutcome
    detail: str
    fix: str = ""
    credentials: TerminalCredentials | None = None
    attempts: int = 0
    clock_skew_s: float | None = None

    @property
    def ok(self) -> bool:
        """Whether the terminal is enrolled now."""
        return self.outcome.ok


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep trying a hub that is down or failing: doubling waits, capped."""

    wait_s: float = 60.0  # give up when the next attempt would start after this
    base_s: float = 1.0
    cap_s: float = 30.0

    def delay(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt`` (1-based)."""
        return float(min(self.cap_s, self.base_s * 2 ** (attempt - 1)))


ONE_ATTEMPT = RetryPolicy(wait_s=0.0)
DEFAULT_RETRY = RetryPolicy()


def credentials_path(ctx: Context) -> Path:
    """Where this terminal's hub credentials live."""
    return ctx.config.hub.credentials or ctx.data_dir / "credentials.json"


class CredentialsProblem(ValueError):
    """Saved credentials exist but cannot be used; the message says why and what to do."""


def saved_credentials(ctx: Context, path: Path | None = None) -> TerminalCredentials | None:
    """This terminal's saved credentials; ``None`` if it never enrolled.

    ``CredentialsProblem`` when the file cannot be used (others can read it, it is not a
    credentials file, it is another terminal's, or it signs with another algorithm than
    ``crypto_profile`` asks for).
    """
    path = path or credentials_path(ctx)
    if not path.exists():
        return None
    try:
        saved = TerminalCredentials.load(path)
    except (OSError, ValueError) as exc:
        raise CredentialsProblem(f"the hub credentials cannot be used: {exc}") from exc
    wanted = ctx.config.crypto.signature_algorithm
    if saved.signature_algorithm != wanted:
        # Signing on with the old algorithm would quietly ignore the configured profile.
        raise CredentialsProblem(
            f"the hub credentials sign with {saved.signature_algorithm} but "
            f"crypto_profile = {ctx.config.crypto.name!r} asks for {wanted}. Fix: have "
            f"the hub revoke terminal {saved.terminal_id}, remove {path} and enrol again "
            "(kiosk enroll --token T)")
    if saved.terminal_id != ctx.config.terminal.id:
        raise CredentialsProblem(
            f"the hub credentials in {path} are terminal {saved.terminal_id}'s, but "
            f"terminal.id is {ctx.config.terminal.id}. Fix: correct terminal.id, or have the "
            f"hub revoke {saved.terminal_id}, remove {path} and enrol again")
    return saved


def _token_fix(ctx: Context) -> str:
    return (f"ask the hub operator for a new token for terminal {ctx.config.terminal.id} "
            f"(reference hub: kiosk hub token create --terminal {ctx.config.terminal.id}), "
            "then run kiosk enroll --token <token>")


def enrol(ctx: Context, url: str | None, token: str | None, *,
          retry: RetryPolicy = DEFAULT_RETRY, note: NOTE | None = None) -> EnrolResult:
    """Make sure this terminal is enrolled with the hub at ``url``; see :class:`EnrolOutcome`.

    Saved credentials the hub accepts (or that cannot be checked because the hub is down)
    are kept and ``token`` is not spent. Otherwise ``token`` is traded for new credentials,
    which are saved (0600) before this returns. Server errors and network failures are
    retried with :class:`RetryPolicy`'s backoff on ``ctx.clock``; ``note`` hears of each retry.
    """
    say = note or (lambda _text: None)
    if not url:
        return EnrolResult(EnrolOutcome.NO_HUB, "hub.url is not set",
                           'set hub.url = "https://<city hub>/" in the config file')
    url = url.rstrip("/")
    path = credentials_path(ctx)
    try:
        saved = saved_credentials(ctx, path)
    except CredentialsProblem as exc:
        if not token:
            detail, _, fix = str(exc).partition(" Fix: ")
            return EnrolResult(EnrolOutcome.CREDENTIALS_UNUSABLE, detail, fix)
        say(f"replacing unusable credentials: {exc}")
        saved = None
    if saved is not None:
        checked = _check_saved(ctx, url, saved, has_token=bool(token))
        if checked is not None:
            return checked
        say("the hub no longer accepts the saved credentials; enrolling with the token")
    if not token:
        return EnrolResult(EnrolOutcome.NO_TOKEN, f"terminal {ctx.config.terminal.id} is not "
                           "enrolled with the hub and no enrolment token was given",
                           _token_fix(ctx))
    return _enrol_with_token(ctx, url, token, path, retry, say)


def _client(ctx: Context, url: str, credentials: TerminalCredentials | None) -> HubClient:
    return HubClient(url, credentials, clock=ctx.clock, timeout_s=ctx.config.hub.timeout_s,
                     max_retries=0, ca_bundle=ctx.config.hub.ca_bundle)


def _check_saved(ctx: Context, url: str, saved: TerminalCredentials,
                 *, has_token: bool) -> EnrolResult | None:
    """The result for saved credentials, or ``None`` when the hub refused them and a token
    can replace them."""
    try:
        with _client(ctx, url, saved) as client:
            client.catalog()
    except HubAuthError as exc:
        if has_token:
            return None
        return EnrolResult(EnrolOutcome.BAD_TOKEN, f"the hub refuses this terminal's saved "
                           f"credentials ({exc.reason or exc.status}): it was revoked or the "
                           "hub was reset", _token_fix(ctx))
    except HubError as exc:
        return EnrolResult(EnrolOutcome.ALREADY_ENROLLED,
                           f"already enrolled as {saved.terminal_id}; the hub could not "
                           f"confirm it now ({exc.kind.value})", "", saved)
    unused = "; the token was not used" if has_token else ""
    return EnrolResult(EnrolOutcome.ALREADY_ENROLLED, f"already enrolled as "
                       f"{saved.terminal_id} (the hub accepts its credentials){unused}", "",
                       saved)


def _enrol_with_token(ctx: Context, url: str, token: str, path: Path, retry: RetryPolicy,
                      say: NOTE) -> EnrolResult:
    clock = ctx.clock
    started = clock.monotonic()
    attempt = 0
    answer_lost = False  # an earlier POST may have reached the hub and spent the token
    while True:
        attempt += 1
        progress = _Progress()
        try:
            return _attempt(ctx, url, token, path, attempt, progress)
        except HubError as exc:
            if not exc.retryable:
                return _refused(ctx, exc, attempt, answer_lost)
            answer_lost = answer_lost or progress.posted
            delay = retry.delay(attempt)
            if clock.monotonic() - started + delay > retry.wait_s:
                return EnrolResult(
                    EnrolOutcome.HUB_DOWN, f"the hub at {url} did not answer after {attempt} "
                    f"attempt(s): {exc.detail}", "check the network and hub.url (kiosk "
                    "doctor), then run kiosk enroll again; the token stays good until used",
                    attempts=attempt)
            say(f"attempt {attempt} failed ({exc.detail}); retrying in {delay:.0f} s")
            clock.sleep(delay)


@dataclass
class _Progress:
    posted: bool = False  # the token went out in an enrolment request


def _attempt(ctx: Context, url: str, token: str, path: Path, attempt: int,
             progress: _Progress) -> EnrolResult:
    with _client(ctx, url, None) as probe:
        health = probe.health()
        # The body's server time is finer than the Date header's whole seconds.
        skew = (health.server_time - ctx.clock.now()).total_seconds()
    if abs(skew) > SKEW_LIMIT_S:
        return EnrolResult(
            EnrolOutcome.CLOCK_SKEW, f"this terminal's clock is {skew:+.0f} s off the hub's "
            f"(more than {SKEW_LIMIT_S:.0f} s): the hub would refuse its signed requests; "
            "the token was not used", "turn on time sync (timedatectl set-ntp true) or set "
            "the time (timedatectl set-time), then run kiosk enroll again",
            attempts=attempt, clock_skew_s=skew)
    progress.posted = True
    credentials = HubClient.enroll(
        url, token, ctx.config.terminal.id, ctx.config.terminal.description, clock=ctx.clock,
        timeout_s=ctx.config.hub.timeout_s, ca_bundle=ctx.config.hub.ca_bundle,
        signature_algorithms=(ctx.config.crypto.signature_algorithm,))
    credentials.save(path)
    return EnrolResult(EnrolOutcome.ENROLLED, f"enrolled as {credentials.terminal_id} "
                       f"(tracking prefix {credentials.tracking_prefix}, signing "
                       f"{credentials.signature_algorithm})", "", credentials,
                       attempts=attempt, clock_skew_s=skew)


def _refused(ctx: Context, exc: HubError, attempt: int, answer_lost: bool) -> EnrolResult:
    terminal = ctx.config.terminal.id
    if isinstance(exc, HubAuthError) and exc.reason == "token_used":
        detail = "the enrolment token was already used"
        if answer_lost:
            detail += (" (an earlier attempt of this run may have spent it and its answer was "
                       "lost)")
        return EnrolResult(EnrolOutcome.USED_TOKEN, detail, _token_fix(ctx), attempts=attempt)
    if isinstance(exc, HubAuthError) and exc.reason == "token_wrong_terminal":
        return EnrolResult(EnrolOutcome.BAD_TOKEN, f"the enrolment token was minted for another "
                           f"terminal, not {terminal}", "check terminal.id in the config, or "
                           + _token_fix(ctx), attempts=attempt)
    if isinstance(exc, HubAuthError):
        return EnrolResult(EnrolOutcome.BAD_TOKEN, "the hub does not know this enrolment "
                           "token (mistyped?)", "copy the token again, or " + _token_fix(ctx),
                           attempts=attempt)
    if isinstance(exc, HubConflict) and exc.reason == "terminal_enrolled":
        return EnrolResult(EnrolOutcome.TERMINAL_HELD, f"the hub already holds an enrolled "
                           f"terminal {terminal}, but this machine has no credentials for it",
                           f"have the hub operator revoke {terminal} (reference hub: kiosk hub "
                           f"revoke {terminal}) and mint a new token, then run kiosk enroll "
                           "--token <token>", attempts=attempt)
    if isinstance(exc, HubRejected):
        problems = "; ".join(f"{p.field or '-'}: {p.message}" for p in exc.problems)
        return EnrolResult(EnrolOutcome.REFUSED, f"the hub refused the enrolment "
                           f"({exc.reason or exc.status}{': ' + problems if problems else ''})",
                           "check terminal.id and crypto_profile against what the hub "
                           "operator registered", attempts=attempt)
    return EnrolResult(EnrolOutcome.REFUSED, f"the hub refused the enrolment: {exc.detail}",
                       "check hub.url points at the city hub (kiosk doctor)", attempts=attempt)
