"""What every page of the lead's workspace is: see the package docstring (``ictool.gui.lead``).

Why a context object rather than the workspace: a page needs four things (the session, the
prompter, a way to run a long job, the status bar) and nothing else of the workspace, so a page
can be built and tested on its own, and the workspace may change without touching the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from ictool.gui.lead.page_read import PageRead
from ictool.gui.lead.session import LeadSession
from ictool.gui.shell.prompter import Prompter
from ictool.gui.workers import BackgroundTask

#: ``WorkspaceBase.run_job``: (title, job, on_result, *, label=...) -> the running task.
RunJob = Callable[..., BackgroundTask]


@dataclass(frozen=True)
class PageContext:
    session: LeadSession
    prompter: Prompter
    run_job: RunJob
    message: Callable[[str], Any]  # a short status-bar message


class LeadPage(QWidget):
    """A page: a heading with the page's actions as buttons, and ``body`` for its content."""

    title: ClassVar[str] = ""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = context.session
        self.prompter = context.prompter
        self.stale = True  # refresh before the page is next shown
        self._actions: list[QAction] = []
        self.setAccessibleName(f"{self.title} page")
        self.heading = QLabel(self.title)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName(f"{self.title} heading")
        self._reads: list[PageRead[Any]] = []
        # Beside the heading, not in the page's content: what was shown stays readable meanwhile.
        self.reading_note = QLabel("Reading the project…")
        self.reading_note.setAccessibleName("Reading the project")
        self.reading_note.setEnabled(False)  # greyed: a state, not something to act on
        self.reading_note.hide()
        self.action_bar = QHBoxLayout()  # a framed button per action: they must look pressable
        self.action_bar.setSpacing(8)
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addSpacing(12)
        header.addWidget(self.reading_note)
        header.addStretch(1)
        header.addLayout(self.action_bar)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addLayout(self.body, 1)

    def add_action(self, action: QAction) -> QAction:
        """Offer ``action`` on this page (header bar), in the Project menu and by its shortcut."""
        self._actions.append(action)
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(False)
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        self.action_bar.addWidget(button)
        return action

    def add_menu_button(self, text: str, actions: list[QAction]) -> QToolButton:
        """Offer ``actions`` behind one header button with a menu (and, like ``add_action``, in the
        Project menu, by their shortcuts and in Help ▸ Keyboard shortcuts)."""
        menu = QMenu(text, self)
        menu.addActions(actions)
        button = QToolButton()
        button.setText(f"{text} ▾")  # the style's own arrow overlaps the text in some styles
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        button.setAccessibleName(text.replace("&", ""))
        self._actions.extend(actions)
        self.action_bar.addWidget(button)
        return button

    def page_actions(self) -> list[QAction]:
        return list(self._actions)

    def refresh(self) -> None:
        """Re-read what the page shows from the project (see the package docstring)."""
        raise NotImplementedError

    # -- reading in the background (``lead.page_read``) --------------------------------------

    def track_read(self, read: PageRead[Any]) -> PageRead[Any]:
        """Show "Reading…" while ``read`` runs; stop it when the page is hidden (read again when shown)."""
        self._reads.append(read)
        read.readingChanged.connect(self._show_reading_note)
        return read

    def is_reading(self) -> bool:
        """True while the page waits for a read of the project (what it shows may be out of date)."""
        return any(read.is_reading() for read in self._reads)

    def _show_reading_note(self, _reading: bool) -> None:
        self.reading_note.setVisible(self.is_reading())

    def hideEvent(self, event: QHideEvent) -> None:
        # A page switch stops the read (a minimised window does not): a hidden page costs nothing and
        # never holds the file, which is also what lets the workspace close it.
        if not event.spontaneous():
            for read in self._reads:
                if read.stop():
                    self.stale = True
        super().hideEvent(event)
