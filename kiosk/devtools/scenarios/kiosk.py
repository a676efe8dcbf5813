"""One kiosk under test per scenario: fresh data dir, its hub, devices, control and observers."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devices.factory import DeviceSet
from devices.printer.simulator.interpreter import EscposInterpreter
from devices.printer.simulator.job import SimJob
from devices.printer.simulator.render import render_job
from kiosk.app.runtime import ConfiguredHub, HubLink, Runtime, open_runtime, warm_cache
from kiosk.base.clock import SystemClock
from kiosk.base.config import KioskConfig, parse_config
from kiosk.base.context import Context
from kiosk.devtools.cards import DemoCards
from kiosk.devtools.control import DockControl
from kiosk.devtools.dock import DevDock
from kiosk.devtools.refhub.embedded import AdminClient, EmbeddedHub, ensure_enrolled
from kiosk.devtools.residents import DemoResident, resident
from kiosk.devtools.scenarios.clock import ScenarioClock
from kiosk.devtools.scenarios.control import InProcessControl, KioskControl
from kiosk.devtools.scenarios.disk import ScratchDisk
from kiosk.hub.client import TerminalCredentials

# The devices a scenario runs on: the byte-level ID-card (GA 467 on a pty), camera and
# ESC/POS printer simulators. The citizen card is the protocol-level memory reader,
# since the PC/SC simulator needs the machine's one vpcd port (35963).
SCENARIO_DEVICES: dict[str, dict[str, Any]] = {
    "idcard": {"driver": "simulated"},
    "citizen_card": {"driver": "memory"},
    "camera": {"driver": "simulated"},
    "printer": {"driver": "simulated", "save_png": False},
}


# How long the kiosk waits for the hub (a terminal's default is 10 s): short, so a scenario
# with a hub slower than that runs in seconds.
SCENARIO_HUB_TIMEOUT_S = 3.0


# The scenario kiosk's technician PIN: fictional, documented (docs/testing.md), and only in
# this simulated kiosk's config; a terminal's PIN comes from `kiosk technician pin`. The
# hash is fixed (``hash_pin`` salts at random) so building a scenario kiosk costs no scrypt.
SCENARIO_PIN = "246813"
SCENARIO_PIN_HASH = "scrypt$16384$8$1$ZTqMh3T6RGVEPWQ/FtZ1fQ==$vZWahAe+u0e8Oup/TXprfg7sTUvFDyBdu80ZLs7i/ao="


def scenario_config(terminal_id: str = "SCN-0001") -> KioskConfig:
    """The simulated profile on the scenario devices, a fixed terminal id, the demo PIN."""
    # The background device watch polls once at start and then only every ten minutes:
    # the drivers answer status() from a short cache, and a watch poll between an
    # unplug and a replug step would leave the driver's "disconnected" in that cache
    # when the scenario's next step expects the card read at once. Scenarios notice
    # device changes as the UI's device thread does, through the driver.
    return parse_config({"terminal": {"id": terminal_id},
                         "hub": {"timeout_s": SCENARIO_HUB_TIMEOUT_S},
                         "timeouts": {"device_status_s": 600},
                         "technician": {"pin_hash": SCENARIO_PIN_HASH},
                         "devices": SCENARIO_DEVICES}, "<scenario>")


@dataclass
class RemoteHub:
    """A hub at a URL, enrolled through its reference-hub admin key (``HubLink``)."""

    url: str
    admin: AdminClient

    def credentials(self, ctx: Context, path: Path) -> TerminalCredentials:
        """Saved credentials, else a fresh enrolment with a token the admin mints."""
        return ensure_enrolled(self.url, self.admin, path, ctx.config.terminal.id,
                               clock=ctx.clock,
                               signature_algorithms=(ctx.config.crypto.signature_algorithm,))

    def stop(self) -> None:
        """Release the admin client's connections."""
        self.admin.close()


class LogCapture(logging.Handler):
    """Every log record of the scenario, formatted, to look for personal data in."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self._previous_level = logging.NOTSET

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the formatted record (the arguments are interpolated, as a file would hold)."""
        try:
            self.lines.append(self.format(record))
        except Exception:
            self.handleError(record)

    def install(self) -> None:
        """Listen on the root logger from INFO up (what a terminal writes to its journal)."""
        root = logging.getLogger()
        self._previous_level = root.level
        root.addHandler(self)
        root.setLevel(min(logging.INFO, root.level or logging.INFO))

    def uninstall(self) -> None:
        """Stop listening and restore the root level."""
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._previous_level)


