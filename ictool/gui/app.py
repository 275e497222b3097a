"""Starting the desktop app: one QApplication, the main window, an optional file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from ictool import APP_NAME, __version__
from ictool.gui.shell.app_icon import app_icon
from ictool.gui.shell.desktop import install_document_opener, set_windows_app_id

if TYPE_CHECKING:
    from ictool.gui.shell.window import MainWindow


def make_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        set_windows_app_id()  # before the first window, or the taskbar files it under Python
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())  # every window's title bar, the task bar and the About box
    return app


def run_app(
    path: Path | None = None, *, actor: str = "unknown", coder: str | None = None, dashboard: bool = False
) -> int:
    """Run the app; a project opens in the lead's workspace, or as ``coder`` when one is named.

    ``dashboard`` opens the lead's workspace on the Reliability page: the demo's first screen, so a
    newcomer sees alphas, the chart and the way to the disagreements at once.
    """
    from ictool.gui.shell.window import MainWindow

    app = make_app()
    opener = install_document_opener(app)  # a file double-clicked in Finder may come before the window
    window = MainWindow(actor=actor)
    window.show()
    if path is not None and window.open_file(Path(path), coder_name=coder) and dashboard:
        show_dashboard(window)
    opener.deliver_to(window.open_file)
    return app.exec()


def show_dashboard(window: MainWindow) -> None:
    from ictool.gui.lead.pages.reliability import ReliabilityPage
    from ictool.gui.lead.workspace import LeadWorkspace

    lead = window.workspace
    if isinstance(lead, LeadWorkspace):
        lead.view.show_page(lead.view.pages.index(lead.view.page(ReliabilityPage)))
