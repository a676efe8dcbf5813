"""Catalog search and grouping for the service screen (Chinese, English, pinyin initials)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def matches(service: Mapping[str, Any], query: str) -> bool:
    """Whether a catalog entry matches what the resident typed.

    Chinese matches any part of the name; Latin text matches the English name,
    the English keywords, the full pinyin or the pinyin initials (``jzz`` finds
    居住证申领 because its initials start ``jzz``).
    """
    q = query.strip().lower()
    if not q:
        return True
    if q in str(service.get("name_zh", "")):
        return True
    compact = q.replace(" ", "")
    initials = str(service.get("pinyin_initials", "")).lower()
    pinyin = str(service.get("pinyin", "")).lower().replace(" ", "")
    if compact and (compact in initials or compact in pinyin):
        return True
    if q in str(service.get("name_en", "")).lower():
        return True
    return any(q in str(k).lower() for k in service.get("keywords_en", ()))


def categories(services: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Distinct categories in the order of their most used service (catalog order)."""
    seen: dict[str, dict[str, str]] = {}
    for sv in services:
        cat = str(sv.get("category", ""))
        if cat and cat not in seen:
            seen[cat] = {"id": cat, "name_zh": str(sv.get("category_zh", cat)),
                         "name_en": str(sv.get("category_en", cat))}
    return list(seen.values())


def filtered(services: Iterable[Mapping[str, Any]], query: str,
             category: str) -> list[dict[str, Any]]:
    """Services in catalog (frequency) order that match the query and the category."""
    return [dict(sv) for sv in services
            if (not category or sv.get("category") == category) and matches(sv, query)]