@dataclass
class ScenarioKiosk:
    """A running kiosk for one scenario and what the steps can see of it."""

    ctx: Context
    clock: ScenarioClock
    rt: Runtime
    admin: AdminClient | None
    control: KioskControl
    logs: LogCapture
    residents: dict[str, DemoResident] = field(default_factory=dict)
    _dock: DevDock | None = None
    _disk: ScratchDisk | None = None

    @property
    def devices(self) -> DeviceSet:
        """The opened devices (a scenario kiosk always has them)."""
        assert self.rt.devices is not None
        return self.rt.devices

    def person(self, resident_id: str) -> DemoResident:
        """A demo resident, remembered so the log check knows whose data to look for."""
        person = resident(resident_id)
        self.residents[resident_id] = person
        return person

    def outbox_counts(self) -> dict[str, int]:
        """Submissions in the outbox by state (pending, sending, sent, failed, …)."""
        return self.rt.outbox.counts()

    def hub_submissions(self) -> list[dict[str, Any]]:
        """What the reference hub received (``ControlError`` without its admin interface)."""
        if self.admin is None:
            from kiosk.devtools.scenarios.control import ControlError

            raise ControlError("what the hub received is only visible on the reference hub "
                               "(the embedded one, or --hub-admin-key)")
        return self.admin.submissions()

    def receipts(self) -> list[SimJob]:
        """Every printed job, read back by the ESC/POS interpreter (text, QR, pictures)."""
        jobs = self.devices.sim.printed_jobs
        if jobs is None:
            return []
        out: list[SimJob] = []
        for data in jobs():
            interpreter = EscposInterpreter(self.devices.printer.width_mm)
            interpreter.feed(data)
            interpreter.flush()
            out.extend(interpreter.jobs)
        return out

    def receipt_png(self, job: SimJob, path: Path) -> Path:
        """Draw a printed job as the paper would look."""
        render_job(job, self.devices.printer.width_mm).save(path)
        return path

    def personal_values(self) -> Iterator[tuple[str, str]]:
        """(what, value) of every personal value of the residents this scenario used."""
        for person in self.residents.values():
            yield from (("name", person.name), ("ID number", person.id_number),
                        ("phone", person.phone), ("address", person.card_address))

    def close(self) -> None:
        """Stop the kiosk, its hub and the log capture."""
        try:
            if self._dock is not None:
                self._dock.stop()
            self.rt.close()
        finally:
            self.logs.uninstall()
            if self._disk is not None:
                self._disk.unmount()


def open_scenario_kiosk(data_dir: Path, *, hub_url: str | None = None,
                        hub_admin_key: str | None = None,
                        config: KioskConfig | None = None) -> ScenarioKiosk:
    """A fresh kiosk in ``data_dir``: the embedded reference hub unless ``hub_url`` is given."""
    logs = LogCapture()
    logs.install()
    # The data dir on a disk of its own, so "the disk is full" fills only the kiosk's.
    disk = ScratchDisk.mount(data_dir)
    clock = ScenarioClock()
    cfg = config or scenario_config()
    ctx = Context(cfg, data_dir, clock)
    admin: AdminClient | None = None
    hub: HubLink
    try:
        if hub_url is None:
            # The hub keeps the true time, so a kiosk clock set wrong is a real clock skew.
            # Beside the data dir, not in it: the hub is another machine, its disk not full.
            embedded = EmbeddedHub(data_dir.with_name(data_dir.name + "-hub"),
                                   clock=SystemClock())
            embedded.start()
            hub, admin = embedded, embedded.admin
        elif hub_admin_key:
            admin = AdminClient(hub_url, hub_admin_key)
            hub = RemoteHub(hub_url.rstrip("/"), admin)
        else:
            hub = ConfiguredHub(hub_url.rstrip("/"))
        rt = open_runtime(ctx, hub=hub, samples=DemoCards())
    except BaseException:
        logs.uninstall()
        if disk is not None:
            disk.unmount()
        raise
    try:
        warm_cache(rt)
        assert rt.devices is not None
        hub_admin = admin

        def set_faults(spec: str) -> None:
            assert hub_admin is not None
            hub_admin.set_faults(spec)

        dock = DevDock(rt.devices, cfg, mint_eid=admin.eid_payload if admin else None,
                       set_hub_faults=set_faults if admin else None)
        control = InProcessControl(DockControl.in_process(dock), disk, clock)
    except BaseException:
        rt.close()
        logs.uninstall()
        if disk is not None:
            disk.unmount()
        raise
    return ScenarioKiosk(ctx, clock, rt, admin, control, logs, _dock=dock, _disk=disk)
