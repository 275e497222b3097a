"""Overview and team: the project at a glance, the coders' progress, hand out and merge."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ictool.core.team.progress import summarize
from ictool.gui.lead.pages.page import LeadPage, PageContext


class TeamPage(LeadPage):
    title = "Team"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        self.body.addStretch(1)

    def refresh(self) -> None:
        s = summarize(self.session.project)
        self.summary.setText(f"{s.documents} documents · {s.variables} variables · {len(s.coders)} coders")
