"""The set-up contract: README's first commands, CI, the lock and the terminal packaging."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.base.config import parse_config

ROOT = Path(__file__).resolve().parent.parent


def _commands(text: str) -> list[str]:
    """Non-comment, non-blank lines of a shell snippet, with trailing comments removed."""
    lines = (line.split(" #", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_readme_starts_with_the_demo_and_test_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.match(r"\s*```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    assert match, "README.md must start with a code block"
    assert _commands(match.group(1)) == ["./kiosk-dev demo", "./kiosk-dev test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    runs = [c for c in _commands(script) if not c.startswith(("set ", "cd "))]
    assert runs == ["exec ./kiosk-dev test"]


def test_kiosk_dev_is_valid_bash() -> None:
    script = ROOT / "kiosk-dev"
    assert script.stat().st_mode & 0o111, "kiosk-dev must be executable"
    subprocess.run(["bash", "-n", str(script)], check=True)
    assert "set -euo pipefail" in script.read_text(encoding="utf-8")


BUILD_LOCK = ROOT / "requirements-build.lock"
LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """A pip-compile lock file as {name: (version, hashes)}; fails on anything else."""
    entries: dict[str, tuple[str, frozenset[str]]] = {}
    blocks = re.split(r"\n(?=[A-Za-z0-9])", "\n" + path.read_text(encoding="utf-8"))
    for block in blocks[1:]:
        lines = [line.split(" #", 1)[0].strip(" \\") for line in block.splitlines()]
        lines = [line for line in lines if line and not line.startswith("#")]
        pin = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;@]+)", lines[0])
        assert pin, f"{path.name}: not a name==version pin: {lines[0]!r}"
        hashes = [h.removeprefix("--hash=") for h in lines[1:]]
        assert hashes, f"{path.name}: {lines[0]} has no hashes"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), lines
        name = _norm(pin.group(1))
        assert name not in entries, f"{path.name}: {name} is pinned twice"
        entries[name] = (pin.group(2), frozenset(hashes))
    assert entries, f"{path.name} is empty"
    return entries


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_norm(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in requirements}


def test_locks_pin_every_package_with_its_hashes_and_no_machine_paths() -> None:
    for path in (BUILD_LOCK, LOCK, DEV_LOCK):
        _lock(path)
        text = path.read_text(encoding="utf-8")
        # A mirror or find-links directory of the machine that locked must not leak in.
        assert not re.search(r"--(extra-)?index-url|--find-links|file://", text), path.name


def test_locks_cover_pyproject_and_the_build_tools() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    production, dev = _lock(LOCK), _lock(DEV_LOCK)
    assert _lock(BUILD_LOCK).keys() == {"pip", "setuptools", "swig"}
    assert _requirement_names(project["dependencies"]) <= production.keys()
    extras = project["optional-dependencies"]
    assert _requirement_names(extras["refhub"]) <= _requirement_names(extras["dev"])
    assert _requirement_names(extras["dev"]) <= dev.keys()
    version = tuple(int(p) for p in production["pyside6-essentials"][0].split(".")[:2])
    assert version < (6, 12), "PySide6 is held below 6.12 (see pyproject.toml)"


def test_each_lock_keeps_the_versions_of_the_one_before() -> None:
    build, production, dev = _lock(BUILD_LOCK), _lock(LOCK), _lock(DEV_LOCK)
    assert {n: production.get(n) for n in build} == build
    assert {n: dev.get(n) for n in production} == production
    # The reference hub is an optional extra: a terminal installs requirements.lock only.
    assert not {"fastapi", "uvicorn", "starlette", "pytest"} & production.keys()
    assert {"fastapi", "uvicorn", "pytest"} <= dev.keys()


def test_example_terminal_config_is_a_valid_production_config() -> None:
    path = ROOT / "packaging" / "kiosk.toml"
    config = parse_config(tomllib.loads(path.read_text(encoding="utf-8")), str(path))
    assert config.profile == "production"
    assert not [d.name for d in config.devices.values() if d.simulated]
    assert config.store.key_source == "credential"
    unit = (ROOT / "packaging" / "kiosk.service").read_text(encoding="utf-8")
    assert f"LoadCredentialEncrypted={config.store.credential_name}:" in unit


def test_unit_runs_the_kiosk_as_its_own_user_with_its_state_dir() -> None:
    unit = (ROOT / "packaging" / "kiosk.service").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1) for line in _commands(unit) if "=" in line and not line.startswith("[")
    )
    assert settings["ExecStart"] == "/usr/lib/kiosk/kiosk-session"
    session = (ROOT / "packaging" / "bin" / "kiosk-session").read_text(encoding="utf-8")
    assert "kiosk run --config \"${KIOSK_CONFIG:-/etc/kiosk/kiosk.toml}\"" in session
    assert settings["User"] == "kiosk"
    assert settings["StateDirectory"] == "kiosk"
    assert settings["Restart"] == "always"


# --- a tree set up as root first, then used by a normal user ------------------------------

NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
as_root_with_setpriv = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="switching to another user needs root and setpriv",
)


@pytest.fixture
def root_owned_tree() -> Iterator[Path]:
    """A copy of kiosk-dev and its inputs with a .venv made by root, readable by everyone.

    pytest's tmp_path lies under a private (0700) directory, so the tree goes to /tmp.
    """
    tree = Path(tempfile.mkdtemp(prefix="kiosk-dev-tree-"))
    try:
        tree.chmod(0o755)
        for name in ("kiosk-dev", "pyproject.toml", "requirements-build.lock",
                     "requirements-dev.lock"):
            shutil.copy2(ROOT / name, tree / name)
        (tree / ".venv" / "bin").mkdir(parents=True)
        # Trees set up before kiosk-dev locked the directory itself kept a root-owned lock file.
        (tree / ".venv" / ".kiosk-dev.lock").touch(mode=0o644)
        yield tree
    finally:
        shutil.rmtree(tree)


def _bash(tree: Path, script: str, user: list[str] | None = None, **kwargs: Any) -> Any:
    """Run ``script`` with kiosk-dev's functions loaded, as root or as ``user``."""
    command = [*(user or []), "bash", "-c", f"source ./kiosk-dev\n{script}"]
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, timeout=60, **kwargs)


