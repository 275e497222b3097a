"""Setting up the team after the project exists: more coders, more transcripts, a new assignment.

Why here and not only in the wizard: studies change while they run — a coder joins, a second batch
of interviews arrives — and the lead does it on the Team page of the project in use. The dialogs
only collect and check (with the core's own rules); the page writes through the session.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ictool.core.setup.coders import name_problems
from ictool.core.text.wording import plural
from ictool.gui.lead.assignment_form import AssignmentForm
from ictool.gui.lead.status_line import StatusLine
from ictool.gui.lead.wizard.coders import names_in
from ictool.gui.widgets.dialog_buttons import ok_cancel


class AddCodersDialog(QDialog):
    def __init__(self, existing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.existing = existing
        self.setWindowTitle("Add coders")
        label = QLabel("New &coders, one per line:")
        self.names = QPlainTextEdit()
        self.names.setAccessibleName("New coder names, one per line")
        self.names.setTabChangesFocus(True)
        label.setBuddy(self.names)
        self.status = StatusLine("Coder names check")
        note = QLabel(
            "New coders have no documents yet: assign documents next (Assign documents…), then hand out "
            "their packages."
        )
        note.setWordWrap(True)
        self.buttons = ok_cancel(self, "&Add")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.status)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.names.textChanged.connect(self._check)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.fontMetrics().height() * 20)
        self._check()

    def chosen(self) -> list[str]:
        return names_in(self.names.toPlainText())

    def _check(self) -> None:
        names = self.chosen()
        problems = name_problems(names, self.existing)
        if not names:
            self.status.note(f"Coders now: {', '.join(self.existing) or 'none'}.")
        elif problems:
            self.status.problem("; ".join(problems) + ".")
        else:
            self.status.ok(f"{plural(len(names), 'new coder')}.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(names) and not problems)


class AssignDialog(QDialog):
    def __init__(
        self, documents: int, coders: int, packages_out: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign documents")
        self.form = AssignmentForm()
        self.form.set_counts(documents, coders)
        self.extend = QCheckBox(
            "Packages are out: also give documents to coders who hold a package (they then need a new one)"
        )
        self.extend.setAccessibleName("Add documents on top of the packages already handed out")
        self.extend.setVisible(packages_out)
        note = QLabel(
            "Documents already in a coder's package, or already coded by them, stay theirs whatever is "
            "chosen here."
        )
        note.setWordWrap(True)
        buttons = ok_cancel(self, "&Assign")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.extend)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 18)
