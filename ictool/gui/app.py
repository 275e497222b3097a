"""Starting the desktop app: one QApplication, the main window, an optional file."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ictool import APP_NAME, __version__


def make_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def run_app(path: Path | None = None, *, actor: str = "unknown", coder: str | None = None) -> int:
    """Run the app; a project opens in the lead's workspace, or as ``coder`` when one is named."""
    from ictool.gui.shell.window import MainWindow

    app = make_app()
    window = MainWindow(actor=actor)
    window.show()
    if path is not None:
        window.open_file(Path(path), coder_name=coder)
    return app.exec()