@as_root_with_setpriv
def test_user_takes_the_venv_lock_after_root_held_it(root_owned_tree: Path) -> None:
    holder = subprocess.Popen(
        ["bash", "-c", "source ./kiosk-dev\nlock_venv\necho held\nread -r _ || :\nunlock_venv"],
        cwd=root_owned_tree, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdin and holder.stdout
    try:
        assert holder.stdout.readline() == "held\n"
        # While root installs, the user's run must wait, not go ahead nor fail.
        busy = _bash(root_owned_tree, 'exec 9<"$VENV"\nflock -n 9', NOBODY)
        assert busy.returncode == 1, busy.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert holder.returncode == 0
    taken = _bash(root_owned_tree, "lock_venv\necho locked\nunlock_venv", NOBODY)
    assert taken.returncode == 0, taken.stderr
    assert taken.stdout == "locked\n"


@as_root_with_setpriv
def test_user_gets_a_clear_error_when_a_root_owned_venv_needs_updating(
    root_owned_tree: Path,
) -> None:
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None:
        pytest.skip("needs a system python3 that every user can run")
    (root_owned_tree / ".venv" / "bin" / "python").symlink_to(python)
    result = subprocess.run(
        [*NOBODY, "./kiosk-dev", "setup"], cwd=root_owned_tree, capture_output=True, text=True,
        timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "KIOSK_DEV_SKIP_APT": "1"},
    )
    assert result.returncode == 1
    assert ".venv needs updating but belongs to root" in result.stderr
    assert "rm -rf .venv" in result.stderr


@as_root_with_setpriv
def test_user_lint_caches_move_out_of_root_owned_ones(root_owned_tree: Path) -> None:
    (root_owned_tree / ".mypy_cache").mkdir()
    result = _bash(
        root_owned_tree, "tool_cache mypy_cache\ntool_cache ruff_cache", NOBODY,
        env={"PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": "/nonexistent/cache"},
    )
    assert result.returncode == 0, result.stderr
    mypy, ruff = result.stdout.splitlines()
    assert mypy.startswith("/nonexistent/cache/kiosk-dev/") and mypy.endswith("/mypy_cache")
    # The tree itself is root's too, so a new cache cannot go there either.
    assert ruff.startswith("/nonexistent/cache/kiosk-dev/") and ruff.endswith("/ruff_cache")
    as_root = _bash(root_owned_tree, "tool_cache mypy_cache")
    assert as_root.stdout == f"{root_owned_tree}/.mypy_cache\n"
