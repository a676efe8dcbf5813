"""The home screen's services: tiles grouped by catalogue category, most used first.

Residents look for an errand by its area (户政, 社保, 公积金 …) or pick one of the
few everybody does; so the home screen has a "most used" group first and then one
group per catalogue category. Order comes from use: this terminal's own counts
when it has them (``usage``: service id → errands started here), then the hub's
city-wide ``frequency_rank``. A category's place is that of its most used service.
The screen draws the groups as they come; it decides no order itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.base.i18n import translate
from kiosk.hub.schema import Catalog, Service

MOST_USED = "most_used"
# The 12345 hotline's service in the catalogue: the home screen has its own entry for it.
HOTLINE_SERVICE_ID = "hotline_12345"
# The "most used" group's name (kiosk/base/locale/*/LC_MESSAGES/home.po).
MOST_USED_KEY = "home.most_used"


@dataclass(frozen=True)
class HomeTile:
    """One service tile on the home screen."""

    service_id: str
    name_zh: str
    name_en: str
    category: str
    kiosk_completable: bool
    identity_level: int


@dataclass(frozen=True)
class HomeGroup:
    """A group of tiles: ``most_used``, or one catalogue category with its names."""

    id: str
    name_zh: str
    name_en: str
    tiles: tuple[HomeTile, ...]


@dataclass(frozen=True)
class HomeView:
    """The home screen's groups in display order ("most used" first)."""

    groups: tuple[HomeGroup, ...]


def _tile(service: Service) -> HomeTile:
    return HomeTile(service.id, service.name_zh, service.name_en, service.category,
                    service.kiosk_completable, int(service.identity_level))


def home_view(catalog: Catalog, usage: Mapping[str, int] | None = None, *,
                most_used: int = 8) -> HomeView:
    """The catalogue as home-screen groups: the ``most_used`` top services, then categories.

    A catalogue with no services gives no groups at all.
    """
    counts = usage or {}
    ordered = sorted(catalog.services,
                     key=lambda sv: (-counts.get(sv.id, 0), sv.frequency_rank, sv.id))
    if not ordered:
        return HomeView(())
    groups = [HomeGroup(MOST_USED, translate(MOST_USED_KEY, "zh_CN"),
                        translate(MOST_USED_KEY, "en_US"),
                        tuple(_tile(sv) for sv in ordered[:max(1, most_used)]))]
    by_category: dict[str, list[Service]] = {}
    for sv in ordered:
        by_category.setdefault(sv.category, []).append(sv)
    for category, services in by_category.items():
        first = services[0]
        groups.append(HomeGroup(category, first.category_zh, first.category_en,
                                tuple(_tile(sv) for sv in services)))
    return HomeView(tuple(groups))
