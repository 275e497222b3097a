"""Who drifts, for the selected line: alpha between every two coders (a heat map) and alpha with
each coder left out.

Why both: a coder who disagrees with everybody shows as one pale row and column in the matrix and
as a big rise in alpha without them — retrain that coder. A matrix that is pale everywhere says the
definition is unclear to all — rewrite the codebook. Every cell shows its number; the tint (the
status colour of that alpha) only helps the eye, and the tooltip says the status in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication

from ictool.core.reliability.project_report import PairwiseRow, status_of
from ictool.gui.lead.reliability.style import fmt_alpha, tint

Index = QModelIndex | QPersistentModelIndex

#: Alpha must rise by this much without a coder to call it drift (as ``ictool report`` does).
DRIFT_GAIN = 0.05


class CoderMatrixModel(QAbstractTableModel):
    """Coders × coders; a cell is the alpha of the two, on the documents both coded."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._coders: list[str] = []
        self._pairs: dict[frozenset[str], PairwiseRow] = {}

    def set_pairs(self, coders: Sequence[str], pairs: Sequence[PairwiseRow]) -> None:
        self.beginResetModel()
        self._pairs = {frozenset(p.coders): p for p in pairs}
        named = {c for p in pairs for c in p.coders}
        self._coders = [c for c in coders if c in named]
        self.endResetModel()

    def pair(self, row: int, column: int) -> PairwiseRow | None:
        if row == column:
            return None
        return self._pairs.get(frozenset((self._coders[row], self._coders[column])))

    def text(self, row: int, column: int) -> str:
        if row == column:
            return "—"
        p = self.pair(row, column)
        return "" if p is None else fmt_alpha(p.alpha)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._coders)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._coders)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        p = self.pair(row, column)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            a, b = self._coders[row], self._coders[column]
            if p is None:
                return f"{a} with {a}" if row == column else f"{a} and {b}: no pair"
            words = status_of(p.alpha)
            return f"{a} and {b}: alpha {fmt_alpha(p.alpha)} ({words}) on {p.units} documents both coded"
        if role == Qt.ItemDataRole.BackgroundRole and p is not None:
            return QBrush(tint(status_of(p.alpha), QApplication.palette(), 0.45))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._coders):
            return self._coders[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


LOO_COLUMNS = ("Without", "Alpha", "Change")
_LOO_TIPS = (
    "The coder left out",
    "Alpha of the other coders",
    f"Alpha without the coder minus alpha of all; 'drifts' when it rises by {DRIFT_GAIN:.2f} or more",
)


class LeaveOneOutModel(QAbstractTableModel):
    """A row per coder: alpha of the others, and how far it is from the alpha of all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, float | None]] = []
        self._alpha: float | None = None

    def set_rows(
        self, coders: Sequence[str], without: Mapping[str, float | None], alpha: float | None
    ) -> None:
        self.beginResetModel()
        self._rows = [(c, without[c]) for c in coders if c in without]
        self._alpha = alpha
        self.endResetModel()

    def change(self, row: int) -> float | None:
        value = self._rows[row][1]
        return None if value is None or self._alpha is None else value - self._alpha

    def text(self, row: int, column: int) -> str:
        coder, value = self._rows[row]
        if column == 0:
            return coder
        if column == 1:
            return fmt_alpha(value)
        delta = self.change(row)
        if delta is None:
            return "—"
        drift = "  drifts" if delta >= DRIFT_GAIN else ""
        return f"{delta:+.3f}{drift}"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LOO_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{LOO_COLUMNS[column]}: {self.text(row, column)}"
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return (
                f"Alpha rises by {DRIFT_GAIN:.2f} or more without this coder: they disagree with the others"
                if (self.change(row) or 0) >= DRIFT_GAIN
                else "Alpha without this coder minus alpha of all coders"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == 1:
            return QBrush(tint(status_of(self._rows[row][1]), QApplication.palette(), 0.3))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(LOO_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return LOO_COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _LOO_TIPS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
