"""Updating the codebook from an edited sheet: see every change first, then apply — or the problems.

Why a preview: a codebook update touches every coder's form and can retire variables that hold
values; the lead reads what would change (the core's own sentences) and decides, including whether
removed variables in use are retired. The sheet stays open in Excel: "Read again" re-reads it after
a fix without leaving the dialog. Nothing is written here; the page applies through the session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ictool.core.errors import UserError
from ictool.core.setup.codebook_update import CodebookChanges
from ictool.gui.lead.problem_view import ProblemView

Preview = Callable[[], tuple[CodebookChanges, list[str]]]


class CodebookUpdateDialog(QDialog):
    def __init__(self, path: Path, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._preview = preview
        self.changes: CodebookChanges | None = None
        self.in_use = 0  # stored values under what the sheet removes
        self.setWindowTitle("Update codebook from sheet")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.change_list = QListWidget()
        self.change_list.setAccessibleName("Changes to the codebook")
        self.change_list.setWordWrap(True)
        self.retire = QCheckBox()
        self.retire.setAccessibleName("Retire removed variables and categories that hold values")
        self.retire.toggled.connect(self._update_buttons)
        self.problems = ProblemView("Problems that stop the update")
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("&Apply changes", QDialogButtonBox.ButtonRole.AcceptRole)
        self.again_button = QPushButton("&Read the sheet again")
        self.again_button.setToolTip(f"Read {path.name} again after fixing it")
        buttons.addButton(self.again_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.again_button.clicked.connect(self.read)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.change_list, 2)
        layout.addWidget(self.retire)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 32)
        self.read()

    def read(self) -> None:
        """Read the sheet and show what would change, or why it cannot."""
        try:
            changes, problems = self._preview()
        except UserError as exc:
            changes, problems = None, exc.problems
        self.changes = changes
        self.change_list.clear()
        self.problems.set_problems(problems)
        in_use = 0
        if changes is not None:
            self.change_list.addItems(changes.lines())
            in_use = sum(r.values for r in changes.removed_variables)
            in_use += sum(c.values for c in changes.removed_categories)
        self.in_use = in_use
        self.retire.setVisible(in_use > 0)
        self.retire.setText(
            f"Retire what the sheet removes although it holds {in_use} stored value(s): the values are kept "
            "(in the audit trail and exports) but can no longer be coded"
        )
        name = self.path.name
        if problems:
            self.summary.setText(
                f"{name} cannot be applied: {len(problems)} problem(s). Fix them in the sheet, save it, "
                "then Read the sheet again. Nothing was changed."
            )
        elif changes is None or changes.empty:
            self.summary.setText(f"{name} matches the codebook in use: there is nothing to change.")
        else:
            retire = (
                " It removes what holds stored values: tick Retire below to apply it anyway."
                if in_use
                else ""
            )
            self.summary.setText(
                f"{name} would make {len(changes.lines())} change(s), as codebook version "
                f"{changes.version + 1} (now {changes.version}). Nothing is written until you apply.{retire}"
            )
        self.change_list.setVisible(changes is not None and not changes.empty)
        self._update_buttons()

    def allow_remove(self) -> bool:
        return self.retire.isChecked()

    def _update_buttons(self) -> None:
        changes = self.changes
        ok = changes is not None and not changes.empty and not self.problems.count()
        if ok and self.in_use and not self.retire.isChecked():
            ok = False
        self.apply_button.setEnabled(ok)
