"""The pytest plugin that runs scenario files: collection, options, steps, records, report.

Loaded from ``tests/conftest.py`` (``pytest_plugins``), or with ``-p
kiosk.devtools.scenarios.plugin`` anywhere. A ``.feature`` file is a test module of
its own, so a malformed one fails alone with its line number. Every step phrase of
:mod:`vocabulary` is registered with pytest-bdd in both languages. The
``kiosk_scenario`` fixture gives each scenario a fresh kiosk and its driver: headless
here, the UI one through the ``pytest_scenario_driver`` hook (``ui`` is a layer above
the dev tools, so ``tests/scenarios/conftest.py`` offers it). The plugin times and
records every step, rewrites a failure into plain words (the step, what was expected,
what was seen) and writes the HTML report at the end of the run.
"""

from __future__ import annotations

import inspect
import os
import shutil
import sys
import time
import types
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import parsers, scenario, step
from pytest_bdd.exceptions import GherkinParseError
from pytest_bdd.feature import get_features
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import get_python_name_generator

from kiosk.app.technician.desk import DeskState
from kiosk.devtools.scenarios.control import NotAvailableHere
from kiosk.devtools.scenarios.driver import ExpectationFailed, ScenarioDriver, ScenarioError
from kiosk.devtools.scenarios.headless import HeadlessDriver
from kiosk.devtools.scenarios.kiosk import ScenarioKiosk, open_scenario_kiosk
from kiosk.devtools.scenarios.records import ScenarioRecord, StepRecord
from kiosk.devtools.scenarios.report import write_report
from kiosk.devtools.scenarios.run import ScenarioRun
from kiosk.devtools.scenarios.vocabulary import VOCABULARY, StepSpec, pattern

RECORDS = pytest.StashKey[list[ScenarioRecord]]()
ITEM_RECORD = pytest.StashKey[ScenarioRecord]()
FILES_CLEARED = pytest.StashKey[bool]()
DRIVERS = ("headless", "ui")
DEFAULT_REPORT = Path("build") / "scenario-report" / "index.html"


class StepSkipped(Exception):
    """A step that cannot run on this kind of kiosk (a simulator fault on real hardware)."""


# --- options, markers, collection ------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    """The scenario options (``pytest --help`` lists them under "scenarios")."""
    group = parser.getgroup("scenarios", "Gherkin scenarios (tests/scenarios)")
    group.addoption("--driver", choices=DRIVERS, default="headless",
                    help="play scenarios on the journey state machine (headless, default) or "
                         "on the real QML screens (ui); @ui scenarios also run on ui anyway")
    group.addoption("--visible", action="store_true",
                    help="ui driver: show the window instead of rendering offscreen")
    group.addoption("--hub", metavar="URL", default=None,
                    help="run against this hub instead of a fresh embedded reference hub")
    group.addoption("--hub-admin-key", metavar="KEY", default=None,
                    help="the reference hub's admin key (auto-enrolment, codes, what it "
                         "received); without it the config's enrollment_token is used")
    group.addoption("--hardware", action="store_true",
                    help="run on the configured real devices: device events become prompts "
                         "for the tester; steps no person can do are skipped")
    group.addoption("--kiosk-config", metavar="FILE", default=None,
                    help="--hardware: the terminal's config (default: $KIOSK_CONFIG, then "
                         "/etc/kiosk/kiosk.toml)")
    group.addoption("--prompt-timeout", type=float, default=120.0, metavar="SECONDS",
                    help="--hardware: how long to wait for the tester to confirm a prompt")
    group.addoption("--scenario-report", metavar="PATH", default=None,
                    help=f"where to write the HTML report (default {DEFAULT_REPORT})")


MARKERS = {
    "simulated_hardware": "scenario files run on the simulators (every scenario, unless "
                          "--hardware)",
    "ui": "scenarios that also run on the real QML screens (the @ui tag)",
    "hardware": "scenarios run on a terminal's real devices (--hardware)",
}


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers (also where no pyproject does) and start the run's records."""
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    config.stash[RECORDS] = []


