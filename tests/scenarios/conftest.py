"""The UI driver for the scenario plugin: ``ui`` sits above the dev tools, so it is offered here.

``kiosk.devtools.scenarios.plugin`` (loaded by ``tests/conftest.py``) collects the
``.feature`` files, registers the steps and builds each scenario's kiosk; it asks this
hook for any driver but the headless one.
"""

from __future__ import annotations

import pytest

from kiosk.devtools.scenarios.driver import ScenarioDriver
from kiosk.devtools.scenarios.kiosk import ScenarioKiosk


def pytest_scenario_driver(name: str, kiosk: ScenarioKiosk,
                           config: pytest.Config) -> ScenarioDriver | None:
    """The real QML screens (offscreen, or a window with ``--visible``)."""
    if name != "ui":
        return None
    from ui.devtools.scenario_ui import UiDriver

    return UiDriver(kiosk, visible=bool(config.getoption("visible")))
