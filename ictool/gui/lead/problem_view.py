"""A table of problems (row, what is wrong) that wraps long sentences instead of cutting them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ictool.gui.lead.models.problems import ProblemTableModel


class ProblemView(QTableView):
    def __init__(self, name: str = "Problems", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem_model = ProblemTableModel(self)
        self.setModel(self.problem_model)
        self.setAccessibleName(name)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def set_problems(self, problems: Sequence[str]) -> None:
        self.problem_model.set_problems(problems)
        self.setVisible(bool(problems))
        # Problems of whole files (transcripts) name no row: no empty column then.
        self.setColumnHidden(0, all(row is None for row, _ in self.problem_model.rows()))

    def count(self) -> int:
        return self.problem_model.rowCount()
