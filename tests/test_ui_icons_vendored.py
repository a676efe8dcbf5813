"""The vendored Tabler icons: the set is exactly what the kiosk uses, licensed, and reproducible."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from kiosk.devtools.refhub.demo import catalog as demo_catalog
from ui.icons import CATEGORY_ICONS, FALLBACK, ICON_DIR, ICONS, service_icon, vendor
from ui.icons.provider import IconProvider, icon_url, render_icon

NOTICE = ICON_DIR.parent / "NOTICE.md"


def test_the_vendored_files_are_the_icons_used_plus_the_licence() -> None:
    present = sorted(p.name for p in ICON_DIR.iterdir())
    assert present == sorted([f"{name}.svg" for name in ICONS] + ["LICENSE"])
    assert "MIT License" in (ICON_DIR / "LICENSE").read_text(encoding="utf-8")
    for name in ICONS:
        svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
        # Unmodified Tabler outline icons: recoloured at run time, never in the file.
        assert f"icon-tabler-{name}" in svg and 'stroke="currentColor"' in svg


def test_the_notice_names_source_version_and_licence() -> None:
    text = NOTICE.read_text(encoding="utf-8")
    assert vendor.PACKAGE in text and vendor.VERSION in text and "MIT" in text
    assert "python -m ui.icons.vendor" in text


def test_every_demo_service_and_category_has_a_vendored_icon() -> None:
    for sv in demo_catalog().services:
        assert service_icon(sv.id, sv.category) in ICONS
        assert sv.category in CATEGORY_ICONS, f"category {sv.category} has no icon"
    # A service the hub adds later draws its category's icon, or the fallback.
    assert service_icon("new_service", "housing") == CATEGORY_ICONS["housing"]
    assert service_icon("new_service", "new_category") == FALLBACK


def _tarball(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "icons.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_tarball_with_another_hash_is_refused(tmp_path: Path) -> None:
    tarball = _tarball(tmp_path, {"package/LICENSE": b"MIT"})
    with pytest.raises(vendor.VendorError, match="is not the pinned"):
        vendor.read_icons(tarball, ("home",))


def test_an_icon_missing_from_the_package_is_named(tmp_path: Path) -> None:
    tarball = _tarball(tmp_path, {"package/LICENSE": b"MIT"})
    integrity = vendor.integrity_of(tarball.read_bytes())
    with pytest.raises(vendor.VendorError, match=r"package/icons/outline/home\.svg"):
        vendor.read_icons(tarball, ("home",), integrity=integrity)


def test_extract_write_and_check_round_trip(tmp_path: Path) -> None:
    svg = b'<svg stroke="currentColor"></svg>'
    tarball = _tarball(tmp_path, {"package/LICENSE": b"MIT",
                                  "package/icons/outline/home.svg": svg})
    files = vendor.read_icons(tarball, ("home",),
                              integrity=vendor.integrity_of(tarball.read_bytes()))
    target = tmp_path / "tabler"
    assert vendor.differences(files, target) == ["home.svg: differs from @tabler/icons@3.51.0",
                                                 "LICENSE: differs from @tabler/icons@3.51.0"]
    vendor.write(files, target)
    assert vendor.differences(files, target) == []
    (target / "extra.svg").write_bytes(svg)
    assert vendor.differences(files, target) == ["extra.svg: vendored but not used (remove it)"]


def test_icons_are_drawn_in_the_asked_colour(qapp: Any) -> None:
    image = render_icon("home", "A4231B", QSize(48, 48))
    colours = {image.pixelColor(x, y).name() for x in range(48) for y in range(48)
               if image.pixelColor(x, y).alpha() == 255}
    assert colours == {"#a4231b"}
    # Transparent around the strokes.
    assert image.pixelColor(0, 0).alpha() == 0


def test_provider_sizes_and_falls_back_for_an_unknown_name(qapp: Any) -> None:
    provider = IconProvider()
    size = QSize()
    image = provider.requestImage("no-such-icon/0A57A4", size, QSize(64, 64))
    assert (size.width(), size.height()) == (64, 64)
    expected = render_icon(FALLBACK, "0A57A4", QSize(64, 64))
    assert image == expected
    # A bad colour draws black rather than failing.
    dark = provider.requestImage("home/not-a-colour", QSize(), QSize(32, 32))
    inked = [dark.pixelColor(x, y) for x in range(32) for y in range(32)
             if dark.pixelColor(x, y).alpha() == 255]
    assert inked and all(c == QColor("#000000") for c in inked)
    assert icon_url("map-2", "#0A57A4") == "image://icons/map-2/0A57A4"
