"""A production install has no reference hub: the terminal's code paths must not need it.

``fastapi``/``uvicorn`` are the optional ``refhub`` extra, and ``kiosk.devtools`` is for
development only. Each check runs in a fresh interpreter whose import system refuses those
packages, as if they were not installed, so an import anywhere on the path fails loudly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

REFUSED = ("fastapi", "uvicorn", "starlette", "kiosk.devtools")

# Installed first thing in the child interpreter, before anything from the project.
_REFUSE_IMPORTS = textwrap.dedent(
    """
    import sys
    from importlib.abc import MetaPathFinder

    REFUSED = {refused!r}

    class RefuseDevTools(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if any(name == r or name.startswith(r + ".") for r in REFUSED):
                raise ImportError(f"{{name}} is not installed on a production terminal", name=name)
            return None

    sys.meta_path.insert(0, RefuseDevTools())
    """
).format(refused=REFUSED)

# One store key in the credentials directory, as systemd's LoadCredentialEncrypted= provides it.
STORE_KEY_HEX = "00112233445566778899aabbccddeeff" * 2

PRODUCTION_CONFIG = """\
profile = "production"
consent_version = "2026-01"

[terminal]
id = "T-0042-TEST"
district = "测试区"
locale = "zh_CN"

[hub]
url = "https://hub.example.invalid/"
tracking_base_url = "https://track.example.invalid/t"

[store]
key_source = "credential"
credential_name = "kiosk-store-key"

[devices.idcard]
driver = "ga467"
required = true
port = "/dev/serial/by-id/usb-TEST-READER-if00-port0"

[devices.citizen_card]
driver = "pcsc"
required = false

[devices.camera]
driver = "opencv"
required = false
device = 0

[devices.printer]
driver = "escpos"
required = false
connection = "usb"
vendor_id = "0x0416"
product_id = "0x5011"

[devices.barcode]
driver = "zxing"
required = false
"""


def _run(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter that refuses the reference hub and dev tools."""
    return subprocess.run(
        [sys.executable, "-c", _REFUSE_IMPORTS + textwrap.dedent(code)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def _kiosk(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``kiosk ARGS`` through its entry point, in a refusing interpreter."""
    return _run(f"import sys\nfrom kiosk.cli import main\nsys.exit(main({args!r}))\n", env)


@pytest.fixture
def terminal(tmp_path: Path) -> dict[str, str]:
    """The environment of a production terminal: config, data dir and store key in tmp_path."""
    (tmp_path / "kiosk.toml").write_text(PRODUCTION_CONFIG, encoding="utf-8")
    (tmp_path / "data").mkdir()
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "kiosk-store-key").write_text(STORE_KEY_HEX + "\n", encoding="ascii")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(
        KIOSK_CONFIG=str(tmp_path / "kiosk.toml"),
        KIOSK_DATA_DIR=str(tmp_path / "data"),
        CREDENTIALS_DIRECTORY=str(credentials),
        PYTHONPATH=str(ROOT),
    )
    return env


def test_the_guard_refuses_the_reference_hub() -> None:
    """Make sure the other tests would notice: the guard really blocks these imports."""
    result = _run(
        """
        for name in ("fastapi", "uvicorn", "starlette", "kiosk.devtools.refhub.app"):
            try:
                __import__(name)
            except ImportError:
                continue
            raise SystemExit(f"{name} was imported")
        """
    )
    assert result.returncode == 0, result.stderr


def test_runtime_and_cli_import_without_the_reference_hub() -> None:
    result = _run(
        """
        import kiosk.app.runtime
        from kiosk.cli import build_parser

        build_parser()
        """
    )
    assert result.returncode == 0, result.stderr


def test_help_works_without_the_reference_hub(terminal: dict[str, str]) -> None:
    result = _kiosk(["--help"], terminal)
    assert result.returncode == 0, result.stderr
    assert "config" in result.stdout


def test_config_check_accepts_the_production_config(terminal: dict[str, str]) -> None:
    result = _kiosk(["config", "check", "--json"], terminal)
    assert result.returncode == 0, result.stderr + result.stdout
    summary = json.loads(result.stdout)
    assert summary["profile"] == "production"
    assert {n: d["driver"] for n, d in summary["devices"].items()} == {
        "idcard": "ga467", "citizen_card": "pcsc", "camera": "opencv",
        "printer": "escpos", "barcode": "zxing",
    }


def test_queue_status_opens_the_store_without_the_reference_hub(
    terminal: dict[str, str],
) -> None:
    result = _kiosk(["queue", "status", "--json"], terminal)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pending"] == 0
