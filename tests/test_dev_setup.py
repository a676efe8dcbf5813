"""The set-up contract: README's first commands, CI, the lock and the terminal packaging."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

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


def test_lock_is_a_pure_pin_list() -> None:
    pins = _commands((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert pins, "requirements.lock is empty"
    bad = [p for p in pins if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*==[^\s;@]+", p)]
    assert not bad, f"not name==version pins (regenerate with ./kiosk-dev lock): {bad}"
    names = [re.sub(r"[-_.]+", "-", p.split("==")[0]).lower() for p in pins]
    assert len(names) == len(set(names)), "a package is pinned twice"


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
    assert settings["ExecStart"].endswith("kiosk run --config /etc/kiosk/kiosk.toml")
    assert settings["User"] == "kiosk"
    assert settings["StateDirectory"] == "kiosk"
    assert settings["Restart"] == "always"
