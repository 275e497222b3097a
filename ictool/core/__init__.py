"""Qt-free core of ictool: everything the GUI can do, headless.

Nothing under this package may import PySide6, ``ictool.gui`` or ``ictool.cli``;
an import-linter contract in ``pyproject.toml`` enforces it and a test runs it.
"""
