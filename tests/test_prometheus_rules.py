"""packaging/prometheus: promtool checks the rules and configs and runs each alert's unit tests.

promtool comes from Debian's ``prometheus`` package (kiosk-dev installs it); without it
these tests skip and say so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kiosk.app.metrics import KioskMetrics
from kiosk.base.config import default_config

PROM = Path(__file__).resolve().parents[1] / "packaging" / "prometheus"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool is not installed: apt-get install prometheus "
    "(./kiosk-dev test installs it)")
ALERTS = {"KioskPrinterOutOfPaper", "KioskQueueStale", "KioskTerminalDown",
          "KioskTerminalSilent", "KioskRequiredDeviceAbsent"}


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run([PROMTOOL, *args], cwd=PROM, capture_output=True, text=True,
                          timeout=120, check=False)


@needs_promtool
def test_rules_and_configs_are_valid() -> None:
    for args in (("check", "rules", "kiosk-alerts.yml"),
                 ("check", "config", "city-prometheus.yml"),
                 ("check", "config", "terminal-agent.yml")):
        done = _promtool(*args)
        assert done.returncode == 0, done.stdout + done.stderr


@needs_promtool
def test_each_alert_fires_and_stays_quiet_in_its_unit_tests() -> None:
    done = _promtool("test", "rules", "kiosk-alerts.test.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    tests = yaml.safe_load((PROM / "kiosk-alerts.test.yml").read_text(encoding="utf-8"))
    firing: set[str] = set()
    quiet: set[str] = set()
    for case in tests["tests"]:
        for check in case["alert_rule_test"]:
            (firing if check["exp_alerts"] else quiet).add(check["alertname"])
    assert firing == quiet == ALERTS


def test_rule_expressions_use_only_exported_metrics() -> None:
    exported = KioskMetrics(default_config()).names() | {"up"}
    rules = yaml.safe_load((PROM / "kiosk-alerts.yml").read_text(encoding="utf-8"))
    alerts = [r for group in rules["groups"] for r in group["rules"]]
    assert {r["alert"] for r in alerts} == ALERTS
    for rule in alerts:
        used = set(re.findall(r"\b(kiosk_\w+|up)\b(?=\s*[{\[)=<>]|\s*$)", rule["expr"]))
        assert used and used <= exported, (rule["alert"], used - exported)
