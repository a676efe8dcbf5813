"""The one-visit measures (最多跑一次) as the CLI, the heartbeat and the metrics read them.

:func:`one_visit_figures` is the one function that returns the typed figures:
``kiosk stats`` prints them, the heartbeat sends today's to the hub, and a
Prometheus exporter can read them the same way. Errands are recorded by the
journey (see ``kiosk.app.journey.machine``) in the store's ``errands`` table.
"""

from __future__ import annotations

import datetime as dt

from kiosk.hub.schema import OneVisitCounts
from offline_cache.db import Store
from offline_cache.errands import ErrandLog, OneVisitFigures


def one_visit_figures(store: Store, since: dt.datetime | None = None) -> OneVisitFigures:
    """The errands since ``since`` (all without): how many, and how many were quick,
    on the spot and one-visit, and how many materials residents did not have to bring."""
    return ErrandLog(store).figures(since)


def heartbeat_counts(figures: OneVisitFigures, since: dt.datetime) -> OneVisitCounts:
    """The figures as the heartbeat carries them (counts; the hub derives the shares)."""
    return OneVisitCounts(since=since, errands=figures.errands,
                          within_30_min=figures.within_30_min,
                          result_on_spot=figures.result_on_spot, one_visit=figures.one_visit,
                          materials_saved=figures.materials_saved)
