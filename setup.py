"""Build hook: the Qt translations (``ui/i18n/*.ts``) compiled to ``.qm`` inside the wheel.

Everything else about the build is in ``pyproject.toml``. An installed kiosk
loads the shipped ``.qm`` files and never writes into its package folder
(``ui/translations.py``); an editable install compiles them at run time instead.
The compiler, ``pyside6-lrelease``, comes with PySide6: build with
``--no-build-isolation`` from a venv holding ``requirements.lock`` (as
``./kiosk-dev`` and ``packaging/build-deb`` do), or let an isolated build fetch
the PySide6 listed in ``[build-system] requires``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithTranslations(build_py):
    """``build_py`` plus ``.ts`` → ``.qm`` into the build folder."""

    def run(self) -> None:
        """Copy the packages, then compile every locale's translations beside them."""
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the checkout's ui/translations.py compiles into the user's cache
        # Loaded by path: the build must not import the ui package (it needs Qt).
        spec = importlib.util.spec_from_file_location("_kiosk_translations",
                                                      ROOT / "ui" / "translations.py")
        assert spec is not None and spec.loader is not None
        translations = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = translations  # dataclasses look their module up
        spec.loader.exec_module(translations)
        out = Path(self.build_lib) / "ui" / "i18n"
        built = translations.build_qm(ROOT / "ui" / "i18n", out, force=True)
        missing = sorted(set(translations.LOCALES) - set(built))
        if missing:
            raise SystemExit(f"no .ts source for {', '.join(missing)} in ui/i18n")


setup(cmdclass={"build_py": BuildPyWithTranslations})
