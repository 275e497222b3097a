"""What a merge did, package by package: merged with its counts, already merged, or refused and why.

Why one row per file, refused ones included: after merging an inbox the lead must see at a glance
which coder's work came in and which file needs a word with its sender; the result is spelled out
in words ("merged", "refused"), never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ictool.core.team.merge import PackageOutcome
from ictool.core.text.wording import plural
from ictool.gui.models.read_only_table import ReadOnlyTable
from ictool.gui.wording import saved_changes

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("File", "Coder", "Result", "Added", "Changed", "Cleared", "Unchanged", "Details")
_COUNTS = range(3, 7)

MERGED = "merged"
ALREADY = "already merged"
REFUSED = "refused"


def result_of(outcome: PackageOutcome) -> str:
    if outcome.report is None:
        return REFUSED
    return ALREADY if outcome.report.already_merged else MERGED


def details_of(outcome: PackageOutcome) -> str:
    """The whole story of one file: why it was refused, or what its merge changed."""
    if outcome.report is None:
        return "\n".join(outcome.problems)
    return outcome.report.summary_line()


def brief_details(outcome: PackageOutcome) -> str:
    r = outcome.report
    if r is None:
        first = outcome.problems[0] if outcome.problems else "refused"
        return first.removeprefix(f"{outcome.path}: ").removeprefix(f"{outcome.path.name}: ")
    if r.already_merged:
        return f"this package ({saved_changes(r.revision)}) was merged before; nothing changed"
    return f"{saved_changes(r.revision)} · {r.documents_done} of {plural(r.documents, 'document')} done"


class MergeOutcomeModel(ReadOnlyTable):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PackageOutcome] = []

    def set_outcomes(self, outcomes: Sequence[PackageOutcome]) -> None:
        self.beginResetModel()
        self._rows = list(outcomes)
        self.endResetModel()

    def outcome(self, row: int) -> PackageOutcome:
        return self._rows[row]

    def counts(self) -> dict[str, int]:
        out = {MERGED: 0, ALREADY: 0, REFUSED: 0}
        for o in self._rows:
            out[result_of(o)] += 1
        return out

    def cell(self, row: int, column: int) -> str:
        o = self._rows[row]
        r = o.report
        if column == 0:
            return o.path.name
        if column == 1:
            return r.coder if r is not None else ""
        if column == 2:
            return result_of(o)
        if column in _COUNTS:
            if r is None or r.already_merged:
                return ""
            return str((r.added, r.changed, r.removed, r.unchanged)[column - 3])
        return brief_details(o)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return details_of(self._rows[row]) if column in (0, 2, 7) else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {self.cell(row, column) or 'none'}"
        if role == Qt.ItemDataRole.FontRole and column == 2 and self._rows[row].refused:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _COUNTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
