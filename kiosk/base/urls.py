"""The rule for a hub URL: https to a named host, plain http only to a literal loopback address."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def hub_url_problem(url: str) -> str | None:
    """Why ``url`` may not be a hub URL, or ``None`` when it may.

    The URL is parsed, not prefix-matched: ``http://127.0.0.1@192.0.2.2/`` goes to
    192.0.2.2 and ``http://localhost.attacker.example/`` to a stranger, and both would
    carry the enrolment token and the terminal's secret in clear.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "is not a URL"
    del port  # parsed only to reject a malformed port
    if parts.scheme not in ("https", "http"):
        return "must start with https://"
    if "@" in parts.netloc:
        return "must not carry a user name or password (nothing may come before the host)"
    host = parts.hostname
    if not host:
        return "has no host"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    if parts.scheme == "http" and not is_loopback_literal(host):
        return "must use https:// (plain http only to a literal loopback address, 127.0.0.1 or ::1)"
    return None


def is_loopback_literal(host: str) -> bool:
    """Whether ``host`` is a loopback IP address written out (a name could point anywhere)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
