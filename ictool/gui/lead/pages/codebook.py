"""The codebook in use: every variable by group, and updating it from an edited sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ictool.gui.lead.pages.page import LeadPage, PageContext


class CodebookPage(LeadPage):
    title = "Codebook"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary = QLabel()
        self.body.addWidget(self.summary)
        self.body.addStretch(1)

    def refresh(self) -> None:
        codebook = self.session.project.codebook
        self.summary.setText(f"{len(codebook)} variables in {len(codebook.groups)} groups")
