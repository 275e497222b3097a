"""The last page: everything the project will be created with, to read once before "Create project"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget, QWizardPage

from ictool.core.text.wording import plural
from ictool.gui.lead.assignment_form import describe
from ictool.gui.lead.wizard.draft import Draft
from ictool.gui.lead.wizard.import_report import report_summary


def summary_lines(d: Draft) -> list[tuple[str, str]]:
    codebook = d.codebook
    groups = len([g for g in codebook.groups if g]) if codebook else 0
    sheet = f", from {d.sheet.name}" if d.sheet else ""
    skipped = f" ({plural(len(d.refused), 'file problem')} skipped)" if d.refused else ""
    also = report_summary(len(d.skipped), len(d.notes))
    skipped += f"; {also}" if also else ""
    return [
        ("Title", d.title or (d.path.stem if d.path else "")),
        ("File", str(d.path or "")),
        (
            "Encryption",
            "encrypted with the passphrase you typed (a lost passphrase loses the data)"
            + ("; a recovery key for the packages, written beside it" if d.recovery else "")
            if d.passphrase
            else "none: a plain file",
        ),
        (
            "Codebook",
            f"{plural(len(codebook) if codebook else 0, 'variable')} in {plural(groups, 'group')}{sheet}",
        ),
        ("Transcripts", f"{len(d.found)} to import{skipped}"),
        ("Coders", ", ".join(d.coders)),
        ("Assignment", describe(len(d.found), len(d.coders), d.overlap, d.seed)),
    ]


class SummaryPage(QWizardPage):
    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.setTitle("Ready to create the project")
        self.setSubTitle("Nothing has been written yet. Create the project, or go Back to change anything.")
        self.form = QFormLayout(self)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.values: dict[str, QLabel] = {}
        for key, _ in summary_lines(draft):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(key)
            self.values[key] = value
            title = QLabel(f"<b>{key}</b>")
            self.form.addRow(title, value)

    def initializePage(self) -> None:
        for key, text in summary_lines(self.draft):
            self.values[key].setText(text)
