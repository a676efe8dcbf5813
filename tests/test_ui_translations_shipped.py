"""The Qt translations ship compiled in the wheel, match their .ts, and are never built in place.

An installed terminal runs as an unprivileged user: it cannot write into its
package folder, so a ``.qm`` built there at run time meant English labels on
Chinese screens. These tests build the real wheel, compare its ``.qm`` files
with a fresh ``pyside6-lrelease`` of the ``.ts`` sources (the drift check), and
show that a checkout compiles into the cache instead of the package folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ui import translations as tr

ROOT = Path(__file__).resolve().parents[1]
# What the wheel is built from (pyproject.toml's packages and setup.py's hook).
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE",
           "kiosk", "devices", "offline_cache", "ui")
ZH_LABEL = ("HomeScreen", "Place your ID card on the reader", "请把身份证放在读卡区")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built from a copy of the tree as build-deb builds it."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.qm", "*.pyc"))
        else:
            shutil.copy2(origin, src / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(src)],
        capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (built,) = out.glob("neighbourhood_kiosk-*.whl")
    return built


def test_wheel_ships_a_qm_per_locale_and_no_ts(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n for n in names if n.startswith("ui/i18n/")) == [
        f"ui/i18n/kiosk_{locale}.qm" for locale in sorted(tr.LOCALES)]


@pytest.mark.parametrize("locale", tr.LOCALES)
def test_shipped_qm_matches_a_fresh_compile_of_the_ts(wheel: Path, tmp_path: Path,
                                                      locale: str) -> None:
    """Drift check: the wheel's .qm is exactly what lrelease makes of the committed .ts."""
    shipped = zipfile.ZipFile(wheel).read(f"ui/i18n/kiosk_{locale}.qm")
    fresh = tmp_path / "fresh.qm"
    tr.compile_qm(tr.ts_path(locale), fresh)
    assert shipped == fresh.read_bytes(), f"kiosk_{locale}.qm in the wheel differs from its .ts"


def test_installed_layout_loads_the_shipped_qm(qapp: QCoreApplication, wheel: Path,
                                               tmp_path: Path) -> None:
    """Without .ts sources (an installed wheel) the shipped .qm is used, and it is Chinese."""
    installed = tmp_path / "site" / "ui" / "i18n"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(tmp_path / "site", [n for n in zf.namelist() if n.startswith("ui/i18n/")])
    cache = tmp_path / "cache"
    path = tr.translation_file("zh_CN", installed, cache)
    assert path == installed / "kiosk_zh_CN.qm"
    assert not cache.exists()
    translator = QTranslator()
    assert translator.load(str(path))
    context, source, chinese = ZH_LABEL
    assert translator.translate(context, source) == chinese


def test_checkout_compiles_into_the_cache_never_into_the_package(tmp_path: Path) -> None:
    package = tmp_path / "i18n"
    shutil.copytree(tr.I18N_DIR, package, ignore=shutil.ignore_patterns("*.qm"))
    before = sorted(p.name for p in package.iterdir())
    cache = tmp_path / "cache"
    first = tr.translation_file("zh_CN", package, cache)
    assert first is not None and first.parent == cache and first.exists()
    assert sorted(p.name for p in package.iterdir()) == before
    # The same source is compiled once; an edited one gets a new file, never the stale one.
    stamp = first.stat().st_mtime_ns
    assert tr.translation_file("zh_CN", package, cache) == first
    assert first.stat().st_mtime_ns == stamp
    ts = tr.ts_path("zh_CN", package)
    ts.write_text(ts.read_text(encoding="utf-8").replace("请把身份证放在读卡区", "请放身份证"),
                  encoding="utf-8")
    second = tr.translation_file("zh_CN", package, cache)
    assert second is not None and second != first


def test_install_writes_nothing_into_the_package_folder(qapp: QCoreApplication,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    before = sorted(p.name for p in tr.I18N_DIR.iterdir())
    assert tr.install(qapp, "zh_CN")
    try:
        assert sorted(p.name for p in tr.I18N_DIR.iterdir()) == before
        assert list((tmp_path / "xdg-cache").rglob("kiosk_zh_CN-*.qm"))
        context, source, chinese = ZH_LABEL
        assert QCoreApplication.translate(context, source) == chinese
    finally:
        tr.install(qapp, "en_US")


def test_a_missing_compiler_leaves_english_labels_and_says_why(
        qapp: QCoreApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """A checkout without lrelease starts in English with a logged reason, not a crash."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    # A PATH and interpreter directory without the Qt tools.
    bare = tmp_path / "bin"
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))
    monkeypatch.setattr(sys, "executable", str(bare / "python"))
    assert not tr.install(qapp, "zh_CN")
    assert "pyside6-lrelease not found" in caplog.text
