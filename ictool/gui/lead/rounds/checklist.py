"""A list of documents to tick, found by id or title: what the round and retest dialogs choose from.

Why one widget: both dialogs show a study's documents (hundreds, with long titles), let the lead find
them by typing, tick the shown ones at once, and show the ones already chosen before as ticked and
fixed — adding to a round or a retest never takes a document out, as the core never does.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ictool.core.records import DocumentInfo
from ictool.gui.bidi import isolate, strip_isolates
from ictool.gui.lead.status_line import StatusLine
from ictool.gui.widgets.dialog_buttons import ok_cancel

_ID_ROLE = Qt.ItemDataRole.UserRole
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # the item's words without isolate marks, to find it by
_SEPARATORS = " —–-:·,|"


def document_text(doc: DocumentInfo) -> str:
    """How the list shows a document: ``Interview INT-012 — «كريم»، عضو سابق…`` with each piece
    isolated (``bidi.isolate``).

    Why: a title is the study's words, often an English head ("Interview INT-012") and an Arabic
    description. Left to the bidirectional algorithm as one line, the description's opening quote
    stayed with the head and its closing one went to the far end; isolated, the head, the separator
    and the description are each laid out in their own direction, in the line's order. A title that
    begins with the id already says it once ("Interview INT-001 — …"); another gets ``id — title``.
    """
    title, key = doc.title, doc.doc_id
    at = title.find(key, 0, len(key) + 12) if key else -1
    if at < 0:
        return f"{isolate(key)} — {isolate(title)}" if title else isolate(key)
    end = at + len(key)
    rest = title[end:]
    description = rest.lstrip(_SEPARATORS)
    separator = rest[: len(rest) - len(description)]
    return f"{isolate(title[:end])}{separator}{isolate(description)}"


_CHECKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
_FIXED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DocumentChecklist(QWidget):
    changed = Signal()  # a tick changed (by the person, the buttons or set_fixed)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find documents by id or title")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find documents")
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # a long title ends in …, its tooltip has it
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # each line is composed in the app's order (``document_text``), laid out left to right
        self.list.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.check_shown = QPushButton("&Tick the documents shown")
        self.clear = QPushButton("&Untick all")
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_shown)
        buttons.addWidget(self.clear)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.filter.textChanged.connect(self._filter)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.check_shown.clicked.connect(lambda: self._tick(Qt.CheckState.Checked, shown_only=True))
        self.clear.clicked.connect(lambda: self._tick(Qt.CheckState.Unchecked, shown_only=False))
        self._fixed: set[str] = set()

    def set_documents(self, documents: Iterable[DocumentInfo]) -> None:
        """Show these documents, none ticked (the filter stays)."""
        self.list.blockSignals(True)
        self.list.clear()
        for doc in documents:
            text = document_text(doc)
            item = QListWidgetItem(text)
            item.setData(_ID_ROLE, doc.doc_id)
            item.setData(_SEARCH_ROLE, strip_isolates(f"{doc.doc_id} {text}").casefold())
            item.setToolTip(f"{text} ({doc.length:,} characters)")
            item.setFlags(_CHECKABLE)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._fixed = set()
        self._filter(self.filter.text())
        self.changed.emit()

    def set_fixed(self, ids: set[str]) -> None:
        """Show ``ids`` ticked and fixed (chosen before); those fixed until now become free and unticked."""
        fixed = self.list.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        self.list.blockSignals(True)
        for item in self.items():
            key = item.data(_ID_ROLE)
            if key in ids:
                item.setFlags(_FIXED)
                item.setCheckState(Qt.CheckState.Checked)
                item.setForeground(fixed)  # greyed: chosen before, not a tick of this time
            elif key in self._fixed:
                item.setFlags(_CHECKABLE)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.ForegroundRole, None)
        self.list.blockSignals(False)
        self._fixed = set(ids)
        self.changed.emit()

    def chosen(self) -> list[str]:
        """Ids of the ticked documents that are not fixed, in the list's order."""
        return [
            str(item.data(_ID_ROLE))
            for item in self.items()
            if item.checkState() is Qt.CheckState.Checked and item.data(_ID_ROLE) not in self._fixed
        ]

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def shown(self) -> list[QListWidgetItem]:
        return [item for item in self.items() if not item.isHidden()]

    def _filter(self, text: str) -> None:
        folded = text.strip().casefold()
        for item in self.items():
            item.setHidden(bool(folded) and folded not in str(item.data(_SEARCH_ROLE)))

    def _tick(self, state: Qt.CheckState, *, shown_only: bool) -> None:
        self.list.blockSignals(True)
        for item in self.items():
            if item.data(_ID_ROLE) in self._fixed or (shown_only and item.isHidden()):
                continue
            item.setCheckState(state)
        self.list.blockSignals(False)
        self.changed.emit()


class ChecklistDialog(QDialog):
    """A form above a document checklist, a status line and OK / Cancel: the round and retest dialogs.

    A subclass makes its form's fields, then calls :meth:`lay_out`; :meth:`show_check` keeps OK
    enabled only while the choice has no problem, and says what OK would do.
    """

    def lay_out(
        self, title: str, intro: str, form: QFormLayout, checklist: str, label: str, ok: str, rows: int
    ) -> None:
        self.setWindowTitle(title)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.documents = DocumentChecklist(checklist)
        documents_label = QLabel(label)
        documents_label.setBuddy(self.documents.filter)
        self.status = StatusLine(f"{title}: check")
        self.buttons = ok_cancel(self, ok)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(documents_label)
        layout.addWidget(self.documents, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 96, self.fontMetrics().height() * rows)

    def chosen(self) -> list[str]:
        """Ids of the ticked documents that are not fixed: what OK changes."""
        return self.documents.chosen()

    def show_check(self, problem: str | None, ok: str) -> None:
        """OK only without ``problem``; the status line says the problem, or ``ok``."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        self.status.verdict(problem, ok)
