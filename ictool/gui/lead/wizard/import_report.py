"""What a transcript import says beyond the transcripts it takes: the files it refuses and why, the
files of other types it passed over and what to do with them, and the transcripts it read in another
encoding than UTF-8.

Why one view for the wizard's Transcripts page and the Team page's import: the lead meets the same
folders in both, and the core reports the same three lists (``ImportBatch``/``ImportReport``); told
apart only by their wording, an ``OLD.doc`` that never came in would read like a refusal, and a
transcript guessed to be Windows-1252 would not be mentioned at all. Why tabs: at 1024×700 the
wizard has room under the transcripts table for one list, not three; each tab's count is in its
title and the status line above names all three, so a tab not in front is not a thing left unsaid.
Every list scrolls inside its tab, so fifty scanned PDFs never make a dialog taller than the screen.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTabWidget, QWidget

from ictool.core.documents.model import SourceDocument
from ictool.core.setup.documents import encoding_note
from ictool.core.text.wording import plural
from ictool.gui.models.read_only_table import Index, RowTable

REFUSED, PASSED_OVER, NOT_UTF8 = "Refused", "Passed over", "Not UTF-8"
KINDS = (REFUSED, PASSED_OVER, NOT_UTF8)
_NAMES = {
    REFUSED: "Files refused, and why",
    PASSED_OVER: "Files of other types passed over, and what to do",
    NOT_UTF8: "Transcripts read in another encoding than UTF-8",
}
#: How the core says a folder's file of another type was passed over; what follows is what to do.
_NOT_IMPORTED = "not imported: "
#: How the core notes a transcript read in another encoding (``ImportReport.notes``).
_NOTE = re.compile(r"^(?P<file>.+) read as (?P<encoding>.+) \(not UTF-8\)$")


class ReportRow(NamedTuple):
    file: str  # as the lead knows it: relative to the folder they chose, or the file's own name
    path: str  # the whole path, for the tooltip; "" when the sentence names no file
    reason: str  # why, and what to do about it


def encoding_notes(documents: Iterable[SourceDocument]) -> list[str]:
    """The core's note for each transcript read in another encoding than UTF-8, before any import.

    Why here: the wizard reads the transcripts without importing them, so the import's own notes
    (``ImportReport.notes``) do not exist yet; the sentence is the core's so one reader of notes
    serves both the wizard and the Team page.
    """
    return [note for doc in documents if (note := encoding_note(doc)) is not None]


def split_sentence(sentence: str, sources: Sequence[Path]) -> ReportRow:
    """The file a core sentence ("/a/b/OLD.doc: not imported: …") is about, and the rest of it.

    Whole paths are long and the same folder starts every one of them; the lead chose that folder,
    so the file is shown relative to it (its whole path stays in the tooltip).
    """
    note = _NOTE.match(sentence)
    if note is not None:
        return ReportRow(
            note["file"],
            "",
            f"read as {note['encoding']}, not UTF-8: worth a glance at its accented letters",
        )
    for source in sorted(sources, key=lambda p: len(str(p)), reverse=True):
        root = str(source)
        if sentence.startswith(root + os.sep) or sentence.startswith(root + "/"):
            path, _, rest = sentence.partition(": ")
            if rest:
                return ReportRow(path[len(root) + 1 :], path, _without_prefix(rest))
        elif sentence.startswith(root + ": "):
            rest = sentence[len(root) + 2 :]
            return ReportRow(source.name, root, _without_prefix(rest))
    return ReportRow("", "", sentence)


def is_passed_over(sentence: str) -> bool:
    """Whether a sentence of a refused import is a file of another type passed over, not a refusal.

    Why needed: when an import refuses, the core lists the files passed over after the problems
    (fixing the problems must not be the first time the lead hears that OLD.doc never comes in).
    """
    return f": {_NOT_IMPORTED}" in sentence


def _without_prefix(reason: str) -> str:
    """The reason without "not imported: ": the tab the row is in says that already."""
    return reason[len(_NOT_IMPORTED) :] if reason.startswith(_NOT_IMPORTED) else reason


def report_summary(skipped: int, notes: int) -> str:
    """The sentence the status line adds about the two lists that do not stop an import."""
    parts = []
    if skipped:
        parts.append(f"{plural(skipped, 'file')} passed over (not .txt, .md or .docx)")
    if notes:
        parts.append(f"{plural(notes, 'transcript')} read in another encoding than UTF-8")
    return " and ".join(parts)


class ReportTableModel(RowTable[ReportRow]):
    headers = ("File", "Why, and what to do")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        text = row.file if index.column() == 0 else row.reason
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return (row.path or row.file) if index.column() == 0 else row.reason
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.headers[index.column()]}: {text}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class ReportTable(QTableView):
    """One list of the report: the file in a column of its own, the reason wrapped beside it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report_model = ReportTableModel(self)
        self.setModel(self.report_model)
        self.setAccessibleName(name)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long path keeps its file name
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def set_rows(self, rows: Sequence[ReportRow]) -> None:
        self.report_model.set_rows(rows)
        # The file column fits its names up to a third of the width: the reason is what is read.
        self.resizeColumnToContents(0)
        widest = max(self.fontMetrics().averageCharWidth() * 36, self.viewport().width() // 3)
        self.setColumnWidth(0, min(self.columnWidth(0), widest))


class ImportReportView(QTabWidget):
    """The three lists as tabs titled with their counts; hidden while all three are empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Import report")
        self.setDocumentMode(True)
        self.tables = {kind: ReportTable(_NAMES[kind]) for kind in KINDS}
        for kind in KINDS:
            self.addTab(self.tables[kind], kind)
        self.set_report([], [], [], [])

    def set_report(
        self, refused: Sequence[str], skipped: Sequence[str], notes: Sequence[str], sources: Sequence[Path]
    ) -> None:
        lists = {REFUSED: refused, PASSED_OVER: skipped, NOT_UTF8: notes}
        for i, kind in enumerate(KINDS):
            self.tables[kind].set_rows([split_sentence(s, sources) for s in lists[kind]])
            self.setTabText(i, f"{kind} ({len(lists[kind])})")
            self.setTabVisible(i, bool(lists[kind]))
        # Refusals first: they are what stops the import; then what the lead may have meant to import.
        first = next((i for i, kind in enumerate(KINDS) if lists[kind]), None)
        if first is not None:
            self.setCurrentIndex(first)
        self.setVisible(first is not None)

    def rows(self, kind: str) -> list[ReportRow]:
        return self.tables[kind].report_model.rows()

    def shown_kinds(self) -> list[str]:
        """The tabs the lead can see, in order."""
        return [kind for i, kind in enumerate(KINDS) if self.isTabVisible(i)]
