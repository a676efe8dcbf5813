"""An in-process reference hub for demos and tests, plus automatic terminal enrolment."""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import requests
import uvicorn

from kiosk.app.runtime import ConfiguredHub, HubLink, Runtime, open_runtime
from kiosk.base.clock import Clock, SystemClock
from kiosk.base.context import Context
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.refhub.app import ADMIN_HEADER, create_app, load_admin_key
from kiosk.devtools.refhub.faults import FaultSettings, parse_fault_spec
from kiosk.devtools.refhub.server import bind_socket, make_config
from kiosk.hub.client import HubClient, TerminalCredentials
from kiosk.hub.errors import HubAuthError, HubConflict, HubError
from kiosk.hub.signing import DEFAULT_SIGNATURE_ALGORITHM

_START_TIMEOUT_S = 20.0
_STOP_TIMEOUT_S = 10.0
# The admin URL ``kiosk hub serve`` prints and writes next to its data: the key rides in the
# fragment, which no HTTP client sends, so the URL can be pasted into a browser bar safely.
ADMIN_URL_FILE = "admin.url"
# Enrolment attempts against a hub that fails some requests on purpose (error_rate, drops).
ENROL_ATTEMPTS = 8


class AdminClient:
    """Talks to the reference hub's ``/admin`` endpoints (not part of the v1 contract)."""

    def __init__(self, base_url: str, admin_key: str, timeout_s: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = requests.Session()
        self._session.headers[ADMIN_HEADER] = admin_key
        # A fresh connection per call: a pooled one the hub closed after its 5 s keep-alive
        # would be reset under a test that calls again just then.
        self._session.headers["Connection"] = "close"
        self._timeout = timeout_s

    @classmethod
    def from_url(cls, admin_url: str, timeout_s: float = 10.0) -> AdminClient:
        """The client for an admin URL as ``kiosk hub serve`` prints it (``…/admin#key=K``)."""
        base, key = parse_admin_url(admin_url)
        return cls(base, key, timeout_s)

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._session.close()

    def _call(self, method: str, path: str, json_body: Any = None) -> Any:
        response = self._session.request(method, self.base_url + path, json=json_body,
                                         timeout=self._timeout)
        response.raise_for_status()
        return response.json()

    def mint_token(self, terminal_id: str) -> str:
        """A one-time enrolment token for ``terminal_id``."""
        return str(self._call("POST", "/admin/tokens", {"terminal_id": terminal_id})["token"])

    def revoke(self, terminal_id: str) -> None:
        """Revoke an enrolled terminal (its secret and sessions end) so it can enrol again."""
        self._call("POST", f"/admin/terminals/{terminal_id}/revoke")

    def tokens(self) -> list[dict[str, Any]]:
        """Every enrolment token and whether it was used."""
        return list(self._call("GET", "/admin/tokens"))

    def sent_codes(self) -> list[dict[str, Any]]:
        """One-time codes the hub 'texted' (session_id, phone_hint, code, sent_at)."""
        return list(self._call("GET", "/admin/codes"))

    def latest_code(self, session_id: str) -> str:
        """The last code sent for one session."""
        codes = [c for c in self.sent_codes() if c["session_id"] == session_id]
        if not codes:
            raise LookupError("no code was sent for this session")
        return str(codes[-1]["code"])

    def submissions(self) -> list[dict[str, Any]]:
        """Received submissions (without form contents)."""
        return list(self._call("GET", "/admin/submissions"))

    def set_faults(self, spec: str | FaultSettings) -> FaultSettings:
        """Set fault injection from a spec string or settings."""
        settings = parse_fault_spec(spec) if isinstance(spec, str) else spec
        return FaultSettings.model_validate(
            self._call("POST", "/admin/faults", settings.model_dump()))

    def faults(self) -> FaultSettings:
        """The fault settings in force."""
        return FaultSettings.model_validate(self._call("GET", "/admin/faults"))

    def fault_counts(self) -> dict[str, int]:
        """How many ``/v1`` requests passed, failed, dropped, … since the hub started."""
        return {str(k): int(v) for k, v in self._call("GET", "/admin/faults/counts").items()}

    def eid_payload(self, resident_id: str) -> str:
        """A fresh e-ID QR payload for a demo resident (valid 5 minutes, single use)."""
        return str(self._call("POST", f"/admin/eid/{resident_id}")["payload"])

    def call_staff_requests(self) -> list[dict[str, Any]]:
        """Every call-staff request."""
        return list(self._call("GET", "/admin/call-staff"))

    def heartbeats(self) -> list[dict[str, Any]]:
        """Every stored heartbeat."""
        return list(self._call("GET", "/admin/heartbeats"))

    def appointments(self) -> list[dict[str, Any]]:
        """Every appointment."""
        return list(self._call("GET", "/admin/appointments"))

    def ratings(self) -> list[dict[str, Any]]:
        """Every rating residents gave (level, reasons, comment, tracking code)."""
        return list(self._call("GET", "/admin/ratings"))

    def technician_signins(self) -> list[dict[str, Any]]:
        """Every technician sign-in attempt (staff id, terminal, time, outcome)."""
        return list(self._call("GET", "/admin/technician-signins"))

    def advance_case(self, tracking_code: str) -> dict[str, Any]:
        """Move a case to its next state now."""
        return dict(self._call("POST", f"/admin/cases/{tracking_code}/advance"))


class EmbeddedHub:
    """The reference hub on a free 127.0.0.1 port, served from a background thread."""

    def __init__(self, hub_dir: Path, clock: Clock | None = None,
                 faults: FaultSettings | None = None) -> None:
        self.hub_dir = hub_dir
        self.clock = clock or SystemClock()
        self._faults = faults
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._admin: AdminClient | None = None
        self.base_url = ""

    @property
    def url(self) -> str:
        """The base URL; only after ``start()`` (``kiosk.app.runtime.HubLink``)."""
        if not self.base_url:
            raise RuntimeError("the embedded hub is not running")
        return self.base_url

    def credentials(self, ctx: Context, path: Path) -> TerminalCredentials:
        """This terminal enrolled with the embedded hub, automatically (``HubLink``)."""
        return ensure_enrolled(self.url, self.admin, path, ctx.config.terminal.id,
                               clock=ctx.clock, description=ctx.config.terminal.description,
                               signature_algorithms=(ctx.config.crypto.signature_algorithm,))

    @property
    def admin(self) -> AdminClient:
        """The admin helper; only after ``start()``."""
        if self._admin is None:
            raise RuntimeError("the embedded hub is not running")
        return self._admin

    def start(self) -> str:
        """Start serving; returns the base URL once the hub accepts connections."""
        if self._server is not None:
            return self.base_url
        sock = bind_socket("127.0.0.1", 0)
        port = sock.getsockname()[1]
        self._app = create_app(self.hub_dir, self.clock, self._faults)
        config = make_config(self._app, host="127.0.0.1", port=port)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                  name=f"refhub-{port}", daemon=True)
        thread.start()
        # Wall-clock bound on purpose: this waits for a real server, whatever clock the hub uses.
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                sock.close()
                raise RuntimeError("the embedded hub did not start")
            thread.join(0.01)
        self._server, self._thread = server, thread
        self._sock = sock
        self.base_url = f"http://127.0.0.1:{port}"
        self._admin = AdminClient(self.base_url, load_admin_key(self.hub_dir))
        return self.base_url

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(_STOP_TIMEOUT_S)
        if self._admin is not None:
            self._admin.close()
        self._app.state.hub.store.close()
        self._sock.close()
        self._server = self._thread = self._admin = None

    def __enter__(self) -> EmbeddedHub:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def admin_url(base_url: str, admin_key: str) -> str:
    """The admin URL of a reference hub: its base URL, ``/admin`` and the key in the fragment."""
    return f"{base_url.rstrip('/')}/admin#key={urllib.parse.quote(admin_key, safe='')}"


