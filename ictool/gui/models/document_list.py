"""Table model over the project's documents (id, title, length)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ictool.core.records import DocumentInfo

DocumentRole = Qt.ItemDataRole.UserRole + 1

_HEADERS = ("Id", "Title", "Characters")

Index = QModelIndex | QPersistentModelIndex


class DocumentListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._docs: list[DocumentInfo] = []

    def set_documents(self, docs: list[DocumentInfo]) -> None:
        self.beginResetModel()
        self._docs = list(docs)
        self.endResetModel()

    def document(self, row: int) -> DocumentInfo:
        return self._docs[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._docs)):
            return None
        doc = self._docs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (doc.doc_id, doc.title, f"{doc.length:,}")[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.doc_id} — {doc.title}\n{doc.source_name}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DocumentRole:
            return doc.uuid
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None
