"""The Prometheus endpoint, scraped over real HTTP after real journeys, holds the right values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from devices.printer.protocol import PrinterStatus
from kiosk.app import journey as j
from kiosk.app.runtime import Runtime, build_journey, warm_cache
from kiosk.base.clock import SystemClock
from kiosk.base.config import data_dir, parse_config
from kiosk.base.context import Context
from kiosk.devtools.cards import id_card_for
from kiosk.devtools.headless import run_headless
from kiosk.devtools.refhub.embedded import admin_of, open_simulated
from kiosk.devtools.residents import resident
from kiosk.hub.errors import HubError
from offline_cache.errands import ErrandLog

ROOT = Path(__file__).resolve().parents[1]
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(url: str) -> Samples:
    """Every sample by (name, labels)."""
    with urllib.request.urlopen(url, timeout=10) as reply:
        assert reply.status == 200
        text = reply.read().decode("utf-8")
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples[(name, frozenset(labels.items()))]


@pytest.fixture
def metered(isolated_kiosk_env: Path) -> Iterator[Runtime]:
    """A simulated kiosk serving its metrics on a free loopback port."""
    config = parse_config({"metrics": {"port": 0}})
    rt = open_simulated(Context(config, data_dir(None, config), SystemClock()), metrics=True)
    warm_cache(rt)
    try:
        yield rt
    finally:
        rt.close()


def _walk(rt: Runtime, person: str, service: str) -> None:
    journey = build_journey(rt)
    admin = admin_of(rt.hub)
    assert admin is not None and rt.devices is not None

    def code() -> str | None:
        ident = journey.session.identity
        assert ident is not None and ident.hub_session is not None
        return admin.latest_code(ident.hub_session.session_id)

    run_headless(journey, rt.devices, resident(person), service, rt.ctx.clock, read_code=code)


def test_journeys_queue_devices_and_hub_are_exposed(metered: Runtime) -> None:
    rt = metered
    assert rt.metrics is not None and rt.metrics.url.startswith("http://127.0.0.1:")
    assert rt.devices is not None and rt.watch is not None and rt.devices.sim.set_printer_state
    _walk(rt, "R0012", "residence_permit")
    # An abandoned visit, and a printer out of paper.
    journey = build_journey(rt)
    journey.handle(j.IdCardRead(id_card_for(resident("R0013"))))
    journey.handle(j.Exit())
    rt.devices.sim.set_printer_state(PrinterStatus.PAPER_END)
    rt.watch.check()
    samples = scrape(rt.metrics.url)
    assert value(samples, "kiosk_journeys_total", service="residence_permit", outcome="sent") == 1
    assert value(samples, "kiosk_journeys_total", service="none", outcome="exit") == 1
    assert value(samples, "kiosk_identity_to_receipt_seconds_count") == 1
    assert 0 < value(samples, "kiosk_identity_to_receipt_seconds_sum") < 120
    assert value(samples, "kiosk_journey_step_duration_seconds_count", step="review") == 1
    assert value(samples, "kiosk_journey_step_duration_seconds_count", step="materials") == 1
    assert value(samples, "kiosk_queue_depth", state="sent") == 1
    assert value(samples, "kiosk_queue_depth", state="pending") == 0
    assert value(samples, "kiosk_queue_oldest_pending_age_seconds") == 0
    assert value(samples, "kiosk_device_status", device="printer", status="paper_end") == 1
    assert value(samples, "kiosk_device_status", device="printer", status="ready") == 0
    assert value(samples, "kiosk_device_state", device="printer", state="fault") == 1
    assert value(samples, "kiosk_device_state", device="idcard", state="ok") == 1
    assert value(samples, "kiosk_device_required", device="idcard") == 1
    assert value(samples, "kiosk_hub_request_duration_seconds_count",
                 operation="submissions") >= 1
    assert value(samples, "kiosk_sync_submissions_total", outcome="sent") == 1
    info = [labels for (name, labels) in samples if name == "kiosk_build_info"]
    assert info and ("terminal", "SIM-0001") in info[0] and ("version", "0.1.0") in info[0]


def test_offline_queue_age_and_hub_errors(metered: Runtime) -> None:
    rt = metered
    assert rt.metrics is not None and rt.client is not None
    admin = admin_of(rt.hub)
    assert admin is not None
    admin.set_faults("down=1")
    rt.offline = True
    _walk(rt, "R0038", "senior_card")
    with pytest.raises(HubError):
        rt.client.catalog()
    samples = scrape(rt.metrics.url)
    assert value(samples, "kiosk_journeys_total", service="senior_card", outcome="queued") == 1
    assert value(samples, "kiosk_queue_depth", state="pending") == 1
    assert value(samples, "kiosk_queue_oldest_pending_age_seconds") > 0
    assert value(samples, "kiosk_hub_request_errors_total", operation="catalog",
                 kind="server_error") == 1
    admin.set_faults("none")
    rt.offline = False
    rt.sync.network_regained()
    rt.sync.sync_once()
    samples = scrape(rt.metrics.url)
    assert value(samples, "kiosk_queue_depth", state="pending") == 0
    assert value(samples, "kiosk_queue_oldest_pending_age_seconds") == 0


@pytest.mark.slow
def test_kiosk_journey_metrics_flag_scrapes_its_own_endpoint(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[metrics]\nport = 0\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), KIOSK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--config", str(config), "journey",
                           "--headless", "--json", "--metrics"], capture_output=True, text=True,
                          timeout=300, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["metrics_url"].startswith("http://127.0.0.1:")
    assert ('kiosk_journeys_total{outcome="sent",service="residence_permit"} 1.0'
            in out["metrics"])
    events = [json.loads(line)["event"] for line in done.stderr.splitlines()
              if line.startswith("{")]
    assert "metrics.serving" in events


def test_one_visit_measures_are_exposed(metered: Runtime) -> None:
    rt = metered
    assert rt.metrics is not None
    _walk(rt, "R0012", "residence_permit")
    _walk(rt, "R0014", "residence_permit")
    figures = ErrandLog(rt.store).figures()
    assert figures.errands == 2
    samples = scrape(rt.metrics.url)
    assert value(samples, "kiosk_errands", measure="all") == 2
    assert value(samples, "kiosk_errands", measure="within_30_min") == figures.within_30_min
    assert value(samples, "kiosk_errands", measure="result_on_spot") == figures.result_on_spot
    assert value(samples, "kiosk_errands", measure="one_visit") == figures.one_visit
    assert value(samples, "kiosk_errand_materials_saved") == figures.materials_saved
