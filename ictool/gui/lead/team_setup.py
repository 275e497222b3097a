"""Setting up the team after the project exists: more coders, more transcripts, a new assignment.

Why here and not only in the wizard: studies change while they run — a coder joins, a second batch
of interviews arrives — and the lead does it on the Team page of the project in use. The dialogs
only collect and check (with the core's own rules); the page writes through the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
from ictool.core.setup.documents import ImportReport
from ictool.core.text.wording import plural
from ictool.gui.lead.assignment_form import AssignmentForm
from ictool.gui.lead.status_line import StatusLine
from ictool.gui.lead.wizard.coders import names_in
from ictool.gui.lead.wizard.import_report import ImportReportView, is_passed_over, report_summary
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


def imported_text(report: ImportReport, has_coders: bool) -> str:
    """What an import did, in a few sentences; the files it names are listed by ``ImportResultDialog``."""
    text = f"{plural(len(report.imported), 'transcript')} imported."
    if report.refused:
        text += f" {plural(len(report.refused), 'file')} refused and skipped."
    also = report_summary(len(report.skipped), len(report.notes))
    if also:
        text += f" {also[0].upper()}{also[1:]}."
    if has_coders and report.imported:
        text += "\n\nNew transcripts are not assigned to anyone yet: Assign documents…"
    return text


def has_more_to_say(report: ImportReport) -> bool:
    """Whether an import needs the report's lists, or its count alone says it all (a message box)."""
    return bool(report.refused or report.skipped or report.notes)


class ImportResultDialog(QDialog):
    """An import of transcripts on the Team page, refused or done, with its report in scrolling tabs.

    Why not a message box: a folder of fifty scanned PDFs made the refusal a box taller than the
    screen, its buttons out of reach; and the files passed over and the transcripts read in another
    encoding need saying too. ``refusal`` asks whether to import the others (accepted: yes);
    ``of_report`` says what was imported (not ``result``: QDialog has one).
    """

    def __init__(
        self,
        title: str,
        summary: str,
        report: tuple[Sequence[str], Sequence[str], Sequence[str]],
        sources: Sequence[Path],
        accept_text: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.report = ImportReportView()
        self.report.set_report(*report, sources)
        if accept_text is None:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            self.buttons.rejected.connect(self.reject)
        else:
            self.buttons = ok_cancel(self, accept_text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        # A size of its own, not its contents': the lists scroll, so it fits 1024x700 whatever they hold.
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 26)

    @classmethod
    def refusal(
        cls, problems: Sequence[str], sources: Sequence[Path], parent: QWidget | None = None
    ) -> ImportResultDialog:
        """Nothing was imported: the problems, the files passed over, and the offer to skip the problems."""
        refused = [p for p in problems if not is_passed_over(p)]
        skipped = [p for p in problems if is_passed_over(p)]
        summary = (
            f"Nothing was imported: {plural(len(refused), 'file')} cannot be imported. Import the others "
            "and skip these, or Cancel, fix the files and import again."
        )
        if skipped:
            summary += f" {plural(len(skipped), 'file')} of other types would be passed over either way."
        return cls(
            "Some transcripts cannot be imported",
            summary,
            (refused, skipped, []),
            sources,
            "&Import the others",
            parent,
        )

    @classmethod
    def of_report(
        cls, report: ImportReport, sources: Sequence[Path], has_coders: bool, parent: QWidget | None = None
    ) -> ImportResultDialog:
        return cls(
            "Transcripts imported",
            imported_text(report, has_coders),
            (report.refused, report.skipped, report.notes),
            sources,
            None,
            parent,
        )
