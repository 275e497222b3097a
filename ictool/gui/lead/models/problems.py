"""Problems the core found in a file a person chose, as a table: the row they are in, and what is wrong.

Why a row column: a codebook sheet is fixed in Excel, row by row; "row 14" in a column of its own
can be sorted and read at a glance, where the same number inside 40 sentences cannot. The core's
sentences name their row ("codebook.xlsx, row 14 (‘age’): …"); this model only splits them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from ictool.gui.models.read_only_table import Index, RowTable

HEADERS = ("Row", "Problem")
_ROW = re.compile(r"^(?P<source>[^:]*?), rows? (?P<row>\d+)(?: \((?P<name>[^)]*)\))?: ")


def split_problem(sentence: str) -> tuple[int | None, str]:
    """(row number or None, the rest of the sentence naming the variable if the row did)."""
    match = _ROW.match(sentence)
    if match is None:
        return None, sentence
    rest = sentence[match.end() :]
    name = match.group("name")
    return int(match.group("row")), f"{name}: {rest}" if name else rest


class ProblemTableModel(RowTable[tuple[int | None, str]]):
    headers = HEADERS

    def set_problems(self, problems: Sequence[str]) -> None:
        self.set_rows([split_problem(p) for p in problems])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, text = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return "" if row is None else str(row)
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"row {row}: {text}" if row is not None and index.column() == 0 else text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return None
