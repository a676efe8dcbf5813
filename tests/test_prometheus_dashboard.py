"""The Grafana dashboard: valid JSON, templated by terminal, every query on metrics we export."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kiosk.app.metrics import KioskMetrics
from kiosk.base.config import default_config

DASHBOARD = Path(__file__).resolve().parents[1] / "packaging" / "prometheus" / \
    "grafana-dashboard.json"
METRIC = re.compile(r"\b(kiosk_\w+|up)\b(?=\s*[{\[)])")


def test_dashboard_queries_exported_metrics_per_terminal() -> None:
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["terminal"]["definition"] == "label_values(kiosk_build_info, terminal)"
    assert variables["terminal"]["multi"] and variables["terminal"]["includeAll"]
    exported = KioskMetrics(default_config()).names() | {"up"}
    used: set[str] = set()
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids))
    for panel in board["panels"]:
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            expr = target["expr"]
            assert 'terminal=~"$terminal"' in expr, panel["title"]
            names = set(METRIC.findall(expr))
            assert names and names <= exported, (panel["title"], names - exported)
            used |= names
    # Every family the task names has a panel.
    for wanted in ("kiosk_journeys_total", "kiosk_journey_step_duration_seconds_bucket",
                   "kiosk_identity_to_receipt_seconds_bucket", "kiosk_queue_depth",
                   "kiosk_queue_oldest_pending_age_seconds", "kiosk_device_state",
                   "kiosk_device_status", "kiosk_hub_request_duration_seconds_bucket",
                   "kiosk_hub_request_errors_total", "kiosk_build_info", "up"):
        assert wanted in used, wanted


def test_a_misspelt_metric_would_be_caught() -> None:
    exported = KioskMetrics(default_config()).names()
    assert "kiosk_journey_total" not in exported and "kiosk_journeys_total" in exported
    assert "kiosk_queue_depth" in exported and "kiosk_device_status" in exported
