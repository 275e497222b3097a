"""Transcripts a new project would import, as a table: id, title, file and length.

Why only these four: the wizard shows what was found before anything is created, and the id is
what coders and the lead will call each interview; the texts themselves stay out of the model.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import Qt

from ictool.core.documents.model import SourceDocument
from ictool.gui.models.read_only_table import Index, RowTable

HEADERS = ("Id", "Title", "File", "Characters")


class FoundTranscript(NamedTuple):
    doc_id: str
    title: str
    source: str
    characters: int

    @classmethod
    def of(cls, doc: SourceDocument) -> FoundTranscript:
        return cls(doc.doc_id, doc.title, doc.metadata.get("relative_path", doc.source_name), len(doc.text))


class TranscriptTableModel(RowTable[FoundTranscript]):
    headers = HEADERS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return f"{row.characters:,}" if index.column() == 3 else str(row[index.column()])
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[index.column()]}: {self.data(index)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
