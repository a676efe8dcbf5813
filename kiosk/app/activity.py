"""Whether a resident is using the kiosk right now, for ``kiosk update-window``.

The running kiosk keeps one small JSON file, the activity marker, up to date:
the journey's step (``idle`` is the home screen), whether that is a session,
since when, and which process wrote it. Nothing about the resident is in it.
It lives in the runtime directory (``/run/kiosk`` under systemd, a tmpfs that
the service's end and a reboot empty), so a marker never outlives its kiosk;
one left behind all the same (a SIGKILLed process) is recognised by its
process id, start time and boot id.

apt's upgrade run asks :func:`update_window` first and installs updates only
when it says the window is open, because an upgrade restarts the kiosk.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.base.clock import Clock, SystemClock
from kiosk.base.context import Context

MARKER_NAME = "activity.json"
# systemd's RuntimeDirectory=kiosk; the unit exports it as $RUNTIME_DIRECTORY.
SERVICE_RUNTIME_DIR = Path("/run/kiosk")
# The home screen: no resident, nothing to lose.
IDLE_STEP = "idle"


@dataclass(frozen=True)
class Activity:
    """What the marker holds: the step, since when, and who wrote it."""

    step: str
    since: str  # ISO 8601 with offset: when this step began
    pid: int
    start_ticks: int | None  # the process's start time (/proc/PID/stat), against pid reuse
    boot_id: str | None

    @property
    def in_session(self) -> bool:
        """A resident is somewhere past the home screen."""
        return self.step != IDLE_STEP


@dataclass(frozen=True)
class Window:
    """The answer of :func:`update_window`: may updates be installed now, and why (not)."""

    open: bool
    reason: str
    step: str | None = None
    since: str | None = None


def activity_path(ctx: Context) -> Path:
    """Where this kiosk's marker is: the service's runtime dir, else the data dir's ``run/``."""
    runtime = os.environ.get("RUNTIME_DIRECTORY")
    if runtime:
        return Path(runtime.split(":")[0]) / MARKER_NAME
    if ctx.config.profile == "production":
        return SERVICE_RUNTIME_DIR / MARKER_NAME
    return ctx.data_dir / "run" / MARKER_NAME


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return None


def _start_ticks(pid: int) -> int | None:
    """Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count from its end.
    fields = stat[stat.rindex(")") + 2:].split()
    return int(fields[19])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, but it exists
    return True


class ActivityMarker:
    """Writes the marker whenever the journey's step changes; ``clear()`` at exit."""

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = path
        self._clock = clock or SystemClock()
        self._step: str | None = None
        self._pid = os.getpid()
        self._ticks = _start_ticks(self._pid)
        self._boot = _boot_id()

    def record(self, step: str) -> None:
        """Note the step the journey is now on (written only when it changed)."""
        if step == self._step:
            return
        self._step = step
        activity = Activity(step, self._clock.now().isoformat(), self._pid, self._ticks,
                            self._boot)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{self._pid}.tmp")
        partial.write_text(json.dumps(asdict(activity)), encoding="utf-8")
        # Atomic: a reader sees the old marker or the new one, never half of one.
        os.replace(partial, self.path)

    def clear(self) -> None:
        """The kiosk is closing: no marker means no session."""
        self._step = None
        self.path.unlink(missing_ok=True)


def read_activity(path: Path) -> Activity | None:
    """The marker's content; None when there is none. ``ValueError`` when it is unreadable."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from None
    try:
        return Activity(step=str(raw["step"]), since=str(raw["since"]), pid=int(raw["pid"]),
                        start_ticks=None if raw.get("start_ticks") is None
                        else int(raw["start_ticks"]),
                        boot_id=None if raw.get("boot_id") is None else str(raw["boot_id"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not an activity marker ({exc})") from None


def _writer_running(activity: Activity) -> bool:
    """Whether the process that wrote the marker is still that same process."""
    boot = _boot_id()
    if activity.boot_id and boot and activity.boot_id != boot:
        return False
    if not _alive(activity.pid):
        return False
    ticks = _start_ticks(activity.pid)
    return not (activity.start_ticks is not None and ticks is not None
                and ticks != activity.start_ticks)


def update_window(path: Path, *, min_idle_s: float = 0.0, clock: Clock | None = None) -> Window:
    """Whether updates may be installed now: no kiosk running, or idle for ``min_idle_s``."""
    try:
        activity = read_activity(path)
    except ValueError as exc:
        return Window(False, f"the activity marker cannot be read ({exc}); the kiosk rewrites "
                      "it at its next screen change and removes it when it stops")
    if activity is None:
        return Window(True, "no kiosk is running (no activity marker)")
    if not _writer_running(activity):
        return Window(True, f"the kiosk that wrote {path} (pid {activity.pid}) is no longer "
                      "running", activity.step, activity.since)
    if activity.in_session:
        return Window(False, f"a resident is in a session (screen {activity.step!r} since "
                      f"{activity.since}); try again later", activity.step, activity.since)
    try:
        since = dt.datetime.fromisoformat(activity.since)
    except ValueError:
        return Window(False, f"the activity marker's time {activity.since!r} is not a time")
    idle_for = ((clock or SystemClock()).now() - since).total_seconds()
    if idle_for < min_idle_s:
        return Window(False, f"the kiosk has been idle for {idle_for:.0f} s only, less than "
                      f"{min_idle_s:.0f} s; try again later", activity.step, activity.since)
    return Window(True, f"the kiosk is idle since {activity.since}", activity.step,
                  activity.since)
