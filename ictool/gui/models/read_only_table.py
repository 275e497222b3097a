"""The part every flat, read-only table of ictool shares: fixed column headers, selectable rows.

Why a base: the lead's lists (team, merge outcomes, transcripts, sheet problems, the queue) differ in
their rows and cells, not in how a header or a cell's flags are given; one definition keeps them the
same (and keeps ``qtmodeltester`` happy everywhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class ReadOnlyTable(QAbstractTableModel):
    """Columns named by ``headers``; rows enabled and selectable, never editable, never parents."""

    headers: ClassVar[tuple[str, ...]] = ()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class RowTable(ReadOnlyTable, Generic[R]):
    """A read-only table over a list of rows, replaced whole: subclasses say how a row reads (``data``).

    Why: the lists a lead reads once (transcripts found, sheet problems, an import's report) are
    shown, then replaced; keeping, replacing and counting the rows is the same for all of them.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)