class FeatureFile(pytest.Module):
    """A ``.feature`` file as a test module: one test per scenario (and per example row)."""

    def _getobj(self) -> types.ModuleType:
        module = types.ModuleType(f"feature_{self.path.stem}")
        module.__file__ = str(self.path)
        for feature in get_features([str(self.path)]):
            for name in feature.scenarios:
                def needs_kiosk(kiosk_scenario: ScenarioRun) -> None:
                    """The scenario's steps do the work; this only asks for the kiosk."""

                test = scenario(str(self.path), name, features_base_dir="/")(needs_kiosk)
                for test_name in get_python_name_generator(name):
                    if test_name not in module.__dict__:
                        module.__dict__[test_name] = test
                        break
        return module


    def collect(self) -> list[pytest.Item | pytest.Collector]:
        """The scenarios; a file that does not parse becomes one failing test, so the rest run."""
        try:
            return list(super().collect())
        except GherkinParseError as exc:
            return [MalformedFeature.from_parent(self, name="malformed", error=str(exc))]


class MalformedFeatureError(Exception):
    """A feature file that does not parse (the message has its file and line)."""


class MalformedFeature(pytest.Item):
    """Stands for a ``.feature`` file that does not parse: it fails with the parser's words."""

    def __init__(self, *, error: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        """Fail with the file, the line and what the parser expected."""
        raise MalformedFeatureError(self.error)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        """The parser's message, without a traceback."""
        return f"{self.path}: the file does not parse\n{self.error}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the file is."""
        return self.path, None, f"{self.path.name}: malformed"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``.feature`` files as test modules."""
    if file_path.suffix == ".feature":
        collector: pytest.Collector = FeatureFile.from_parent(parent, path=file_path)
        return collector
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each scenario runs on ``--driver``; ``@ui`` ones also on ui; ``--hardware`` headless only."""
    if "scenario_driver" not in metafunc.fixturenames:
        return
    chosen = str(metafunc.config.getoption("driver"))
    drivers = [chosen]
    hardware = bool(metafunc.config.getoption("hardware"))
    if not hardware and chosen == "headless" and metafunc.definition.get_closest_marker("ui"):
        drivers.append("ui")
    metafunc.parametrize("scenario_driver", drivers, ids=drivers, scope="function")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark scenarios ``simulated_hardware`` (or ``hardware`` in a ``--hardware`` run)."""
    mark = pytest.mark.hardware if config.getoption("hardware") else pytest.mark.simulated_hardware
    for item in items:
        if isinstance(item.parent, FeatureFile):
            item.add_marker(mark)


# --- steps ----------------------------------------------------------------------------

def _step_function(spec: StepSpec) -> Callable[..., None]:
    def run_step(kiosk_scenario: ScenarioRun, **raw: str) -> None:
        try:
            spec.run(kiosk_scenario, raw)
        except NotAvailableHere as exc:
            pytest.skip(f"not on this kiosk: {exc}")

    # pytest-bdd passes the parsed arguments by name and the fixture by position.
    params = [inspect.Parameter("kiosk_scenario", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY) for n in spec.names()]
    run_step.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    run_step.__doc__ = spec.doc
    return run_step


for _spec in VOCABULARY:
    for _template in (_spec.en, _spec.zh):
        step(parsers.re(pattern(_template)))(_step_function(_spec))


# --- records ----------------------------------------------------------------------------

def _run_of(request: pytest.FixtureRequest) -> ScenarioRun | None:
    value = request.getfixturevalue("kiosk_scenario")
    return value if isinstance(value, ScenarioRun) else None


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Feature,
                               scenario: Scenario) -> None:
    """Fill the record's names and list every step as not run yet."""
    run = _run_of(request)
    if run is None:
        return
    rec = run.record
    rec.feature = feature.name
    rec.feature_path = os.path.relpath(feature.filename, str(request.config.rootpath))
    rec.name, rec.line = scenario.name, scenario.line_number
    rec.tags = tuple(sorted(scenario.tags | feature.tags))
    rec.steps = [StepRecord(s.keyword, s.name, s.line_number) for s in scenario.steps]


def _step_record(run: ScenarioRun, step: Step) -> StepRecord:
    for rec in run.record.steps:
        if rec.line == step.line_number and rec.text == step.name:
            return rec
    rec = StepRecord(step.keyword, step.name, step.line_number)
    run.record.steps.append(rec)
    return rec


def pytest_bdd_before_step(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario,
                           step: Step, step_func: Callable[..., object]) -> None:
    """Start the step's clock."""
    run = _run_of(request)
    if run is not None:
        run.current = _step_record(run, step)
        run.notes["_started"] = repr(time.perf_counter())


def _elapsed_ms(run: ScenarioRun) -> float:
    started = float(run.notes.pop("_started", repr(time.perf_counter())))
    return (time.perf_counter() - started) * 1000


def _after(run: ScenarioRun, rec: StepRecord, failed: bool) -> None:
    """Note the receipt on screen and take the step's screenshot (UI driver)."""
    view = run.driver.view()
    if view.receipt is not None:
        run.notes["tracking"] = view.receipt.tracking_code
        run.notes["tracking_url"] = view.receipt.tracking_url
    # The technician screens cover the journey's (which stays on idle under them).
    desk = run.driver.technician_view().state
    screen = view.step.value if desk is DeskState.CLOSED else f"technician_{desk.value}"
    changed = screen != run.notes.get("_screen")
    run.notes["_screen"] = screen
    if changed or failed or rec.keyword.strip().lower() in ("then", "那么"):
        index = len([r for r in run.record.steps if r.screenshot]) + 1
        rec.screenshot = run.driver.screenshot(run.artifacts / f"step-{index:02d}-"
                                               f"{screen}.png")


def pytest_bdd_after_step(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario,
                          step: Step, step_func: Callable[..., object],
                          step_func_args: dict[str, object]) -> None:
    """The step passed: its time, and a screenshot when the screen changed."""
    run = _run_of(request)
    if run is None:
        return
    rec = _step_record(run, step)
    rec.outcome, rec.duration_ms = "passed", _elapsed_ms(run)
    run.previous_ms = rec.duration_ms
    _after(run, rec, failed=False)


def pytest_bdd_step_error(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario,
                          step: Step, step_func: Callable[..., object],
                          step_func_args: dict[str, object], exception: Exception) -> None:
    """The step failed: what was expected and what was seen, and what the screen showed."""
    run = _run_of(request)
    if run is None:
        return
    rec = _step_record(run, step)
    rec.duration_ms = _elapsed_ms(run)
    if isinstance(exception, pytest.skip.Exception):
        rec.outcome, rec.error = "skipped", str(exception)
        return
    rec.outcome = "failed"
    if isinstance(exception, ExpectationFailed):
        rec.expected, rec.seen = exception.expected, exception.seen
    else:
        rec.error = f"{type(exception).__name__}: {exception}" \
            if not isinstance(exception, ScenarioError) else str(exception)
    try:
        _after(run, rec, failed=True)
    except Exception as exc:  # the screen may be what broke; the failure is reported anyway
        rec.error = (rec.error or "") + f" (no screenshot: {type(exc).__name__})"


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, feature: Feature,
                                      scenario: Scenario, step: Step,
                                      exception: Exception) -> None:
    """An unknown step: recorded as failed with pytest-bdd's file-and-line message."""
    run = _run_of(request)
    if run is not None:
        rec = _step_record(run, step)
        rec.outcome, rec.error = "failed", str(exception)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Say a scenario's failure in plain words: where, which step, expected, seen."""
    report = yield
    record = item.stash.get(ITEM_RECORD, None)
    if record is None:
        return report
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        record.outcome = "error" if report.when == "setup" and report.failed else report.outcome
        record.duration_ms += report.duration * 1000
        if report.failed:
            text = plain_failure(record, call.excinfo.value if call.excinfo else None)
            if text:
                report.longrepr = text
                record.error = record.error or (text if not record.steps else None)
    return report


