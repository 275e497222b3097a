"""After a merge: one row per package file — merged (with its counts), already merged, or refused and
why — and the whole story of the selected file below."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ictool.core.team.merge import PackageOutcome
from ictool.gui.lead.models.merge_outcomes import ALREADY, MERGED, REFUSED, MergeOutcomeModel, details_of


def summary_text(counts: dict[str, int], source: str) -> str:
    parts = [f"{counts[MERGED]} merged"]
    if counts[ALREADY]:
        parts.append(f"{counts[ALREADY]} already merged before")
    if counts[REFUSED]:
        parts.append(f"{counts[REFUSED]} refused")
    text = f"{source}: " + ", ".join(parts) + "."
    if counts[REFUSED]:
        text += (
            " A refused file changed nothing in the project: select it to read why, and ask its sender "
            "for a good copy."
        )
    return text


class MergeResultsDialog(QDialog):
    def __init__(
        self, outcomes: Sequence[PackageOutcome], source: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge results")
        self.model = MergeOutcomeModel(self)
        self.model.set_outcomes(outcomes)
        self.summary = QLabel(summary_text(self.model.counts(), source))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Merge summary")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Packages merged or refused")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line per file; the whole story is below
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details of the selected package")
        self.details.setPlaceholderText("Select a package to read everything about its merge.")
        self.table.selectionModel().selectionChanged.connect(self._selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.details, 2)
        layout.addWidget(buttons)
        chars = self.fontMetrics().averageCharWidth()
        self.resize(chars * 160, self.fontMetrics().height() * 32)
        first_refused = next((i for i, o in enumerate(outcomes) if o.refused), 0)
        if outcomes:
            self.table.selectRow(first_refused)

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.details.setPlainText(details_of(self.model.outcome(rows[0].row())) if rows else "")
