"""The one-visit measures (最多跑一次) of each errand, and their totals; nothing personal.

One row per errand: a resident identified and chose a service. It records the
service, how long from identity to receipt (none without a receipt), whether
the errand was submitted, whether the result came on the spot, whether it
needs no second trip (submitted, with the result printed now or posted), and
how many materials the resident did not bring because the hub had them on file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from offline_cache.db import StorageFault, Store, iso

HALF_HOUR_S = 30 * 60


@dataclass(frozen=True)
class ErrandRecord:
    """One errand's measures."""

    service_id: str
    ended_at: dt.datetime
    duration_s: float | None  # identity → receipt; None when no receipt was issued
    submitted: bool
    result_on_spot: bool
    one_visit: bool
    materials_saved: int


@dataclass(frozen=True)
class OneVisitFigures:
    """Totals of the errands since a moment, and the shares they give."""

    since: dt.datetime | None
    errands: int
    within_30_min: int
    result_on_spot: int
    one_visit: int
    materials_saved: int

    def share(self, count: int) -> float | None:
        """``count`` as a share of all errands (``None`` when there were none)."""
        return None if self.errands == 0 else count / self.errands

    @property
    def share_within_30_min(self) -> float | None:
        """Errands with a receipt within 30 minutes of identifying."""
        return self.share(self.within_30_min)

    @property
    def share_result_on_spot(self) -> float | None:
        """Errands whose result was printed on the spot."""
        return self.share(self.result_on_spot)

    @property
    def share_one_visit(self) -> float | None:
        """Errands that need no second trip."""
        return self.share(self.one_visit)


class ErrandLog:
    """The errands table of the store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record(self, errand: ErrandRecord) -> None:
        """Keep one errand's measures (a full disk is recorded, never raised to the resident)."""
        try:
            with self.store.atomic() as db:
                db.execute("INSERT INTO errands (service_id, ended_at, duration_s, submitted, "
                           "result_on_spot, one_visit, materials_saved) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?)",
                           [errand.service_id, iso(errand.ended_at), errand.duration_s,
                            int(errand.submitted), int(errand.result_on_spot),
                            int(errand.one_visit), errand.materials_saved])
        except StorageFault as fault:
            self.store.record_fault(fault.kind)

    def figures(self, since: dt.datetime | None = None) -> OneVisitFigures:
        """Totals of the errands that ended at or after ``since`` (all of them without)."""
        if not self.store.query("SELECT 1 FROM sqlite_master WHERE name = 'errands'"):
            # A store from before schema 2, opened without migrating: no errands yet.
            return OneVisitFigures(since, 0, 0, 0, 0, 0)
        where, params = ("WHERE ended_at >= ?", [iso(since)]) if since is not None else ("", [])
        row = self.store.query(
            "SELECT count(*) AS errands, "
            "coalesce(sum(duration_s IS NOT NULL AND duration_s <= ?), 0) AS within, "
            "coalesce(sum(result_on_spot), 0) AS spot, coalesce(sum(one_visit), 0) AS one, "
            f"coalesce(sum(materials_saved), 0) AS saved FROM errands {where}",
            [HALF_HOUR_S, *params])[0]
        return OneVisitFigures(since, int(row["errands"]), int(row["within"]),
                               int(row["spot"]), int(row["one"]), int(row["saved"]))

    def service_counts(self, since: dt.datetime | None = None) -> dict[str, int]:
        """Errands per service that ended at or after ``since`` (the home screen's "most used")."""
        if not self.store.query("SELECT 1 FROM sqlite_master WHERE name = 'errands'"):
            return {}
        where, params = ("WHERE ended_at >= ?", [iso(since)]) if since is not None else ("", [])
        rows = self.store.query(f"SELECT service_id, count(*) AS n FROM errands {where} "
                                "GROUP BY service_id", params)
        return {str(row["service_id"]): int(row["n"]) for row in rows}
