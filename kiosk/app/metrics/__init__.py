"""Prometheus metrics: counted from the log events, served on a loopback address."""

from kiosk.app.metrics.kiosk_metrics import KioskMetrics
from kiosk.app.metrics.server import MetricsServer, serve

__all__ = ["KioskMetrics", "MetricsServer", "serve"]
