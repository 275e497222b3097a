"""Updating the codebook from an edited sheet: see every change first, then apply — or the problems.

Why a preview: a codebook update touches every coder's form and can retire variables that hold
values; the lead reads what would change (the core's own sentences) and decides, including whether
removed variables in use are retired. The sheet stays open in Excel: "Read again" re-reads it after
a fix without leaving the dialog. Nothing is written here; the page applies through the session.

Why the preview runs in a worker (``preview_job``, on its own read-only connection): checking the
stored values a change touches reads every coding of that variable, over a second on a project of
a million values. The dialog says it is reading meanwhile, keeps the changes it showed last, drops
the result of a read that "Read the sheet again" replaced, and stops the read when it is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
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
from ictool.core.project import Project
from ictool.core.setup.codebook_update import CodebookChanges, preview_update
from ictool.core.text.wording import plural
from ictool.gui.lead.page_read import PageRead
from ictool.gui.lead.problem_view import ProblemView
from ictool.gui.workers import Job, JobControl, open_for_job

#: What the sheet would change (None: it cannot be read), and the problems that refuse it.
Previewed = tuple[CodebookChanges | None, list[str]]
#: Makes the job that reads the sheet and checks it against the project (one per read).
Preview = Callable[[], Job[Previewed]]


def preview_job(project: Path, actor: str, sheet: Path) -> Job[Previewed]:
    """``preview_update`` on the job's own read-only connection; a refused sheet is its problems."""

    def run(control: JobControl) -> Previewed:
        with open_for_job(project, control, partial(Project.open, actor=actor)) as p:
            try:
                return preview_update(p, sheet)
            except UserError as exc:
                return None, list(exc.problems)

    return run


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
        self.reading: PageRead[Previewed] = PageRead(self, self._show, self._failed)
        self.finished.connect(lambda _result: self.reading.stop())  # closed: stop reading at once
        self.read()

    def read(self) -> None:
        """Read the sheet (in a worker) and show what would change, or why it cannot."""
        self.summary.setText(f"Reading {self.path.name} and checking it against the stored values…")
        self.apply_button.setEnabled(False)
        self.reading.start(self._preview())

    def is_reading(self) -> bool:
        return self.reading.is_reading()

    def _failed(self, message: str) -> None:
        self.changes = None
        self.change_list.clear()
        self.change_list.setVisible(False)
        self.problems.set_problems([message])
        self.summary.setText(f"{self.path.name} could not be checked. Nothing was changed.")
        self._update_buttons()

    def _show(self, previewed: Previewed) -> None:
        """What the sheet would change, or why it cannot."""
        changes, problems = previewed
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
            f"Retire what the sheet removes although it holds {plural(in_use, 'stored value')}: the values "
            "are kept (in the audit trail and exports) but can no longer be coded"
        )
        name = self.path.name
        if problems:
            self.summary.setText(
                f"{name} cannot be applied: {plural(len(problems), 'problem')}. Fix them in the sheet, save "
                "it, then Read the sheet again. Nothing was changed."
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
                f"{name} would make {plural(len(changes.lines()), 'change')}, as codebook version "
                f"{changes.version + 1} (now {changes.version}). Nothing is written until you apply.{retire}"
            )
        self.change_list.setVisible(changes is not None and not changes.empty)
        self._update_buttons()

    def allow_remove(self) -> bool:
        return self.retire.isChecked()

    def _update_buttons(self) -> None:
        changes = self.changes
        ok = changes is not None and not changes.empty and not self.problems.count() and not self.is_reading()
        if ok and self.in_use and not self.retire.isChecked():
            ok = False
        self.apply_button.setEnabled(ok)
