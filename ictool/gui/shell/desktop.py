"""What Windows and macOS ask of a desktop app beyond what Qt does by itself.

Windows groups a process's windows on the taskbar under its *AppUserModelID*. A Python app that sets
none is grouped as "python.exe" (with Python's icon, and pinning pins Python), so the id is set before
the first window appears. macOS does not pass a document double-clicked in Finder (or dropped on
the Dock icon) in ``argv``: it sends the running app a ``QFileOpenEvent``, possibly before the main
window exists, so such events are kept until the window can open them exactly as File ▸ Open does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: Reverse-DNS, as Microsoft asks; an installer's shortcut must carry the same id to group with it.
APP_USER_MODEL_ID = "org.ictool.ictool"


def set_windows_app_id(platform: str | None = None) -> bool:
    """Give the process ictool's taskbar identity on Windows; True when it was set.

    Failing is harmless (the windows are grouped as Python's), so it is logged, never raised.
    """
    if (sys.platform if platform is None else platform) != "win32":
        return False
    try:
        import ctypes

        result = ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)  # type: ignore[attr-defined]
    except (AttributeError, OSError) as exc:
        log.warning("could not set the taskbar id %s: %s", APP_USER_MODEL_ID, exc)
        return False
    if result != 0:  # an HRESULT: S_OK is 0
        log.warning("could not set the taskbar id %s: HRESULT %#x", APP_USER_MODEL_ID, result & 0xFFFFFFFF)
        return False
    return True


class DocumentOpener(QObject):
    """Takes the files the system asks the app to open (``QFileOpenEvent``) to the window.

    Installed as an event filter on the application on macOS only: an application-wide filter sees
    every event of every widget, and no other platform sends these events.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: list[Path] = []
        self._open: Callable[[Path], object] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file())
            if self._open is None:
                self.pending.append(path)  # Finder asked before the window was made
            else:
                self._open(path)
            return True
        return super().eventFilter(watched, event)

    def deliver_to(self, open_file: Callable[[Path], object]) -> None:
        """From now on open files with ``open_file`` (the window's File ▸ Open), starting with those
        that arrived before it existed."""
        self._open = open_file
        pending, self.pending = self.pending, []
        for path in pending:
            open_file(path)


def install_document_opener(app: QApplication, platform: str | None = None) -> DocumentOpener:
    """The app's opener; it listens for Finder's requests on macOS (and does nothing elsewhere)."""
    opener = DocumentOpener(app)  # a child of the app: it lives as long as the app does
    if (sys.platform if platform is None else platform) == "darwin":
        app.installEventFilter(opener)
    return opener
