"""Which queue items the lead looks at: by variable, group, document, coder and resolved or not.

Why the test is one comparison per criterion on the item itself: ``filterAcceptsRow`` runs once per
row from C++ on every change of a filter, so on a 20,000-item queue every microsecond in it is
20 ms of a frozen window. A resolution written from the page changes one row, and the proxy checks
that row again by itself (dynamic filtering): with "unresolved only" the row leaves the list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ictool.core.reconcile import Disagreement
from ictool.gui.lead.reconcile.queue_model import QueueModel

Index = QModelIndex | QPersistentModelIndex

RESOLVED, UNRESOLVED = "resolved", "unresolved"


@dataclass(frozen=True)
class Filters:
    """None means any; ``coder`` is a coder's uuid (kept: that coder coded the cell)."""

    variable: str | None = None  # variable uuid
    group: str | None = None
    document: str | None = None  # document uuid
    coder: str | None = None
    status: str | None = None  # RESOLVED, UNRESOLVED

    def accepts(self, item: Disagreement) -> bool:
        if self.variable is not None and item.variable.uuid != self.variable:
            return False
        if self.group is not None and item.variable.group != self.group:
            return False
        if self.document is not None and item.document_uuid != self.document:
            return False
        if self.status is not None and (item.resolution is None) != (self.status == UNRESOLVED):
            return False
        return self.coder is None or any(v.coder_uuid == self.coder for v in item.values)

    def with_(self, **changes: str | None) -> Filters:
        return replace(self, **changes)

    @property
    def active(self) -> bool:
        return self != Filters()


class QueueFilter(QSortFilterProxyModel):
    def __init__(self, source: QueueModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue = source
        self._filters = Filters()
        self._everything = True
        self.setSourceModel(source)
        self.setDynamicSortFilter(True)

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        if filters != self._filters:
            self.beginFilterChange()
            self._filters = filters
            self._everything = not filters.active
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._everything:
            return True
        return self._filters.accepts(self._queue.item(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted by the queue model itself (see ``queue_model``); the proxy keeps its order."""
        self._queue.sort(column, order)

    def item(self, row: int) -> Disagreement:
        return self._queue.item(self.mapToSource(self.index(row, 0)).row())

    def row_of_source(self, source_row: int) -> int | None:
        index = self.mapFromSource(self._queue.index(source_row, 0))
        return index.row() if index.isValid() else None