def parse_admin_url(url: str) -> tuple[str, str]:
    """``(base URL, admin key)`` from an admin URL; ``ValueError`` naming the fix if it is not one."""
    parts = urllib.parse.urlsplit(url.strip())
    key = urllib.parse.parse_qs(parts.fragment).get("key", [""])[0]
    if parts.scheme not in ("http", "https") or not parts.netloc or not key:
        raise ValueError(f"{url!r} is not a reference hub admin URL. Fix: copy the "
                         "'admin: http://…/admin#key=…' line kiosk hub serve prints, or its "
                         f"{ADMIN_URL_FILE} file in the hub's data folder")
    path = parts.path.rstrip("/")
    if path.endswith("/admin"):
        path = path[: -len("/admin")]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", "")), key


@dataclass
class RemoteReferenceHub:
    """A reference hub running elsewhere (``kiosk hub serve``), reached with its admin key.

    A ``HubLink`` that enrols the terminal by itself (minting a token through
    ``/admin``) and hands the dev tools the admin client, so a headless journey can
    read the one-time code the hub "texted" and check what the hub received.
    """

    url: str
    admin: AdminClient

    def credentials(self, ctx: Context, path: Path) -> TerminalCredentials:
        """Saved credentials that still work, else a fresh enrolment (``HubLink``)."""
        return ensure_enrolled(self.url, self.admin, path, ctx.config.terminal.id,
                               clock=ctx.clock, description=ctx.config.terminal.description,
                               signature_algorithms=(ctx.config.crypto.signature_algorithm,))

    def stop(self) -> None:
        """Release the admin client's connections; the hub itself keeps running."""
        self.admin.close()


