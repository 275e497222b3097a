"""A page not built yet: says so, and shows nothing that could be mistaken for a result."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ictool.gui.lead.pages.page import LeadPage, PageContext


class PlaceholderPage(LeadPage):
    #: What the page will do, shown until it does.
    promise: str = ""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.note = QLabel(f"{self.promise}\n\nThis page is built by the next step of ictool's development.")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setAccessibleName(f"{self.title}: not built yet")
        self.body.addWidget(self.note, 1)
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1
