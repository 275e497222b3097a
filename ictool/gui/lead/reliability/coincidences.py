"""Which categories coders confuse: the coincidence matrix of the selected line, and the what-if.

Cell (c, k) counts the pairs of values in which one coder said c and another k about the same
document (Krippendorff's o_ck; a document with m values adds 1/(m − 1) per pair, hence halves with
three coders). The diagonal is agreement; a heavy off-diagonal cell names two categories the coders
cannot tell apart. Selecting two or more categories (cells, or row and column headers) asks the core
for the alpha the line would have if they were one category (``diagnostics.merged_alpha``): a
what-if on a recoded copy, never a change to the data.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from ictool.core.codebook.model import Category, Level
from ictool.core.reliability.diagnostics import CoincidenceMatrix
from ictool.core.reliability.project_data import ScoredLine
from ictool.gui.lead.reliability.style import tint

Index = QModelIndex | QPersistentModelIndex
TOTAL = "Total"


def category_names(line: ScoredLine, labels: Sequence[Hashable]) -> list[str]:
    """How a person knows each value of ``line``'s data: ``code · label`` for a choice, the number
    for a number, "chosen" / "not chosen" for a multi-select option."""
    if line.option is not None:
        return ["chosen" if label == 1 else "not chosen" for label in labels]
    variable = line.variable
    choices = [c for c in variable.choices if not variable.is_missing_code(c.code)]
    if not choices:
        return [str(label) for label in labels]
    out = []
    for label in labels:
        category: Category | None
        if line.level is Level.ORDINAL and isinstance(label, int) and 0 <= label < len(choices):
            category = choices[label]  # ordinal values are codebook positions
        else:
            category = next((c for c in choices if _same(c.code, label)), None)
        out.append(f"{category.code} · {category.label}" if category is not None else str(label))
    return out


def _same(code: object, label: object) -> bool:
    if isinstance(code, bool) or isinstance(label, bool):
        return code == label
    if isinstance(code, int | float) and isinstance(label, int | float):
        return float(code) == float(label)
    return code == label


def code_of(name: str) -> str:
    """The code in a ``code · label`` name (the name itself when it has no label)."""
    return name.split(" · ")[0]


def count_text(x: float) -> str:
    return f"{round(x, 2):g}"


class CoincidenceModel(QAbstractTableModel):
    """Categories × categories (and a Total column: n_c, the values of each category that paired)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix: CoincidenceMatrix | None = None
        self.names: list[str] = []
        self.texts: list[list[str]] = []  # every cell's text, made once: a number variable has 100²
        self._largest_off = 0.0
        self._brushes: dict[tuple[str, int, int], QBrush] = {}
        self.codes_only = False  # rows by code alone, as the columns: the pane has no room for labels

    def set_codes_only(self, codes_only: bool) -> None:
        """Rows by code alone (``True``) or by ``code · label``; see ``headerData``."""
        if codes_only != self.codes_only:
            self.codes_only = codes_only
            if self.names:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.names) - 1)

    def set_matrix(self, matrix: CoincidenceMatrix | None, names: Sequence[str]) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.names = list(names) if matrix is not None else []
        size = len(self.names)
        self._largest_off = 0.0
        self.texts = []
        if matrix is not None:
            self._largest_off = max(
                (matrix.matrix[r][c] for r in range(size) for c in range(size) if r != c), default=0.0
            )
            self.texts = [
                [count_text(x) for x in row] + [count_text(total)]
                for row, total in zip(matrix.matrix, matrix.totals, strict=True)
            ]
        self.endResetModel()

    def _brush(self, kind: str, strength: float) -> QBrush:
        """Tints in eight steps, made once per palette (a large matrix repaints thousands of cells)."""
        palette = QApplication.palette()
        step = round(strength * 8)
        key = (kind, step, palette.color(QPalette.ColorRole.Base).rgba())
        brush = self._brushes.get(key)
        if brush is None:
            brush = self._brushes[key] = QBrush(tint(kind, palette, step / 8))
        return brush

    def label(self, section: int) -> Hashable:
        """The value (as the data set knows it) behind a row or column."""
        assert self.matrix is not None
        return self.matrix.values[section]

    def value(self, row: int, column: int) -> float:
        assert self.matrix is not None
        if column == len(self.names):
            return self.matrix.totals[row]
        return self.matrix.matrix[row][column]

    def tooltip(self, row: int, column: int) -> str:
        a = self.names[row]
        x = count_text(self.value(row, column))
        if column == len(self.names):
            return f"{a}: {x} values in documents coded by two or more coders"
        if row == column:
            return f"Agreement on {a}: {x} pairs"
        return f"Confused: one coder said {a}, another {self.names[column]} — {x} pairs"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.names else len(self.names) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.matrix is None:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts[row][column]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.texts[row][column] == "0":
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        if role == Qt.ItemDataRole.BackgroundRole and column < len(self.names):
            value = self.value(row, column)
            if value <= 0:
                return None
            if row == column:
                return self._brush("reliable", 0.25)
            share = value / self._largest_off if self._largest_off else 0.0
            return self._brush("unreliable", 0.15 + 0.5 * share)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Columns by code, so they stay narrow; rows by ``code · label``, which the view cuts at its
        end when the pane is narrow, or by code alone when even "1 · …" takes the counts' room
        (``VariableDetail._fit_coincidences``): the counts must stay in view. The tooltip and the
        accessible name always have the whole ``code · label``."""
        roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
        if role not in roles:
            return None
        if orientation == Qt.Orientation.Horizontal and section == len(self.names):
            return TOTAL if role == Qt.ItemDataRole.DisplayRole else "Pairable values per category (n_c)"
        if not 0 <= section < len(self.names):
            return None
        if role == Qt.ItemDataRole.DisplayRole and (
            orientation == Qt.Orientation.Horizontal or self.codes_only
        ):
            return code_of(self.names[section])
        return self.names[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
