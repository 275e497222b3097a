"""Under the transcript: the evidence quotes of this document, and the coder's memo."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ictool.core.records import Evidence
from ictool.gui.bidi import is_right_to_left, isolate, quoted
from ictool.gui.models.evidence_list import EvidenceListModel

MEMO_SAVE_DELAY_MS = 800
#: The line separator a view item's text uses for "\n".
LINE_BREAK = "\u2028"
#: Remove the selected quote, while the evidence list has the focus.
REMOVE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class _EvidenceDelegate(QStyledItemDelegate):
    """Draws each quote in its own direction: an Arabic quote right to left and aligned right, its
    quotation marks round it (the quote is isolated inside them), the label above it isolated too."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        # "label\n“quote”" from the model; Qt has turned the line break into U+2028 by now.
        label, _, rest = option.text.replace("\n", LINE_BREAK).partition(LINE_BREAK)
        if not (rest.startswith("“") and rest.endswith("”")):
            return
        quote = rest[1:-1]
        rtl = is_right_to_left(quote)
        option.text = f"{isolate(label)}{LINE_BREAK}{quoted(quote)}"
        option.direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        option.displayAlignment = side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


class EvidencePanel(QWidget):
    evidenceActivated = Signal(object)  # Evidence to scroll to
    removeRequested = Signal(object)  # Evidence to remove

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_only = False
        self.model = EvidenceListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_EvidenceDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName("Evidence quotes")
        self.view.clicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected evidence quote (Delete, in the list)")
        self.remove_button.clicked.connect(self._remove_selected)
        # Delete removes a quote only while the list has the focus; everywhere else it clears the focused
        # variable. (PySide6 ignores a context passed to QShortcut's constructor: it is set after.)
        for key in REMOVE_KEYS:
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._remove_selected)
        self.hint = QLabel("Select words in the transcript, then Attach evidence (Ctrl+E).")
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(self.hint.foregroundRole())
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addStretch()  # the button keeps its size when the hint is hidden (read-only)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self._update_buttons()

    def set_evidence(self, items: list[Evidence]) -> None:
        self.model.set_evidence(items)
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Remove needs a quote selected (and a file that can be changed)."""
        selected = self.view.selectionModel().hasSelection() and self.view.currentIndex().isValid()
        self.remove_button.setEnabled(not self._read_only and selected)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.evidenceActivated.emit(self.model.evidence(index.row()))

    def _remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid() and not self._read_only:
            self.removeRequested.emit(self.model.evidence(index.row()))

    def select_evidence(self, evidence_uuid: str) -> None:
        for row, ev in enumerate(self.model.items()):
            if ev.uuid == evidence_uuid:
                self.view.setCurrentIndex(self.model.index(row))
                self.view.scrollTo(self.model.index(row))
                return


class MemoEdit(QPlainTextEdit):
    """The coder's memo for the document; saved after a pause in typing and on leaving the field."""

    memoEdited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Memo for this document: doubts, context, what to discuss with the team…")
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MEMO_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        self._saved = ""
        self.textChanged.connect(self._typed)

    def show_memo(self, text: str) -> None:
        self._timer.stop()
        self._saved = text
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)

    def _typed(self) -> None:
        self._timer.start()

    def has_uncommitted(self) -> bool:
        """Typing that has not been handed on yet (it waits for the pause or for leaving the field)."""
        return self.toPlainText() != self._saved

    def commit(self) -> None:
        self._timer.stop()
        text = self.toPlainText()
        if text != self._saved:
            self._saved = text
            self.memoEdited.emit(text)

    def focusOutEvent(self, event):  # type: ignore[no-untyped-def]
        self.commit()
        super().focusOutEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Reached by Tab or a shortcut, the cursor goes to the end: a coder adds to the memo, and
        words typed at the start were glued in front of it. A click keeps the cursor where it lands."""
        super().focusInEvent(event)
        keyboard = (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
        )
        if event.reason() in keyboard:
            self.moveCursor(QTextCursor.MoveOperation.End)


class NotesTabs(QTabWidget):
    """Evidence and memo share the space under the transcript."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evidence = EvidencePanel()
        self.memo = MemoEdit()
        self.addTab(self.evidence, "Evidence")
        self.addTab(self.memo, "Memo")
        self.setDocumentMode(True)

    def set_evidence_count(self, n: int) -> None:
        self.setTabText(0, f"Evidence ({n})" if n else "Evidence")

    def set_has_memo(self, has: bool, *, unsaved: bool = False) -> None:
        """The Memo tab says whether there is a memo, and whether it waits to be saved."""
        self.setTabText(1, "Memo • not saved" if unsaved else "Memo •" if has else "Memo")
        tip = "This memo could not be saved yet; it is kept and saved by itself" if unsaved else ""
        self.setTabToolTip(1, tip)
