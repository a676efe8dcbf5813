"""Which kiosk this is: the installed distribution's version, plus the git commit in a checkout."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "neighbourhood-kiosk"
# The tree this module was imported from: a checkout has .git here (a file in a worktree).
SOURCE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Version:
    """The package version and, when running from a git checkout, its commit."""

    version: str
    commit: str | None = None  # short hash, with "-dirty" for uncommitted changes

    def __str__(self) -> str:
        suffix = f" (git {self.commit})" if self.commit else ""
        return f"{DISTRIBUTION} {self.version}{suffix}"


def package_version() -> str:
    """The version pip recorded for the installed distribution; "unknown" when not installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"


def git_commit(root: Path = SOURCE_ROOT) -> str | None:
    """The checkout's short commit (``-dirty`` if tracked files changed); None outside one."""
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return None
    try:
        head = subprocess.run([git, "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, timeout=5, check=False)
        if head.returncode != 0:
            return None
        dirty = subprocess.run([git, "-C", str(root), "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    commit = head.stdout.strip()
    return f"{commit}-dirty" if dirty.returncode == 0 and dirty.stdout.strip() else commit


def current(root: Path = SOURCE_ROOT) -> Version:
    """This process's kiosk version."""
    return Version(package_version(), git_commit(root))
