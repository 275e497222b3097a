"""The team as a table: a row per coder with how far they got and when their work last moved.

Why "last merged" sits beside the counts: the counts are what the project holds, which is only as
fresh as the last merge; a coder with 0 done but a package out since last month is a phone call,
not a problem with the data. Dates are shown in local time, to the minute. A merge names the
package's saved changes (its revision, in words: ``gui.wording``), so a lead sees whether the file
that came back held any work.

Text columns (coder, dates) are left-aligned under a left-aligned header, counts right-aligned
under a right-aligned one: a header centred over left-aligned cells read as belonging to neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from ictool.core.team.progress import CoderActivity, CoderProgress
from ictool.gui.models.read_only_table import ReadOnlyTable
from ictool.gui.wording import saved_changes

Index = QModelIndex | QPersistentModelIndex
CoderNameRole = Qt.ItemDataRole.UserRole + 1

HEADERS = ("Coder", "Assigned", "Done", "In progress", "Not started", "Values", "Handed out", "Last merged")
_NUMERIC = range(1, 6)
LAST_MERGED_TIP = (
    "When the coder's latest package was merged, and how many changes the coder had saved in it "
    "(the count goes on across the packages handed out to them)"
)


def local_time(stamp: str | None) -> str:
    """A stored UTC timestamp as local date and time ("2025-03-04 14:05"); "" for none."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]


class TeamTableModel(ReadOnlyTable):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CoderProgress] = []
        self._activity: dict[str, CoderActivity] = {}

    def set_team(self, coders: Sequence[CoderProgress], activity: Mapping[str, CoderActivity]) -> None:
        self.beginResetModel()
        self._rows = list(coders)
        self._activity = dict(activity)
        self.endResetModel()

    def coder(self, row: int) -> CoderProgress:
        return self._rows[row]

    def cell(self, row: int, column: int) -> str:
        c = self._rows[row]
        seen = self._activity.get(c.uuid, CoderActivity())
        if column == 0:
            return c.name
        if column in _NUMERIC:
            not_started = max(c.assigned - c.done - c.in_progress, 0)
            return str((c.assigned, c.done, c.in_progress, not_started, c.values)[column - 1])
        if column == 6:
            return local_time(seen.issued_at) or "not yet"
        if seen.merged_at is None:
            return "never"
        return local_time(seen.merged_at)  # the file and its saved changes are in the tooltip

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {self.cell(row, column)}"
        if role == Qt.ItemDataRole.ToolTipRole and column == 7:
            seen = self._activity.get(self._rows[row].uuid)
            if seen is None or seen.merged_at is None:
                return None
            source = f"Merged from {seen.merged_file}" if seen.merged_file else "Merged"
            return f"{source} ({saved_changes(seen.merged_revision)})"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CoderNameRole:
            return self._rows[row].name
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if section in _NUMERIC else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and section == 7:
            return LAST_MERGED_TIP
        return None
