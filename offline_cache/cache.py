"""Catalog, form and service-circle cache with ETag revalidation, so the kiosk works offline.

Online, each lookup revalidates with ``If-None-Match``: a ``304`` keeps the
cached copy (now known fresh), a ``200`` replaces it. Offline, or when the hub
fails, the cached copy is returned with ``fresh=False``; with no copy at all a
``NeverCached`` error says so. The district map (GeoJSON) revalidates the same
way; the service points near this terminal (walking times, routes, queue
lengths) have no ETag and are replaced by every answer. All of it is public
(nothing personal), so it is stored plain.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from kiosk.hub.errors import HubError
from kiosk.hub.schema import Catalog, DistrictMap, FormSchema, ServicePoint, ServicePoints
from offline_cache.db import StorageFault, Store, iso, parse_iso

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class CatalogClient(Protocol):
    """The part of the hub client the cache uses."""

    def catalog(self, etag: str | None = None) -> Any:
        """``Versioned[Catalog]``."""

    def form(self, service_id: str, etag: str | None = None) -> Any:
        """``Versioned[FormSchema]``."""


class NeverCached(LookupError):
    """The hub is unreachable and this was never fetched before."""

    message_key = "store.never_cached"

    def __init__(self, key: str) -> None:
        super().__init__(f"{key} is not cached and the hub cannot be reached")
        self.key = key


@dataclass(frozen=True)
class Cached(Generic[M]):
    """A value from the hub or the cache; ``fresh`` when the hub confirmed it just now."""

    value: M
    fresh: bool
    fetched_at: dt.datetime


ClientLike = CatalogClient | Callable[[], CatalogClient | None] | None


class CatalogCache:
    """Catalog and forms, fetched with ETags and kept in the store."""

    def __init__(self, store: Store, client: ClientLike = None) -> None:
        self.store = store
        self._client = client
        self.last_fresh = False

    def _resolve(self, client: ClientLike) -> CatalogClient | None:
        source = client if client is not None else self._client
        if source is None:
            return None
        if hasattr(source, "catalog"):
            return source  # type: ignore[return-value]
        try:
            return source()
        except HubError:
            return None

    def catalog_result(self, client: ClientLike = None) -> Cached[Catalog]:
        """The catalog, revalidated when the hub answers (``NeverCached`` if impossible)."""
        resolved = self._resolve(client)
        fetch = (lambda etag: resolved.catalog(etag=etag)) if resolved else None
        return self._lookup("catalog", Catalog, fetch)

    def form_result(self, service_id: str, client: ClientLike = None) -> Cached[FormSchema]:
        """A service's form, revalidated when the hub answers."""
        resolved = self._resolve(client)
        fetch = (lambda etag: resolved.form(service_id, etag=etag)) if resolved else None
        return self._lookup(f"form:{service_id}", FormSchema, fetch)

    def catalog(self, client: ClientLike = None) -> Catalog | None:
        """The catalog or ``None`` (the journey's ``CatalogSource`` shape)."""
        try:
            result = self.catalog_result(client)
        except NeverCached:
            self.last_fresh = False
            return None
        self.last_fresh = result.fresh
        return result.value

    def form(self, service_id: str, client: ClientLike = None) -> FormSchema | None:
        """A form or ``None`` (the journey's ``CatalogSource`` shape)."""
        try:
            result = self.form_result(service_id, client)
        except NeverCached:
            self.last_fresh = False
            return None
        self.last_fresh = result.fresh
        return result.value

    def district_map(self, client: Any = None) -> Cached[DistrictMap] | None:
        """The district's streets and points; the kept copy offline, ``None`` if never fetched."""
        fetch = (lambda etag: client.district_map(etag=etag)) if client is not None else None
        try:
            return self._lookup("district_map", DistrictMap, fetch)
        except NeverCached:
            return None

    def service_points(self, lat: float, lon: float,
                       client: Any = None) -> Cached[ServicePoints] | None:
        """Every service point by walking time from ``(lat, lon)``; the kept copy offline.

        Asked for unfiltered, so a filter by service also works offline.
        """
        key = f"points:{lat:.6f},{lon:.6f}"
        if client is not None:
            try:
                points: list[ServicePoint] = client.service_points(lat, lon)
            except HubError as err:
                log.info("cache: %s not refreshed (%s); using the cached copy", key,
                         err.kind.value)
            else:
                answer = ServicePoints(points=points)
                now = self.store.clock.now()
                self._write(key, None, answer.model_dump_json().encode("utf-8"), now)
                return Cached(answer, True, now)
        cached = self._read(key)
        if cached is None:
            return None
        try:
            return Cached(ServicePoints.model_validate_json(cached[1]), False, cached[2])
        except ValidationError:
            return None

    def _read(self, key: str) -> tuple[str | None, bytes, dt.datetime] | None:
        rows = self.store.query("SELECT etag, body, fetched_at FROM http_cache WHERE key = ?",
                                [key])
        if not rows:
            return None
        r = rows[0]
        return r["etag"], bytes(r["body"]), parse_iso(r["fetched_at"])

    def _lookup(self, key: str, model: type[M],
                fetch: Callable[[str | None], Any] | None) -> Cached[M]:
        cached = self._read(key)
        value: M | None = None
        if cached is not None:
            try:
                value = model.model_validate_json(cached[1])
            except ValidationError:
                cached, value = None, None  # an unreadable copy is as good as none
        if fetch is not None:
            try:
                answer = fetch(cached[0] if cached else None)
            except HubError as err:
                log.info("cache: %s not revalidated (%s); using the cached copy", key,
                         err.kind.value)
            else:
                now = self.store.clock.now()
                if answer.not_modified and value is not None:
                    self._touch(key, now)
                    return Cached(value, True, now)
                if answer.value is not None:
                    body = answer.value.model_dump_json().encode("utf-8")
                    self._write(key, answer.etag, body, now)
                    return Cached(answer.value, True, now)
        if value is None or cached is None:
            raise NeverCached(key)
        return Cached(value, False, cached[2])

    def _write(self, key: str, etag: str | None, body: bytes, now: dt.datetime) -> None:
        try:
            with self.store.atomic() as db:
                db.execute("INSERT OR REPLACE INTO http_cache (key, etag, body, fetched_at) "
                           "VALUES (?, ?, ?, ?)", [key, etag, body, iso(now)])
        except StorageFault as fault:
            # Still usable from memory this time; the disk problem is reported separately.
            self.store.record_fault(fault.kind)

    def _touch(self, key: str, now: dt.datetime) -> None:
        try:
            with self.store.atomic() as db:
                db.execute("UPDATE http_cache SET fetched_at = ? WHERE key = ?", [iso(now), key])
        except StorageFault as fault:
            self.store.record_fault(fault.kind)
