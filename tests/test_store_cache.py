"""Catalog and form cache: ETag revalidation online, cached copies offline, clear misses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_support import HubFixture

from kiosk.base.clock import ManualClock
from offline_cache.cache import CatalogCache, NeverCached
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import Store


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubFixture]:
    fixture = HubFixture(tmp_path_factory.mktemp("cache-hub"))
    yield fixture
    fixture.stop()


class Recording:
    """The real hub client, noting which ETags were sent and what came back."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls: list[tuple[str, str | None, bool]] = []

    def catalog(self, etag: str | None = None) -> Any:
        answer = self.client.catalog(etag=etag)
        self.calls.append(("catalog", etag, answer.not_modified))
        return answer

    def form(self, service_id: str, etag: str | None = None) -> Any:
        answer = self.client.form(service_id, etag=etag)
        self.calls.append((service_id, etag, answer.not_modified))
        return answer


def test_revalidation_offline_copy_and_never_cached(hub: HubFixture, tmp_path: Path) -> None:
    clock = ManualClock()
    store = Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock)
    cache = CatalogCache(store)
    client = Recording(hub.client(timeout_s=2))

    # Offline before anything was fetched: a typed miss (and None in the journey's shape).
    hub.hub.admin.set_faults("down=1")
    try:
        with pytest.raises(NeverCached) as info:
            cache.catalog_result(client)
        assert info.value.message_key == "store.never_cached"
        assert cache.catalog(client) is None and cache.form("senior_card", client) is None
    finally:
        hub.hub.admin.set_faults("none")

    first = cache.catalog_result(client)
    assert first.fresh and any(s.id == "senior_card" for s in first.value.services)
    form = cache.form_result("senior_card", client)
    assert form.fresh and form.value.service_id == "senior_card"
    clock.advance(600)
    again = cache.catalog_result(client)
    assert again.fresh and again.value == first.value
    assert client.calls[-1][1] is not None and client.calls[-1][2]  # sent If-None-Match, 304
    assert again.fetched_at == clock.now()

    hub.hub.admin.set_faults("down=1")
    try:
        clock.advance(600)
        offline = cache.catalog_result(client)
        assert not offline.fresh and offline.value == first.value
        assert offline.fetched_at < clock.now()
        assert cache.form("senior_card", client) == form.value and not cache.last_fresh
        with pytest.raises(NeverCached):
            cache.form_result("hotline_12345", client)
    finally:
        hub.hub.admin.set_faults("none")
    store.close()

    # The copy survives a restart and is served with no hub configured at all.
    reopened = Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock)
    cold = CatalogCache(reopened).catalog_result(None)
    assert not cold.fresh and cold.value == first.value
    reopened.close()
    client.client.close()
