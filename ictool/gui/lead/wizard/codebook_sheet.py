"""The codebook from a spreadsheet: read it, list its problems by row, read it again after a fix.

A lead without a codebook sheet yet can save the template here (examples of every kind of variable and
a sheet explaining each column), fill it in, and choose it: the wizard is where a first codebook is made.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget, QWizardPage

from ictool.core.codebook.sheet import read_codebook
from ictool.core.codebook.template import write_codebook_template
from ictool.core.errors import UserError
from ictool.core.paths import with_suffix
from ictool.core.text.wording import plural
from ictool.gui.lead.models.codebook_tree import CodebookTreeModel
from ictool.gui.lead.problem_view import ProblemView
from ictool.gui.lead.status_line import StatusLine
from ictool.gui.lead.wizard.draft import Draft
from ictool.gui.shell.prompter import Prompter

SHEET_FILTER = "Codebook sheets (*.xlsx *.csv);;All files (*)"
TEMPLATE_FILTER = "Excel workbook (*.xlsx)"


class CodebookSheetPage(QWizardPage):
    def __init__(self, draft: Draft, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.prompter = prompter
        self.setTitle("Codebook")
        self.setSubTitle(
            "Choose the codebook sheet (.xlsx or .csv): a row per variable with the columns name, label, "
            "level, choices, group, description, missing, multiple, min, max. Every problem is listed with "
            "its row."
        )
        self.choose = QPushButton("C&hoose codebook sheet…")
        self.choose.clicked.connect(self._choose)
        self.again = QPushButton("&Read again")
        self.again.setToolTip("Read the same sheet again after fixing it in your spreadsheet program")
        self.again.clicked.connect(self.read)
        self.again.setEnabled(False)
        self.template = QPushButton("Save a &template…")
        self.template.setToolTip(
            "Write a codebook sheet to start from: example variables and a sheet explaining each column"
        )
        self.template.clicked.connect(self._save_template)
        self.file_label = QLabel("No sheet chosen yet.")
        self.file_label.setAccessibleName("Codebook sheet")
        self.file_label.setWordWrap(True)
        self.status = StatusLine("Codebook check")
        self.problems = ProblemView("Problems in the codebook sheet")
        self.problems.setVisible(False)
        self.model = CodebookTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Variables read from the sheet")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setVisible(False)
        for column in range(4, self.model.columnCount()):
            self.tree.setColumnHidden(column, True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.again)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("No sheet yet?"))
        buttons.addWidget(self.template)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.file_label)
        layout.addWidget(self.status)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.tree, 1)
        layout.addStretch(0)  # takes the room only while neither the problems nor the tree is shown

    def _choose(self) -> None:
        start = self.draft.sheet.parent if self.draft.sheet else (self.draft.path or Path.home()).parent
        path = self.prompter.choose_file("Codebook sheet", start, SHEET_FILTER)
        if path is not None:
            self.load(path)

    def _save_template(self) -> None:
        folder = self.draft.sheet.parent if self.draft.sheet else (self.draft.path or Path.home()).parent
        chosen = self.prompter.choose_new_file(
            "Save a codebook template", folder / "codebook.xlsx", TEMPLATE_FILTER
        )
        if chosen is None:
            return
        out = with_suffix(chosen, ".xlsx")
        if out.is_dir():
            self.prompter.warn("Codebook template", f"{out} is a folder; name the file to write.")
            return
        if out.exists() and not self.prompter.confirm(
            "Replace file?", f"{out.name} already exists in {out.parent}. Replace it?"
        ):
            return
        try:
            write_codebook_template(out)
        except UserError as exc:
            self.prompter.warn("The template was not saved", "\n".join(exc.problems))
            return
        if self.draft.sheet is None:
            self.file_label.setText(
                f"No sheet chosen yet. The template is in {out}: fill it in, then choose it."
            )
        self.prompter.inform_file(
            "Codebook template saved",
            f"The template is saved as {out.name} in {out.parent}.\n\nOpen it in your spreadsheet program: "
            "the sheet ‘How to fill in’ explains each column. Replace the example variables by yours, "
            "save, then Choose codebook sheet… here to read it.",
            out,
        )

    def load(self, path: Path) -> None:
        self.draft.sheet = path
        self.file_label.setText(str(path))
        self.again.setEnabled(True)
        self.read()

    def read(self) -> None:
        path = self.draft.sheet
        if path is None:
            return
        try:
            codebook = read_codebook(path)
        except UserError as exc:
            self.draft.codebook = None
            self.problems.set_problems(exc.problems)
            self.tree.setVisible(False)
            self.status.problem(
                f"{plural(len(exc.problems), 'problem')} in {path.name}. Fix them in the sheet, save it, "
                "then Read again."
            )
        else:
            self.draft.codebook = codebook
            self.problems.set_problems([])
            self.model.set_codebook(codebook)
            self.tree.setVisible(True)
            self.tree.expandAll()
            for column in range(3):  # name, label, level; a long label stops at half the view
                self.tree.resizeColumnToContents(column)
                self.tree.setColumnWidth(
                    column, self.tree.columnWidth(column) + self.fontMetrics().averageCharWidth() * 2
                )
            self.tree.setColumnWidth(1, min(self.tree.columnWidth(1), self.tree.viewport().width() // 2))
            groups = len([g for g in codebook.groups if g])
            in_groups = f" in {plural(groups, 'group')}" if groups else ""
            self.status.ok(f"{plural(len(codebook), 'variable')}{in_groups}, ready.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.draft.codebook is not None
