"""Shared fixtures: every test gets its own data dir and the built-in simulated profile."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Scenario files (tests/scenarios/*.feature): collection, options, steps and the HTML report.
pytest_plugins = ["kiosk.devtools.scenarios.plugin"]

if TYPE_CHECKING:
    from fakes import Kit

    from kiosk.base.clock import ManualClock
    from kiosk.devtools.pcsc_sandbox import PcscSandbox

# Qt must never try to open a display in tests (CI has none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The on-screen keyboard is the kiosk's only keyboard, in the tests too. Qt picks the
# input context when the application is created, which pytest-qt does before any
# kiosk code runs; ui.app.prepare_environment sets the same for the real app.
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")


# Why this run has no private PC/SC environment (None: it has one); unset: not asked yet.
PCSC_REFUSAL = pytest.StashKey[str | None]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests that need PC/SC last, in their collection order.

    The first of them moves the run into its own mount and network namespaces
    (see the ``pcsc`` fixture), whose only network is its own loopback: every test
    that needs the machine's network (the package test's Debian mirror, a wheel
    build's index) must have run before.
    """
    items.sort(key=lambda item: "pcsc" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def pcsc(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[PcscSandbox]:
    """This run's own pcscd with the vpcd reader on 127.0.0.1:35963 of its own loopback.

    Skipped (with the reason) where the run cannot have its own namespaces, i.e.
    not as root; fails with the fix when pcscd or vpcd is not installed.
    """
    from kiosk.devtools.pcsc_sandbox import SandboxUnavailable, start_pcscd

    if PCSC_REFUSAL not in request.config.stash:
        # Namespaces belong to the calling thread: this is pytest's main thread, and the
        # threads and subprocesses it starts from now on inherit them.
        from kiosk.devtools.pcsc_sandbox import enter_private_namespaces

        try:
            enter_private_namespaces()
        except SandboxUnavailable as exc:
            request.config.stash[PCSC_REFUSAL] = str(exc)
        else:
            request.config.stash[PCSC_REFUSAL] = None
    refusal = request.config.stash[PCSC_REFUSAL]
    if refusal is not None:
        pytest.skip(refusal)
    try:
        sandbox = start_pcscd(tmp_path_factory.mktemp("pcscd"))
    except SandboxUnavailable as exc:
        pytest.fail(str(exc))
    try:
        yield sandbox
    finally:
        sandbox.close()


@pytest.fixture(autouse=True)
def isolated_kiosk_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point data dir and config at a fresh temp folder so tests never share state."""
    data = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    # Elder-mode prompts stay silent unless a test listens to them itself.
    monkeypatch.setenv("KIOSK_VOICE", "none")
    # A log event whose field fails its check is a bug: raise instead of writing null.
    monkeypatch.setenv("KIOSK_EVENTS_STRICT", "1")
    yield data


@pytest.fixture
def kiosk_runtime(isolated_kiosk_env: Path) -> Iterator[object]:
    """A whole simulated kiosk: embedded reference hub, real store, memory devices."""
    from kiosk.app.runtime import warm_cache
    from kiosk.base.clock import SystemClock
    from kiosk.base.config import data_dir, default_config
    from kiosk.base.context import Context
    from kiosk.devtools.refhub.embedded import open_simulated

    config = default_config()
    ctx = Context(config, data_dir(None, config), SystemClock())
    rt = open_simulated(ctx)
    warm_cache(rt)
    try:
        yield rt
    finally:
        rt.close()


@pytest.fixture
def manual_clock() -> ManualClock:
    """A clock that moves only when the test advances it."""
    from kiosk.base.clock import ManualClock

    return ManualClock()


@pytest.fixture
def kit(manual_clock: ManualClock) -> Kit:
    """A journey on in-memory fakes (``tests/fakes.py``) and the manual clock."""
    from fakes import make_kit

    return make_kit(manual_clock)
