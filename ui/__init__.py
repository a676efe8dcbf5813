"""Qt Quick (QML) views over thin Python QObject adapters; the only package that imports Qt.

The screens arrive with the touch-UI work; the core never imports this package
(an import-linter contract enforces it), and the CLI reaches it only through one
lazy ``importlib.import_module("ui.app")`` in the commands that open windows.
"""
