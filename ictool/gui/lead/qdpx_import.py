"""File ▸ New Project from REFI-QDA…: ``ictool new PROJECT --from-qdpx FILE [--codebook SHEET]`` in the app.

Why a dialog of its own rather than a page of the wizard: a ``.qdpx`` brings the documents, the coders
and their values at once, so the only choices are the file, where the project goes, and — for a file
another QDA program wrote — the codebook sheet its codes are mapped to. The project is built in a
worker beside the target and renamed in (the core's ``new_project_from_qdpx``), so a refused or
failed import leaves nothing; what could not be mapped is listed before the project opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ictool.gui.lead.status_line import StatusLine
from ictool.gui.lead.wizard.location import SUFFIX, choose_project_file, location_problem
from ictool.gui.shell.prompter import Prompter
from ictool.gui.widgets.dialog_buttons import ok_cancel
from ictool.gui.workers import BackgroundTask, JobControl, run_with_progress

if TYPE_CHECKING:
    from ictool.core.exchange.qdpx_in import QdpxReport

QDPX_FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"
SHEET_FILTER = "Codebook sheets (*.xlsx *.csv);;All files (*)"
#: The most lines of "not mapped" shown in the closing message (all are in the report).
SHOWN_UNMAPPED = 25


def _file_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class QdpxImportDialog(QDialog):
    def __init__(
        self, prompter: Prompter, actor: str, done: Callable[[Path], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.prompter = prompter
        self.actor = actor
        self.done_with = done
        self.task: BackgroundTask | None = None
        self.setWindowTitle("New project from a REFI-QDA file")
        intro = QLabel(
            "A .qdpx from ATLAS.ti, MAXQDA, NVivo, QualCoder or ictool becomes a new project: its text "
            "sources are the documents, its users who coded something the codebook knows are the coders, "
            "with their values, quotes and memos. A file ictool wrote carries its codebook; for another "
            "program's, choose the codebook sheet its codes are to be read with."
        )
        intro.setWordWrap(True)
        self.source = QLineEdit()
        self.source.setAccessibleName("REFI-QDA file")
        self.choose_source = QPushButton("C&hoose…")
        self.choose_source.setAccessibleName("Choose the REFI-QDA file")
        self.target = QLineEdit()
        self.target.setAccessibleName("New project file")
        self.choose_target = QPushButton("Ch&oose…")
        self.choose_target.setAccessibleName("Choose where the project goes")
        self.sheet = QLineEdit()
        self.sheet.setAccessibleName("Codebook sheet (optional)")
        self.sheet.setPlaceholderText("only for a file another program wrote")
        self.choose_sheet = QPushButton("Choo&se…")
        self.choose_sheet.setAccessibleName("Choose the codebook sheet")
        form = QFormLayout()
        labels = []
        for text, edit, button in (
            ("&REFI-QDA file:", self.source, self.choose_source),
            ("&Project file:", self.target, self.choose_target),
            ("&Codebook sheet:", self.sheet, self.choose_sheet),
        ):
            label = QLabel(text)
            label.setBuddy(edit)
            labels.append(label)
            form.addRow(label, _file_row(edit, button))
        self.status = StatusLine("New project from a REFI-QDA file: check")
        self.buttons = ok_cancel(self, "C&reate project")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.choose_source.clicked.connect(self._choose_source)
        self.choose_target.clicked.connect(self._choose_target)
        self.choose_sheet.clicked.connect(self._choose_sheet)
        for edit in (self.source, self.target, self.sheet):
            edit.textChanged.connect(self._check)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 16)
        self._check()

    # -- choosing -------------------------------------------------------------------------

    def _path(self, edit: QLineEdit) -> Path | None:
        text = edit.text().strip()
        return Path(text).expanduser() if text else None

    def _choose_source(self) -> None:
        start = self._path(self.source) or Path.home()
        chosen = self.prompter.choose_file("REFI-QDA file", start, QDPX_FILTER)
        if chosen is not None:
            self.source.setText(str(chosen))
            if not self.target.text().strip():
                self.target.setText(str(chosen.with_suffix(SUFFIX)))

    def _choose_target(self) -> None:
        start = self._path(self.target) or Path.home() / "study.ictool"
        chosen = choose_project_file(self.prompter, "New project file", start)
        if chosen is not None:
            self.target.setText(str(chosen))

    def _choose_sheet(self) -> None:
        start = self._path(self.sheet) or self._path(self.source) or Path.home()
        chosen = self.prompter.choose_file("Codebook sheet", start, SHEET_FILTER)
        if chosen is not None:
            self.sheet.setText(str(chosen))

    # -- checking and creating ------------------------------------------------------------

    def problem(self) -> str | None:
        source, target, sheet = self._path(self.source), self._path(self.target), self._path(self.sheet)
        if source is None:
            return "Choose the .qdpx file."
        if not source.is_file():
            return f"{source} is not a file."
        if target is None:
            return "Choose where the new project goes."
        if sheet is not None and not sheet.is_file():
            return f"{sheet} is not a file."
        return location_problem(target)

    def _check(self) -> None:
        problem = self.problem()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        self.status.verdict(problem, f"The project will be created as {self._path(self.target)}.")

    def accept(self) -> None:
        """Create the project in the background; the dialog closes only once it exists."""
        if (self.task is not None and self.task.is_running()) or self.problem() is not None:
            return
        source, target, sheet = self._path(self.source), self._path(self.target), self._path(self.sheet)
        assert source is not None and target is not None
        actor = self.actor

        def job(control: JobControl) -> QdpxReport:
            # here, not at the top: the File menu offers this at every start, and the reader brings
            # openpyxl and numpy (a fifth of a second of the window's first paint)
            from ictool.core.codebook.sheet import read_codebook
            from ictool.core.exchange.qdpx_in import new_project_from_qdpx

            control.progress(0, 0, "Reading the REFI-QDA file…")
            codebook = read_codebook(sheet) if sheet is not None else None
            return new_project_from_qdpx(target, source, codebook=codebook, actor=actor)

        self.buttons.setEnabled(False)
        self.task = run_with_progress(
            self, "Creating the project", job, self._created, self._failed, label="Creating the project…"
        )
        self.task.cancelled.connect(lambda: self.buttons.setEnabled(True))

    def _created(self, report: QdpxReport) -> None:
        lines = [
            f"{report.path.name} is ready: {report.documents} documents, coders "
            f"{', '.join(report.coders) or 'none'}; {report.values} values, {report.evidence} quotes, "
            f"{report.memos} memos, {report.resolutions} resolutions."
        ]
        if report.unmapped:
            shown = report.unmapped[:SHOWN_UNMAPPED]
            more = len(report.unmapped) - len(shown)
            lines.append(f"Not mapped ({len(report.unmapped)}):")
            lines.append("\n".join(f"• {line}" for line in shown) + (f"\n… and {more} more" if more else ""))
        super().accept()
        self.done_with(report.path)
        self.prompter.inform("Project created", "\n\n".join(lines))

    def _failed(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.prompter.warn("The project was not created", f"{message}\n\nNothing was written.")


def start_qdpx_import(
    parent: QWidget, prompter: Prompter, actor: str, done: Callable[[Path], object]
) -> QdpxImportDialog:
    """Open the dialog over ``parent``; ``done(path)`` once the project exists (the shell opens it)."""
    dialog = QdpxImportDialog(prompter, actor, done, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
