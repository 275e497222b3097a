"""The report as a table: a row per report line (a variable, or ``variable=code`` per option), as the
CLI prints it, sortable and filterable.

Why intervals are kept apart from the lines: they arrive later, line by line, from the bootstrap;
a row's interval cell says "computing…" until then, so a missing interval is never mistaken for a
line without one (undefined alpha: "—"). Sorting uses numbers (``SORT_ROLE``), never the shown text,
and puts undefined values below every number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

from ictool.core.codebook.model import Codebook
from ictool.core.reliability.intervals import Interval
from ictool.core.reliability.project_report import VariableReliability
from ictool.gui.lead.reliability.style import MEANING, RANK, fmt_alpha, status_icon, tint

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # the line's name (its identity)
OPTION_ROLE = Qt.ItemDataRole.UserRole + 3  # a multi-select option's label ("" for other lines)

#: Status next to the figures it qualifies; level and group last (the group is also a filter).
COLUMNS = (
    "Variable",
    "Alpha",
    "95% CI",
    "Status",
    "Units",
    "Pairable",
    "Agree",
    "Disagree",
    "Level",
    "Group",
)
VARIABLE, ALPHA, CI, STATUS, UNITS, PAIRABLE, AGREEMENT, DISAGREEMENTS, LEVEL, GROUP = range(len(COLUMNS))
_NUMERIC = {ALPHA, CI, UNITS, PAIRABLE, AGREEMENT, DISAGREEMENTS}
_TIPS = {
    ALPHA: "Krippendorff's alpha at the variable's level of measurement",
    CI: "95% interval from 1,000 KALPHA bootstrap replicates",
    UNITS: "Documents coded by two or more coders (pairable units)",
    PAIRABLE: "Values in pairable units (n); declared missing codes excluded",
    AGREEMENT: "Share of agreeing pairs of values (ignores chance agreement: read alpha)",
    DISAGREEMENTS: "Documents where coders' values differ (the Reconcile queue's count)",
    STATUS: "reliable ≥ .800, tentative ≥ .667, unreliable below; undefined with its reason",
}
UNDEFINED_SORT = -10.0  # below any alpha (≥ -1 in practice): undefined rows sort last when descending
COMPUTING = "computing…"


def option_label(line: VariableReliability, codebook: Codebook) -> str:
    """A multi-select option's own label ("Money") for its line ``motivations=3``; "" for other lines.

    Why from the codebook rather than the line's ``label``: that one is "Motivations: Money", the
    variable's label too, which beside the name would say the variable twice.
    """
    if line.option is None:
        return ""
    variable = codebook.get(line.variable)
    label = variable.label_of(line.option) if variable is not None else ""
    return "" if label == str(line.option) else label


def line_text(name: str, option: str) -> str:
    """A line as tables and charts show it: ``motivations=3 (Money)``; a variable by its name."""
    return f"{name} ({option})" if option else name


def cut_line(name: str, option: str, metrics: QFontMetrics, room: int, tail: str = "") -> str | None:
    """An option's line in ``room`` pixels, by the one rule of the table and the chart: the name
    whole, the option's label cut at its end, ``motivations=7 (Protection or…)`` (then ``tail``,
    such as " (undefined)"). None when it is not an option's line or its label would keep fewer than
    four characters: the caller then cuts the whole text in the middle, which says more.

    Why one rule: the table cut "(Protection or…)" and the chart "(Prote… safety)", so the same line
    read differently side by side.
    """
    text = f"{line_text(name, option)}{tail}"
    if not option or metrics.horizontalAdvance(text) <= room:
        return None if not option else text
    left = room - metrics.horizontalAdvance(f"{name} (){tail}")
    if left < metrics.averageCharWidth() * 4:
        return None
    return f"{name} ({metrics.elidedText(option, Qt.TextElideMode.ElideRight, left)}){tail}"


@dataclass(frozen=True)
class Row:
    line: VariableReliability
    group: str
    option: str = ""  # a multi-select option's label (``option_label``), shown beside its name


class ReliabilityTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._where: dict[str, int] = {}
        self._intervals: dict[str, Interval | None] = {}

    # -- filling ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._where = {r.line.name: i for i, r in enumerate(self._rows)}
        self._intervals = {}
        self.endResetModel()

    def set_intervals(self, arrivals: Iterable[tuple[str, Interval | None]]) -> None:
        """Intervals as they come; one dataChanged over the rows they touch."""
        touched = []
        for name, interval in arrivals:
            row = self._where.get(name)
            if row is not None:
                self._intervals[name] = interval
                touched.append(row)
        if touched:
            self.dataChanged.emit(self.index(min(touched), CI), self.index(max(touched), CI))

    def intervals(self) -> Mapping[str, Interval | None]:
        return dict(self._intervals)

    def has_interval(self, name: str) -> bool:
        return name in self._intervals

    def row_of(self, name: str) -> int:
        return self._where.get(name, -1)

    def row(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    # -- reading ---------------------------------------------------------------------------

    def ci_text(self, line: VariableReliability) -> str:
        if line.alpha is None:
            return "—"
        if line.name not in self._intervals:
            return COMPUTING
        interval = self._intervals[line.name]
        return "—" if interval is None else f"[{interval.ci95[0]:.3f}, {interval.ci95[1]:.3f}]"

    def cell(self, row: int, column: int) -> str:
        r = self._rows[row]
        v = r.line
        if column == VARIABLE:
            return line_text(v.name, r.option)
        if column == ALPHA:
            return fmt_alpha(v.alpha)
        if column == CI:
            return self.ci_text(v)
        if column == STATUS:
            return v.status
        if column == UNITS:
            return str(v.units)
        if column == PAIRABLE:
            return str(v.pairable_values)
        if column == AGREEMENT:
            return "—" if v.percent_agreement is None else f"{v.percent_agreement:.0%}"
        if column == DISAGREEMENTS:
            return str(v.disagreements)
        if column == LEVEL:
            return v.level.value
        return r.group

    def sort_key(self, row: int, column: int) -> Any:
        r = self._rows[row]
        v = r.line

        def number(x: float | None) -> float:
            return UNDEFINED_SORT if x is None else float(x)

        if column == ALPHA:
            return number(v.alpha)
        if column == CI:
            interval = self._intervals.get(v.name)
            return number(interval.ci95[0] if interval is not None else None)
        if column in (UNITS, PAIRABLE, DISAGREEMENTS):
            return float(self.cell(row, column))
        if column == AGREEMENT:
            return number(v.percent_agreement)
        if column == STATUS:
            return float(RANK.get(v.status, 0))
        if column == VARIABLE:
            return row  # codebook order: what the lead knows the variables by
        return self.cell(row, column).casefold()

    def tooltip(self, row: int, column: int) -> str | None:
        v = self._rows[row].line
        if column in (ALPHA, STATUS) and v.alpha is None:
            return f"undefined: {v.undefined_reason}"
        if column == STATUS:
            return MEANING.get(v.status)
        if column == VARIABLE:
            return v.name if v.label == v.name else f"{v.name} — {v.label}"
        if column != CI or v.alpha is None:
            return None
        if v.name not in self._intervals:
            return "The bootstrap is computing this interval (or was stopped: see above the table)"
        interval = self._intervals[v.name]
        if interval is None:
            return None
        q = interval.q
        return (
            f"Share of bootstrap replicates below .667: {q.get('0.667', 0):.1%}, "
            f"below .800: {q.get('0.8', 0):.1%}"
        )

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == SORT_ROLE:
            return self.sort_key(row, column)
        if role == NAME_ROLE:
            return self._rows[row].line.name
        if role == OPTION_ROLE:
            return self._rows[row].option
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[column]}: {self.cell(row, column)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return status_icon(self._rows[row].line.status)
        if role == Qt.ItemDataRole.BackgroundRole and column == STATUS:
            return QBrush(tint(self._rows[row].line.status, QApplication.palette(), 0.22))
        if role == Qt.ItemDataRole.ForegroundRole and column == CI and self.cell(row, CI) == COMPUTING:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _TIPS.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ReliabilityFilter(QSortFilterProxyModel):
    """Rows of one group and of the chosen statuses whose name or label contains the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._group: str | None = None
        self._statuses: frozenset[str] | None = None
        self._text = ""

    def set_group(self, group: str | None) -> None:
        self.beginFilterChange()
        self._group = group
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: Iterable[str] | None) -> None:
        self.beginFilterChange()
        self._statuses = frozenset(statuses) if statuses is not None else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ReliabilityTableModel) or source_parent.isValid():
            return True
        row = model.row(source_row)
        if self._group is not None and row.group != self._group:
            return False
        if self._statuses is not None and row.line.status not in self._statuses:
            return False
        text = self._text
        return not text or text in row.line.name.casefold() or text in row.line.label.casefold()

    def names(self) -> list[str]:
        """The shown lines' names, in the shown order (what the chart draws)."""
        return [str(self.index(r, 0).data(NAME_ROLE)) for r in range(self.rowCount())]
