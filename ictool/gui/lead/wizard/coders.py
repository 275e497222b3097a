"""The coders: one name per line, checked as they are typed (the core's own rules for names)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget, QWizardPage

from ictool.core.setup.coders import name_problems
from ictool.gui.lead.status_line import StatusLine
from ictool.gui.lead.wizard.draft import Draft


def names_in(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CodersPage(QWizardPage):
    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.setTitle("Coders")
        self.setSubTitle(
            "Who codes the transcripts? One name per line. Each coder gets a package with the documents "
            "assigned to them and sees only their own values."
        )
        label = QLabel("&Coders, one per line:")
        self.names = QPlainTextEdit()
        self.names.setAccessibleName("Coder names, one per line")
        self.names.setPlaceholderText("Amira\nJonas\nLena")
        self.names.setTabChangesFocus(True)
        label.setBuddy(self.names)
        self.status = StatusLine("Coder names check")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.status)
        self.names.textChanged.connect(self._check)
        self._problems: list[str] = []
        self._check()

    def set_names(self, names: list[str]) -> None:
        self.names.setPlainText("\n".join(names))

    def _check(self) -> None:
        names = names_in(self.names.toPlainText())
        self._problems = name_problems(names)
        self.draft.coders = [] if self._problems else names
        if not names:
            self.status.note("No coders yet.")
        elif self._problems:
            self.status.problem("; ".join(self._problems) + ".")
        elif len(names) == 1:
            self.status.ok("1 coder. Reliability needs at least two coders of the same documents.")
        else:
            self.status.ok(f"{len(names)} coders.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.draft.coders)
