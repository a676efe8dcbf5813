"""The home screen's service groups: most used first, categories by use, from the journey's view."""

from __future__ import annotations

from fakes import Kit

from kiosk.app import journey as j
from kiosk.app.journey.home import MOST_USED, home_view
from kiosk.devtools.refhub.demo import catalog as demo_catalog
from kiosk.hub.schema import Catalog


def _ids(group: object) -> list[str]:
    return [t.service_id for t in group.tiles]  # type: ignore[attr-defined]


def test_most_used_first_then_categories_in_order_of_their_most_used_service() -> None:
    catalog = demo_catalog()
    view = home_view(catalog)
    ranked = [sv.id for sv in sorted(catalog.services, key=lambda sv: sv.frequency_rank)]
    assert view.groups[0].id == MOST_USED
    assert _ids(view.groups[0]) == ranked[:8]
    assert (view.groups[0].name_zh, view.groups[0].name_en) == ("常用服务", "Most used")
    categories = [g.id for g in view.groups[1:]]
    first_seen: list[str] = []
    for sid in ranked:
        category = next(sv.category for sv in catalog.services if sv.id == sid)
        if category not in first_seen:
            first_seen.append(category)
    assert categories == first_seen
    # Every service is in exactly one category group, most used first within it.
    in_groups = [sid for g in view.groups[1:] for sid in _ids(g)]
    assert sorted(in_groups) == sorted(ranked)
    for group in view.groups[1:]:
        assert _ids(group) == [sid for sid in ranked if sid in _ids(group)]
        assert group.name_zh and group.name_en


def test_local_usage_counts_come_before_the_city_wide_rank() -> None:
    catalog = demo_catalog()
    rarest = max(catalog.services, key=lambda sv: sv.frequency_rank)
    view = home_view(catalog, {rarest.id: 3}, most_used=4)
    assert _ids(view.groups[0])[0] == rarest.id
    assert len(view.groups[0].tiles) == 4
    # Its category now comes first among the categories.
    assert view.groups[1].id == rarest.category


def test_an_empty_catalog_gives_no_groups() -> None:
    assert home_view(Catalog(version="0", services=[])).groups == ()


def test_journey_shows_home_groups_only_on_the_idle_screen(kit: Kit) -> None:
    assert kit.journey.view().home is None  # the catalog is not loaded before the first tick
    kit.journey.handle(j.Tick())
    home = kit.journey.view().home
    assert home is not None and home.groups[0].id == MOST_USED
    kit.journey.handle(j.Browse())
    assert kit.journey.view().home is None
    kit.journey.handle(j.Back())
    assert kit.journey.view().step is j.Step.IDLE and kit.journey.view().home is not None


def test_elder_mode_shows_the_two_most_used(kit: Kit) -> None:
    kit.journey.handle(j.Tick())
    kit.journey.handle(j.SetElderMode(True))
    home = kit.journey.view().home
    assert home is not None and len(home.groups[0].tiles) == 2


def test_cold_cache_without_hub_shows_no_groups_and_no_message(kit: Kit) -> None:
    kit.catalog.available = False
    kit.journey.handle(j.Tick())
    view = kit.journey.view()
    assert view.home is None and view.message is None
    # Once the catalog can be had, the next tick on the home screen brings the tiles.
    kit.catalog.available = True
    kit.journey.handle(j.Tick())
    assert kit.journey.view().home is not None


def test_usage_counts_reach_the_home_view(manual_clock: object) -> None:
    from fakes import make_kit

    kit = make_kit(manual_clock)  # type: ignore[arg-type]
    rarest = max(demo_catalog().services, key=lambda sv: sv.frequency_rank)
    kit.journey.usage = lambda: {rarest.id: 5}
    kit.journey.handle(j.Tick())
    home = kit.journey.view().home
    assert home is not None and home.groups[0].tiles[0].service_id == rarest.id
