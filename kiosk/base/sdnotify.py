"""systemd's service notification protocol: READY=1, WATCHDOG=1 and STATUS= on $NOTIFY_SOCKET.

A few lines instead of a dependency: each message is one datagram of
``KEY=value`` lines sent to the AF_UNIX socket systemd names in ``NOTIFY_SOCKET``
(``@name`` is an abstract socket). Outside systemd the variable is unset and
every call is a no-op, so development and tests run the same code.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class Notifier:
    """Sends notifications to the service manager; does nothing when there is none."""

    def __init__(self, address: str | None) -> None:
        self.address = address or None
        self._socket: socket.socket | None = None
        self._failed = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Notifier:
        """The notifier systemd asked for through ``NOTIFY_SOCKET`` (none: disabled)."""
        env = os.environ if environ is None else environ
        return cls(env.get("NOTIFY_SOCKET"))

    @property
    def enabled(self) -> bool:
        """Whether a service manager listens."""
        return self.address is not None

    def notify(self, *lines: str) -> bool:
        """Send one message of ``KEY=value`` lines; False if it could not be sent."""
        if self.address is None:
            return False
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto("\n".join(lines).encode(), target)
        except OSError as exc:
            # Logged once: a watchdog ping fails the same way every few seconds.
            if not self._failed:
                log.warning("cannot notify systemd at %s: %s", self.address, exc)
                self._failed = True
            return False
        return True

    def ready(self, status: str | None = None) -> bool:
        """Start-up is complete: systemd's ``Type=notify`` start job finishes."""
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def watchdog(self) -> bool:
        """Still alive: resets systemd's ``WatchdogSec=`` timer."""
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        """A one-line state shown by ``systemctl status``."""
        return self.notify(f"STATUS={text}")

    def stopping(self) -> bool:
        """Shutting down on purpose."""
        return self.notify("STOPPING=1")

    def close(self) -> None:
        """Release the socket."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def watchdog_interval_s(environ: Mapping[str, str] | None = None) -> float | None:
    """How often to ping: half of systemd's ``WATCHDOG_USEC``; None without a watchdog.

    ``WATCHDOG_PID`` is deliberately not checked: it names the unit's main process,
    which on a terminal is the cage compositor, while the pings come from its child,
    the kiosk (the unit sets ``NotifyAccess=all``).
    """
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec / 2_000_000 if usec > 0 else None
