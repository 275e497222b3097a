"""Find in the transcript: the bar (input side) and the controller that searches and navigates.

The search runs on the Python string (``find_all``), not through ``QTextDocument.find``: one
pass over a 200k-character transcript takes a few milliseconds and yields code points, the
unit of the evidence spans; only the hits near the screen are converted to UTF-16 and
highlighted.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QToolButton, QWidget

from ictool.gui.text_offsets import OffsetMap

HIGHLIGHT_CAP = 2000  # hits highlighted at once (a screen of one-letter hits); counting is never capped
DEBOUNCE_MS = 150
DEBOUNCE_FROM = 20_000  # characters: shorter texts are searched on every keystroke


def find_all(text: str, pattern: str, case_sensitive: bool) -> list[tuple[int, int]]:
    """Every non-overlapping occurrence of ``pattern`` as ``(start, end)`` code points.

    Case-insensitive search uses ``re.IGNORECASE`` on the escaped pattern rather than
    ``text.lower()``: lower-casing can change a string's length ("İ" becomes two code points),
    which would shift every offset after it.
    """
    if not pattern:
        return []
    if case_sensitive:
        hits, n, i = [], len(pattern), text.find(pattern)
        while i >= 0:
            hits.append((i, i + n))
            i = text.find(pattern, i + n)
        return hits
    return [m.span() for m in re.finditer(re.escape(pattern), text, re.IGNORECASE)]


class FindBar(QWidget):
    """Line edit, "3 of 17", previous/next, match case, close.

    Enter goes to the next hit and Shift+Enter to the previous one (filtered on the line edit
    because ``returnPressed`` does not tell them apart); Escape anywhere in the bar closes it.
    """

    patternChanged = Signal()  # the text or the case toggle changed: search again
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in transcript")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Find in transcript")
        self.field.installEventFilter(self)
        self.field.textChanged.connect(self.patternChanged)
        self.count_label = QLabel()
        # Room for "123 of 456" (longer counts widen it): the bar's minimum width is the transcript
        # pane's, and a wider one made opening the bar shrink the document list at 1024 px.
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("000 of 000"))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # Arrows drawn by the style and a text cross follow the palette; the standard pixmap
        # icons are dark-grey bitmaps that vanish in a dark theme.
        self.previous_button = self._button("Previous match (Shift+Enter)", arrow=Qt.ArrowType.UpArrow)
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button = self._button("Next match (Enter)", arrow=Qt.ArrowType.DownArrow)
        self.next_button.clicked.connect(self.nextRequested)
        self.case_button = self._button("Match case", text="Aa")
        self.case_button.setCheckable(True)
        self.case_button.toggled.connect(self.patternChanged)
        self.close_button = self._button("Close (Escape)", text="\u00d7")
        self.close_button.clicked.connect(self.close_bar)

        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.setSpacing(4)
        self.field.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 9)
        row.addWidget(self.field, 2)
        row.addWidget(self.count_label)
        for button in (self.previous_button, self.next_button, self.case_button):
            row.addWidget(button)
        row.addStretch(3)  # a long field only pushes the buttons away from what they act on
        row.addWidget(self.close_button)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)
        self.set_count(None, 0)

    @staticmethod
    def _button(tip: str, text: str = "", arrow: Qt.ArrowType = Qt.ArrowType.NoArrow) -> QToolButton:
        button = QToolButton()
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setText(text)
        button.setArrowType(arrow)
        return button

    @property
    def pattern(self) -> str:
        return self.field.text()

    @property
    def case_sensitive(self) -> bool:
        return self.case_button.isChecked()

    def set_count(self, current: int | None, total: int) -> None:
        """Show "3 of 17" (``current`` is 1-based), "17 matches" with no current hit, or "No matches"."""
        if not self.pattern:
            text = ""
        elif total == 0:
            text = "No matches"
        elif current is None:
            text = f"{total} match{'es' if total != 1 else ''}"
        else:
            text = f"{current} of {total}"
        self.count_label.setText(text)
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)

    def open_bar(self, seed: str = "", focus: bool = True) -> None:
        """Show the bar with the keyboard in its field, the text selected for overtyping."""
        if seed:
            self.field.setText(seed)
        self.show()
        if focus:
            self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.field.selectAll()

    def close_bar(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                (self.previousRequested if shift else self.nextRequested).emit()
                return True
        return super().eventFilter(watched, event)


class FindController(QObject):
    """Searches the shown text for the bar's pattern and moves the editor's selection.

    Hits are kept in code points. The current hit is the editor's selection itself (drawn by
    Qt above every highlight), so "next" after the user clicked elsewhere continues from the
    cursor, as in a text editor. Which hits get highlighted is the view's business
    (``hits_between``): it highlights those near the screen only.
    """

    hitsChanged = Signal()

    def __init__(self, bar: FindBar, edit: QPlainTextEdit) -> None:
        super().__init__(bar)
        self._bar, self._edit = bar, edit
        self._text, self._offsets = "", OffsetMap("")
        self.hits: list[tuple[int, int]] = []
        self.current: int | None = None
        self._searched: tuple[str, bool] | None = None  # what ``hits`` were found for
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(lambda: self.search(move=True))
        bar.patternChanged.connect(self._schedule)
        bar.nextRequested.connect(lambda: self.step(+1))
        bar.previousRequested.connect(lambda: self.step(-1))
        bar.closed.connect(self._on_closed)

    def set_text(self, text: str, offsets: OffsetMap) -> None:
        """A new document: searched again at once if the bar is open, without moving the cursor."""
        self._timer.stop()
        self._text, self._offsets = text, offsets
        self.hits, self.current, self._searched = [], None, None
        if self._bar.isVisible() and self._bar.pattern:
            self.search(move=False)
        else:
            self._bar.set_count(None, 0)

    def open(self, seed: str) -> None:
        """Open the bar; reopening with the previous pattern shows its hits again at once."""
        was_visible = self._bar.isVisible()
        self._bar.open_bar(seed)
        if not was_visible and self._bar.pattern and not self._timer.isActive():
            self.search(move=False)

    def hits_between(self, start: int, end: int) -> list[tuple[int, int]]:
        """Hits overlapping code points ``[start, end)``, at most HIGHLIGHT_CAP of them."""
        i = max(0, bisect_left(self.hits, (start, 0)) - 1)  # the previous hit may reach in
        found: list[tuple[int, int]] = []
        while i < len(self.hits) and self.hits[i][0] < end and len(found) < HIGHLIGHT_CAP:
            if self.hits[i][1] > start:
                found.append(self.hits[i])
            i += 1
        return found

    def _schedule(self) -> None:
        self._timer.start(DEBOUNCE_MS if len(self._text) >= DEBOUNCE_FROM else 0)

    def search(self, move: bool) -> None:
        """Find every hit; with ``move``, select the first one at or after the cursor."""
        self._timer.stop()
        self._searched = (self._bar.pattern, self._bar.case_sensitive)
        self.hits = find_all(self._text, *self._searched)
        if not self.hits and self._bar.pattern:
            self._clear_selection()
        self.current = self._selected_hit()
        if move and self.hits and self.current is None:
            origin = self._offsets.to_codepoint(self._edit.textCursor().selectionStart())
            self.current = bisect_left(self.hits, (origin, 0)) % len(self.hits)
            self._select_current()
        self.hitsChanged.emit()
        self._bar.set_count(None if self.current is None else self.current + 1, len(self.hits))

    def step(self, direction: int) -> None:
        if not self._bar.isVisible():  # F3 after Escape: hits come back, the focus stays put
            self._bar.open_bar(focus=False)
        if self._searched != (self._bar.pattern, self._bar.case_sensitive):
            self.search(move=False)
        if not self.hits:
            return
        selected = self._selected_hit()
        if selected is not None:
            self.current = (selected + direction) % len(self.hits)
        else:  # the cursor moved since the last hit: continue from where it is now
            cursor = self._edit.textCursor()
            edge = cursor.selectionEnd() if direction > 0 else cursor.selectionStart()
            i = bisect_left(self.hits, (self._offsets.to_codepoint(edge), 0))
            self.current = (i if direction > 0 else i - 1) % len(self.hits)
        self._select_current()
        self._bar.set_count(self.current + 1, len(self.hits))

    def _selected_hit(self) -> int | None:
        cursor = self._edit.textCursor()
        if not cursor.hasSelection() or not self.hits:
            return None
        span = self._offsets.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())
        i = bisect_left(self.hits, span)
        return i if i < len(self.hits) and self.hits[i] == span else None

    def _clear_selection(self) -> None:
        """No match: the last hit (or any selection) is no longer what the coder is looking at, and
        Attach evidence (Ctrl+E) would have attached it. The cursor stays where the selection began."""
        cursor = self._edit.textCursor()
        if cursor.hasSelection():
            cursor.setPosition(cursor.selectionStart())
            self._edit.setTextCursor(cursor)

    def _select_current(self) -> None:
        assert self.current is not None
        start16, end16 = self._offsets.span_to_utf16(*self.hits[self.current])
        cursor = QTextCursor(self._edit.document())
        cursor.setPosition(start16)
        cursor.setPosition(end16, QTextCursor.MoveMode.KeepAnchor)
        self._edit.setTextCursor(cursor)
        self._edit.centerCursor()

    def _on_closed(self) -> None:
        self._timer.stop()
        self.hits, self.current, self._searched = [], None, None
        self.hitsChanged.emit()
        self._edit.setFocus(Qt.FocusReason.OtherFocusReason)
