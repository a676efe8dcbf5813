"""``kiosk --version``: the installed version, and the git commit when run from a checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.base import version

ROOT = Path(__file__).resolve().parents[1]


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True,
                          check=True, env=env).stdout.strip()


def test_version_prints_the_package_version_and_exits_0() -> None:
    proc = subprocess.run([sys.executable, "-m", "kiosk.cli", "--version"],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    with (ROOT / "pyproject.toml").open("rb") as f:
        declared = tomllib.load(f)["project"]["version"]
    assert proc.stdout.startswith(f"neighbourhood-kiosk {declared}")


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="not a git checkout")
def test_version_in_a_checkout_names_the_commit() -> None:
    head = _git(ROOT, "rev-parse", "--short=12", "HEAD")
    assert (version.git_commit(ROOT) or "").removesuffix("-dirty") == head


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_dirty_tree_is_marked_and_untracked_files_are_not(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("one\n", encoding="utf-8")
    _git(tmp_path, "add", "a.txt")
    _git(tmp_path, "commit", "-q", "-m", "one")
    head = _git(tmp_path, "rev-parse", "--short=12", "HEAD")
    (tmp_path / "untracked.txt").write_text("x\n", encoding="utf-8")
    assert version.git_commit(tmp_path) == head
    (tmp_path / "a.txt").write_text("two\n", encoding="utf-8")
    assert version.git_commit(tmp_path) == f"{head}-dirty"


def test_outside_a_checkout_there_is_no_commit(tmp_path: Path) -> None:
    assert version.git_commit(tmp_path) is None
    assert str(version.Version("1.2.3")) == "neighbourhood-kiosk 1.2.3"
