"""List model over the evidence quotes of the shown document (for the current coder)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from ictool.core.codebook.model import Codebook
from ictool.core.records import Evidence

EvidenceUuidRole = Qt.ItemDataRole.UserRole + 1
VariableUuidRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
QUOTE_PREVIEW = 140


class EvidenceListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Evidence] = []
        self._labels: dict[str, str] = {}

    def set_codebook(self, codebook: Codebook) -> None:
        self._labels = {v.uuid: v.display_label for v in codebook}

    def set_evidence(self, items: list[Evidence]) -> None:
        order = list(self._labels)
        rank = {u: i for i, u in enumerate(order)}
        self.beginResetModel()
        self._items = sorted(items, key=lambda e: (rank.get(e.variable_uuid, len(rank)), e.start, e.uuid))
        self.endResetModel()

    def evidence(self, row: int) -> Evidence:
        return self._items[row]

    def items(self) -> list[Evidence]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        ev = self._items[index.row()]
        label = self._labels.get(ev.variable_uuid, "(removed variable)")
        quote = " ".join(ev.quote.split())
        if role == Qt.ItemDataRole.DisplayRole:
            short = quote if len(quote) <= QUOTE_PREVIEW else quote[: QUOTE_PREVIEW - 1] + "…"
            return f"{label}\n“{short}”"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{label}: “{quote}”"
        if role == EvidenceUuidRole:
            return ev.uuid
        if role == VariableUuidRole:
            return ev.variable_uuid
        return None
