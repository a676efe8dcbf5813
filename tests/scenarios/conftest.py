"""Which kiosk and which driver each scenario gets: a fresh data dir, its hub, its devices.

The plugin (``kiosk.devtools.scenarios.plugin``, loaded by ``tests/conftest.py``) collects
the ``.feature`` files and registers the steps; this fixture is where the headless and UI
drivers and the hardware prompts are chosen, since only tests may import both ``ui`` and
the dev tools.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.devtools.scenarios.plugin import open_run
from kiosk.devtools.scenarios.records import ScenarioRecord
from kiosk.devtools.scenarios.run import ScenarioRun


def _runs(request: pytest.FixtureRequest, driver_name: str, data_dir: Path,
          record: ScenarioRecord, artifacts: Path) -> Iterator[ScenarioRun]:
    config = request.config
    if config.getoption("hardware"):
        from kiosk.devtools.scenarios.hardware import open_hardware_kiosk

        kiosk = open_hardware_kiosk(data_dir, config_path=config.getoption("kiosk_config"),
                                    hub_url=config.getoption("hub"),
                                    hub_admin_key=config.getoption("hub_admin_key"),
                                    timeout_s=float(config.getoption("prompt_timeout")),
                                    ask=sys.stdin, tell=sys.stdout)
    else:
        from kiosk.devtools.scenarios.kiosk import open_scenario_kiosk

        kiosk = open_scenario_kiosk(data_dir, hub_url=config.getoption("hub"),
                                    hub_admin_key=config.getoption("hub_admin_key"))
    try:
        if driver_name == "ui":
            from ui.devtools.scenario_ui import UiDriver

            driver = UiDriver(kiosk, visible=bool(config.getoption("visible")))
        else:
            from kiosk.devtools.scenarios.headless import HeadlessDriver

            driver = HeadlessDriver(kiosk)
        try:
            yield ScenarioRun(kiosk, driver, artifacts, record)
        finally:
            driver.close()
    finally:
        kiosk.close()


@pytest.fixture
def kiosk_scenario(request: pytest.FixtureRequest, scenario_driver: str,
                   isolated_kiosk_env: Path) -> Iterator[ScenarioRun]:
    """A fresh kiosk (own data dir, own hub) and the driver this scenario runs on."""
    yield from open_run(request, scenario_driver,
                        lambda record, artifacts: _runs(request, scenario_driver,
                                                        isolated_kiosk_env, record, artifacts))