def remote_reference_hub(admin_url_text: str, hub_url: str | None = None) -> RemoteReferenceHub:
    """The link for an admin URL; ``hub_url`` (if given) must be the same hub."""
    admin = AdminClient.from_url(admin_url_text)
    if hub_url and hub_url.rstrip("/") != admin.base_url:
        admin.close()
        raise ValueError(f"the admin URL is for {admin.base_url}, not {hub_url}. Fix: pass the "
                         "admin URL of the hub you run the journey against")
    return RemoteReferenceHub(admin.base_url, admin)


def ensure_enrolled(hub_url: str, admin: AdminClient, credentials_path: Path, terminal_id: str,
                    *, clock: Clock | None = None, description: str = "",
                    signature_algorithms: Sequence[str] = (DEFAULT_SIGNATURE_ALGORITHM,),
                    ) -> TerminalCredentials:
    """Working credentials for ``hub_url``: the saved ones if still valid, else a new enrolment.

    Saved credentials signing with an algorithm outside ``signature_algorithms`` (the
    terminal's crypto profile changed) are replaced by a new enrolment.
    """
    clock = clock or SystemClock()
    if credentials_path.exists():
        try:
            saved = TerminalCredentials.load(credentials_path)
        except (OSError, ValueError):
            saved = None
        if (saved is not None and saved.terminal_id == terminal_id
                and saved.signature_algorithm in signature_algorithms):
            with HubClient(hub_url, saved, clock=clock) as client:
                try:
                    client.catalog()
                    return saved
                except HubAuthError:
                    pass  # The hub forgot this terminal (new hub folder): enrol again below.
                except HubError:
                    return saved
    description = description or "embedded reference hub"

    def enrol() -> TerminalCredentials:
        # A hub with injected faults fails some attempts; each gets a fresh token, since a
        # lost answer may have used the last one up.
        for attempt in range(ENROL_ATTEMPTS):
            try:
                return HubClient.enroll(hub_url, admin.mint_token(terminal_id), terminal_id,
                                        description, clock=clock,
                                        signature_algorithms=signature_algorithms)
            except HubError as exc:
                if not exc.retryable or attempt == ENROL_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    try:
        credentials = enrol()
    except HubConflict:
        # The hub holds this terminal but its credentials file is gone (a new data dir on
        # an old hub folder) or signs with another algorithm than the profile now asks
        # for: the dev hub's admin revokes it, as a city's would, and it enrols again.
        admin.revoke(terminal_id)
        credentials = enrol()
    credentials.save(credentials_path)
    return credentials


def admin_of(link: object) -> AdminClient | None:
    """The admin client when ``link`` (a runtime's ``hub``) is a reference hub, else ``None``."""
    if isinstance(link, RemoteReferenceHub):
        return link.admin
    return link.admin if isinstance(link, EmbeddedHub) and link.base_url else None


def start_embedded(ctx: Context) -> EmbeddedHub:
    """The embedded hub for ``ctx``, started, with its SQLite file under ``<data dir>/hub/``."""
    embedded = EmbeddedHub(ctx.data_dir / "hub", clock=ctx.clock)
    embedded.start()
    return embedded


def open_simulated(ctx: Context, *, hub_url: str | None = None, with_devices: bool = True,
                   start_sync: bool = True, offline: bool = False,
                   metrics: bool = False) -> Runtime:
    """A runtime on ``hub_url``, else on a freshly started embedded hub (tests, tour, benches)."""
    hub: HubLink = ConfiguredHub(hub_url.rstrip("/")) if hub_url else start_embedded(ctx)
    return open_runtime(ctx, hub=hub, samples=DemoCards(), with_devices=with_devices,
                        start_sync=start_sync, offline=offline, metrics=metrics)
