"""The dock reads the kiosk window and taps it from outside (another thread, over HTTP).

The real window with the dock; ``QmlScreen`` is attached as ``kiosk demo`` does, and
the typed client runs on a worker thread while the Qt thread keeps serving events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from ui_support import Harness, kiosk_harness, wait_for

from kiosk.devtools.control import DockControl, DockRefusal
from kiosk.devtools.screen import ScreenSnapshot
from ui.devtools.screen_probe import QmlScreen

_T = TypeVar("_T")


@pytest.fixture
def kiosk(qapp: Any, tmp_path: Path) -> Iterator[Harness]:
    with kiosk_harness(tmp_path / "ui-kiosk") as h:
        h.dock.screen = QmlScreen(h.ui)
        yield h


def _off_thread(qtbot: Any, pool: ThreadPoolExecutor, fn: Callable[[], _T]) -> _T:
    future: Future[_T] = pool.submit(fn)
    qtbot.waitUntil(future.done, timeout=20_000)
    return future.result()


def test_screen_is_read_and_tapped_by_text_and_object_name(kiosk: Harness, qtbot: Any) -> None:
    wait_for(qtbot, kiosk.ui, "homeScreen")
    control = DockControl.http(kiosk.dock.url)
    with ThreadPoolExecutor(1) as pool:
        home: ScreenSnapshot = _off_thread(qtbot, pool, control.screen)
        assert home.view == "idle"
        assert "browseButton" in [i.object_name for i in home.items]
        browse = next(i for i in home.items if i.object_name == "browseButton")
        assert browse.tappable and browse.text
        tapped = _off_thread(qtbot, pool, lambda: control.tap(text=browse.text))
        assert tapped.object_name == "browseButton"
        qtbot.waitUntil(lambda: kiosk.ui.journey.step == "browse", timeout=10_000)
        assert _off_thread(qtbot, pool, control.screen).view == "browse"
        with pytest.raises(DockRefusal, match="nothing visible") as refused:
            _off_thread(qtbot, pool, lambda: control.tap(object_name="noSuchButton"))
        assert refused.value.status == 404
