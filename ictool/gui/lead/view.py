"""The lead's window content: a navigation list of pages on the left, the current page on the right.

Why pages refresh lazily: after a merge every page is out of date, but recomputing reliability for
a page nobody looks at would make every merge slow. The view refreshes the shown page at once and
marks the others stale; a stale page refreshes when it is shown.

Coder packages dropped anywhere on the view are offered for merging (``packagesDropped``): the
window's own drop handling would open them instead, closing the project.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ictool.gui.lead.pages import PAGES
from ictool.gui.lead.pages.page import LeadPage, PageContext
from ictool.gui.widgets.banner import Banner

PACKAGE_SUFFIX = ".ictcoder"


def dropped_packages(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    urls = event.mimeData().urls() if event.mimeData() is not None else []
    paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == PACKAGE_SUFFIX]


class LeadView(QWidget):
    packagesDropped = Signal(list)  # list[Path]
    pageChanged = Signal(int)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.pages: list[LeadPage] = [page(context) for page in PAGES]
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.nav.setObjectName("lead-navigation")
        self.stack = QStackedWidget()
        for page in self.pages:
            item = QListWidgetItem(page.title)
            item.setSizeHint(QSize(0, self.nav.fontMetrics().height() * 2 + 4))
            self.nav.addItem(item)
            self.stack.addWidget(page)
        chars = self.nav.fontMetrics().averageCharWidth()
        self.nav.setMinimumWidth(chars * 14)
        self.nav.currentRowChanged.connect(self._show_row)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([chars * 24, chars * 200])
        self.banner = Banner()  # "opened read-only, and why", for as long as it is so
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter)
        context.session.dataChanged.connect(self.data_changed)
        if context.session.readonly:
            reason = context.session.file.readonly_reason
            self.banner.show_message(
                "Opened read-only: nothing can be changed here.",
                (reason[0].upper() + reason[1:] + ".") if reason else "The file was opened read-only.",
            )
        self.nav.setCurrentRow(0)

    @property
    def current(self) -> LeadPage:
        page = self.stack.currentWidget()
        assert isinstance(page, LeadPage)
        return page

    def page(self, kind: type[LeadPage]) -> LeadPage:
        return next(p for p in self.pages if isinstance(p, kind))

    def show_page(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self.nav.setCurrentRow(index)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[row]
        if page.stale:
            page.stale = False
            page.refresh()
        self.stack.setCurrentWidget(page)
        self.pageChanged.emit(row)

    def data_changed(self, _scope: str = "") -> None:
        """Refresh the shown page now and the others when they are next shown."""
        for page in self.pages:
            page.stale = True
        current = self.current
        current.stale = False
        current.refresh()

    # -- dropping coder packages ------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_packages(event):
            event.acceptProposedAction()
        else:
            event.ignore()  # a project file goes on to the window, which opens it

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_packages(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.packagesDropped.emit(paths)