def plain_failure(record: ScenarioRecord, exc: BaseException | None) -> str | None:
    """The failure as a tester reads it, or ``None`` for a bug to show with its traceback."""
    failed = next((s for s in record.steps if s.outcome == "failed"), None)
    where = f'Scenario "{record.name}" ({record.feature_path}:{record.line}, {record.driver})'
    if failed is None:
        if isinstance(exc, ScenarioError | ExpectationFailed):
            return f"{where}\n  {exc}"
        return None
    lines = [where, f"  step (line {failed.line}): {failed.keyword} {failed.text}"]
    if failed.expected is not None:
        lines += [f"  expected: {failed.expected}", f"  seen:     {failed.seen}"]
    elif isinstance(exc, ScenarioError | ExpectationFailed) or (failed.error and (
            "Step definition is not found" in failed.error)):
        lines.append(f"  error:    {failed.error}")
    else:
        return None  # a bug in the kiosk or a step: pytest's traceback says more
    if failed.screenshot is not None:
        lines.append(f"  screen:   {failed.screenshot}")
    return "\n".join(lines)


class DriverHooks:
    """The hook a conftest implements to offer a driver this plugin cannot import itself."""

    @pytest.hookspec(firstresult=True)
    def pytest_scenario_driver(self, name: str, kiosk: ScenarioKiosk,
                               config: pytest.Config) -> ScenarioDriver | None:
        """The driver ``name`` over ``kiosk`` (``tests/scenarios/conftest.py``: the UI one)."""
        return None


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Register :class:`DriverHooks`."""
    pluginmanager.add_hookspecs(DriverHooks)


def _open_kiosk(config: pytest.Config, data_dir: Path) -> ScenarioKiosk:
    hub_url: str | None = config.getoption("hub")
    admin_key: str | None = config.getoption("hub_admin_key")
    if config.getoption("hardware"):
        from kiosk.devtools.scenarios.hardware import Console, open_hardware_kiosk

        # The interpreter's own streams: pytest swaps sys.stdin for a stub while it captures.
        if sys.__stdin__ is None or sys.__stdout__ is None:
            raise ScenarioError("--hardware needs a console to ask the tester on")
        console = Console(sys.__stdin__, sys.__stdout__, float(config.getoption("prompt_timeout")),
                          around=lambda ask: _uncaptured(config, ask))
        return open_hardware_kiosk(data_dir, config_path=config.getoption("kiosk_config"),
                                   hub_url=hub_url, hub_admin_key=admin_key, console=console)
    return open_scenario_kiosk(data_dir, hub_url=hub_url, hub_admin_key=admin_key)


def _uncaptured(config: pytest.Config, ask: Callable[[], str | None]) -> str | None:
    """Run ``ask`` with pytest's capture of stdin and stdout lifted (as its debugger does)."""
    capman = config.pluginmanager.getplugin("capturemanager")
    if capman is None:
        return ask()
    capman.suspend_global_capture(in_=True)
    try:
        return ask()
    finally:
        capman.resume_global_capture()


