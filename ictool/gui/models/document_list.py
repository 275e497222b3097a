"""The coder's documents as a table (status icon, id, title) and a proxy filtering by status.

A thin adapter: it holds the list the session returned and the statuses, nothing else; the
window calls ``set_status`` when the session signals a change, which repaints one row.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ictool.core.records import DocumentInfo, Status
from ictool.gui.icons import status_icon

DocumentUuidRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
_HEADERS = ("", "Id", "Title")
_STATUS_TEXT = {Status.NOT_STARTED: "not started", Status.IN_PROGRESS: "in progress", Status.DONE: "done"}


def short_title(doc: DocumentInfo) -> str:
    """The title without a repeat of the id the next column already shows.

    Transcript titles often restate the id ("Interview INT-007 — Sami, Lebanon"); in a narrow list
    the part after the id is what tells documents apart.
    """
    title = doc.title
    if title == doc.doc_id:
        return ""
    match = re.search(rf"(?<!\w){re.escape(doc.doc_id)}(?!\w)", title)
    if match is None:
        return title
    rest = title[match.end() :].lstrip(" —–-:,|")
    return rest or title


class DocumentListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._docs: list[DocumentInfo] = []
        self._status: dict[str, Status] = {}
        self._rows: dict[str, int] = {}

    def set_documents(self, docs: list[DocumentInfo], statuses: dict[str, Status] | None = None) -> None:
        self.beginResetModel()
        self._docs = list(docs)
        self._status = dict(statuses or {})
        self._rows = {d.uuid: i for i, d in enumerate(self._docs)}
        self.endResetModel()

    def set_status(self, document_uuid: str, status: Status) -> None:
        row = self._rows.get(document_uuid)
        if row is None or self._status.get(document_uuid) is status:
            return
        self._status[document_uuid] = status
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_HEADERS) - 1))

    def status(self, document_uuid: str) -> Status:
        return self._status.get(document_uuid, Status.NOT_STARTED)

    def document(self, row: int) -> DocumentInfo:
        return self._docs[row]

    def row_of(self, document_uuid: str) -> int:
        return self._rows.get(document_uuid, -1)

    def counts(self) -> tuple[int, int]:
        """(documents done, documents in total)."""
        return sum(1 for d in self._docs if self.status(d.uuid) is Status.DONE), len(self._docs)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._docs)):
            return None
        doc = self._docs[index.row()]
        col = index.column()
        status = self.status(doc.uuid)
        if role == Qt.ItemDataRole.DisplayRole:
            return ("", doc.doc_id, short_title(doc))[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return status_icon(status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.doc_id} — {doc.title}\n{_STATUS_TEXT[status]} · {doc.length:,} characters"
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            return _STATUS_TEXT[status]
        if role == DocumentUuidRole:
            return doc.uuid
        if role == StatusRole:
            return status.value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None


class StatusFilterProxy(QSortFilterProxyModel):
    """Shows only documents with one status (or all, when the filter is None), and the pinned one.

    The pinned document is the one on screen: coding it changes its status, and were it filtered out
    the list would highlight another document while the old one stayed shown.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._wanted: Status | None = None
        self._pinned: str | None = None

    def set_pinned(self, document_uuid: str | None) -> None:
        if document_uuid != self._pinned:
            self.beginFilterChange()
            self._pinned = document_uuid
            self.endFilterChange()

    def set_wanted(self, status: Status | None) -> None:
        self.beginFilterChange()
        self._wanted = status
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._wanted is None:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._pinned is not None and model.data(index, DocumentUuidRole) == self._pinned:
            return True
        return bool(model.data(index, StatusRole) == self._wanted.value)