def _driver(request: pytest.FixtureRequest, name: str, kiosk: ScenarioKiosk) -> ScenarioDriver:
    if name == "headless":
        return HeadlessDriver(kiosk)
    driver: ScenarioDriver | None = request.node.ihook.pytest_scenario_driver(
        name=name, kiosk=kiosk, config=request.config)
    if driver is None:
        raise ScenarioError(f"no {name} driver here (tests/scenarios/conftest.py offers it)")
    return driver


@pytest.fixture
def kiosk_scenario(request: pytest.FixtureRequest, scenario_driver: str,
                   tmp_path: Path) -> Iterator[ScenarioRun]:
    """A fresh kiosk (own data dir, own hub) and the driver this scenario runs on."""
    item = request.node
    record = ScenarioRecord("", str(getattr(item, "path", "")), item.name, 0, (),
                            scenario_driver)
    item.stash[ITEM_RECORD] = record
    request.config.stash[RECORDS].append(record)
    files = report_path(request.config).parent / "files"
    if not request.config.stash.get(FILES_CLEARED, False):
        # Pictures of an earlier run must not show up beside this run's scenarios.
        shutil.rmtree(files, ignore_errors=True)
        request.config.stash[FILES_CLEARED] = True
    artifacts = files / _safe(item.nodeid)
    artifacts.mkdir(parents=True, exist_ok=True)
    kiosk = _open_kiosk(request.config, tmp_path / "kiosk-data")
    try:
        driver = _driver(request, scenario_driver, kiosk)
        try:
            yield ScenarioRun(kiosk, driver, artifacts, record)
        finally:
            try:
                for job in kiosk.receipts():
                    path = artifacts / f"receipt-{len(record.receipts) + 1}.png"
                    record.receipts.append(kiosk.receipt_png(job, path))
            finally:
                driver.close()
    finally:
        kiosk.close()


def _safe(nodeid: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in nodeid)[-120:]


# --- the report -------------------------------------------------------------------------

def report_path(config: pytest.Config) -> Path:
    """Where this run's HTML report goes."""
    chosen = config.getoption("scenario_report")
    return Path(chosen) if chosen else Path(str(config.rootpath)) / DEFAULT_REPORT


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the HTML report when scenarios ran."""
    records = session.config.stash.get(RECORDS, [])
    if records:
        write_report(records, report_path(session.config))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Say where the report is."""
    records = config.stash.get(RECORDS, [])
    if records:
        failed = sum(1 for r in records if r.outcome in ("failed", "error"))
        terminalreporter.write_line(f"scenario report: {report_path(config)} "
                                    f"({len(records)} scenarios, {failed} failed)")
