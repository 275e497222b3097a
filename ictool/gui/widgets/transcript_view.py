"""The transcript pane: a read-only reader with evidence highlights, find and zoom.

One ``QPlainTextEdit`` lives for the whole session and only its text is replaced: it lays out
lazily (visible paragraphs only), so a 200k-character transcript switches in ~10-15 ms where
``QTextEdit`` needs 40-60 ms. For the same reason highlights exist only near the screen: a
``QTextCursor`` lays out the paragraph it is placed in, so materialising 40 spans spread over
a transcript costs ~20 ms, and 2,000 find hits far more.

The API speaks code points (the core's evidence offsets), Qt speaks UTF-16; the document's
``OffsetMap`` converts at the edge of each public method.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPalette,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextLine,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip, QVBoxLayout, QWidget

from ictool.gui.text_offsets import OffsetMap
from ictool.gui.widgets.find_bar import FindBar, FindController

ZOOM_MIN, ZOOM_MAX, ZOOM_FACTOR = -5, 12, 1.1
FLASH_MS = 900
EVIDENCE_HUE, FIND_HUE, FLASH_HUE = QColor(245, 190, 20), QColor(40, 190, 110), QColor(255, 120, 0)
Selection = QTextEdit.ExtraSelection


@dataclass(frozen=True, slots=True)
class _Span:
    evidence_id: str
    start16: int
    end16: int
    tooltip: str


@dataclass(frozen=True, slots=True)
class _Position:
    """Where a document was left: the top visible block and line in it, and the cursor (UTF-16)."""

    top_block: int
    top_line: int
    anchor: int
    cursor: int


def _blend(base: QColor, accent: QColor, amount: float) -> QColor:
    """``accent`` over ``base`` at ``amount`` opacity: a tint that follows light or dark mode."""
    pairs = ((base.redF(), accent.redF()), (base.greenF(), accent.greenF()), (base.blueF(), accent.blueF()))
    return QColor.fromRgbF(*(b + (a - b) * amount for b, a in pairs))


class TranscriptView(QWidget):
    """Shows one transcript at a time; every offset in its API is in code points."""

    selectionChanged = Signal()
    evidenceClicked = Signal(str)
    zoomChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edit = QPlainTextEdit(self)
        self._document = self._edit.document()
        self._document.setUndoRedoEnabled(False)  # read-only: an undo stack only costs time and memory
        self._edit.setReadOnly(True)
        self._edit.setTabChangesFocus(True)  # a reader: Tab moves on to the form
        self._edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._edit.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option = self._document.defaultTextOption()
        # Each paragraph takes its direction from its first strong character: an Arabic answer
        # is laid out right to left under an English question (and _align_rtl right-aligns it).
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        self._document.setDefaultTextOption(option)
        self._edit.selectionChanged.connect(self.selectionChanged)
        self._edit.viewport().installEventFilter(self)

        self._find_bar = FindBar(self)
        self._find_bar.hide()
        self._finder = FindController(self._find_bar, self._edit)
        self._finder.hitsChanged.connect(lambda: self._refresh_highlights(force=True))
        self._flash_timer = QTimer(self, singleShot=True, interval=FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._edit, 1)
        column.addWidget(self._find_bar)

        self._key: str | None = None
        self._offsets = OffsetMap("")
        self._positions: dict[str, _Position] = {}
        self._spans: list[_Span] = []
        self._emphasis: frozenset[str] = frozenset()
        self._window = (0, -1)  # UTF-16 range whose highlights exist as selections; empty
        self._highlights: list[Selection] = []
        self._flash: list[Selection] = []
        self._press_pos: QPoint | None = None
        app_size = QApplication.font().pointSizeF()
        self._base_point_size = max(11.0, round(app_size * 2.4) / 2)  # 1.2 x, in half points
        self._zoom_level = 0
        self._apply_zoom()

    # -- documents -------------------------------------------------------------------------

    def set_document(self, key: str, text: str) -> None:
        """Show ``text``; the place left in the previous document is remembered under its key."""
        self._leave_document()
        self._key, self._offsets = key, OffsetMap(text)
        # Qt merges "\r\n" into one paragraph break, which would shift every later offset; a
        # space keeps the count. The core stores "\n" only, so this is a guard, not a path.
        self._edit.setPlainText(text.replace("\r\n", " \n") if "\r" in text else text)
        self._restore_position(key)
        self._finder.set_text(text, self._offsets)

    def clear_document(self) -> None:
        self._leave_document()
        self._key, self._offsets = None, OffsetMap("")
        self._edit.setPlainText("")
        self._finder.set_text("", self._offsets)

    def _leave_document(self) -> None:
        """Remember the position, drop the highlights while their cursors still sit near the screen.

        After ``setPlainText`` the old cursors would all sit at the end of the new text, and
        Qt would lay out two screens of it to find where to repaint them.
        """
        self._remember_position()
        self._flash_timer.stop()
        self._spans, self._highlights, self._flash, self._window = [], [], [], (0, -1)
        self._edit.setExtraSelections([])

    def _remember_position(self) -> None:
        """Keep the top block and line rather than the scroll value.

        The scroll value counts wrapped lines, and blocks not laid out yet count as one line,
        so the same value points elsewhere once the text is shown again with fresh layouts.
        """
        top = self._edit.firstVisibleBlock()
        if self._key is None or not top.isValid():
            return
        line = max(0, self._edit.verticalScrollBar().value() - top.firstLineNumber())
        cursor = self._edit.textCursor()
        self._positions[self._key] = _Position(top.blockNumber(), line, cursor.anchor(), cursor.position())

    def _restore_position(self, key: str) -> None:
        """Scroll, place the cursor, scroll again.

        Scrolled first, placing the cursor is free when it is on screen (the usual case);
        placed first, it would lay out a screen of text around itself (~15 ms). An off-screen
        cursor pulls the view to itself, hence the second scroll.
        """
        saved = self._positions.get(key)
        if saved is None:
            return
        end = self._offsets.utf16_length
        self._scroll_to_block(saved.top_block, saved.top_line)
        self._edit.setTextCursor(self._cursor(min(saved.anchor, end), min(saved.cursor, end)))
        self._scroll_to_block(saved.top_block, saved.top_line)

    def _scroll_to_block(self, number: int, line: int) -> None:
        block = self._document.findBlockByNumber(number)
        if block.isValid():
            self._edit.blockBoundingRect(block)  # lays the block out so its line count is real
            line = min(line, max(0, block.lineCount() - 1))
            self._edit.verticalScrollBar().setValue(block.firstLineNumber() + line)

    # -- evidence --------------------------------------------------------------------------

    def set_evidence(self, spans: Sequence[tuple[str, int, int, str]]) -> None:
        """Highlight ``(evidence id, start, end, tooltip)`` spans; offsets in code points."""
        self._spans = []
        for evidence_id, start, end, tooltip in spans:
            start16, end16 = self._offsets.span_to_utf16(start, end)
            if start16 < end16:
                self._spans.append(_Span(evidence_id, start16, end16, tooltip))
        self._refresh_highlights(force=True)

    def set_emphasis(self, evidence_ids: Collection[str]) -> None:
        """Emphasise the focused variable's spans: stronger tint, underlined, drawn on top."""
        self._emphasis = frozenset(evidence_ids)
        self._refresh_highlights(force=True)

    # -- selection, scrolling, find ----------------------------------------------------------

    def selection_span(self) -> tuple[int, int] | None:
        cursor = self._edit.textCursor()
        if not cursor.hasSelection():
            return None
        return self._offsets.span_to_codepoints(cursor.selectionStart(), cursor.selectionEnd())

    def scroll_to_span(self, start: int, end: int) -> None:
        """Centre ``[start, end)``, put the cursor at its start and flash it.

        Flashed rather than selected: a selection would hide the evidence colour and enable
        "attach evidence" for a quote that already is evidence.
        """
        start16, end16 = self._offsets.span_to_utf16(start, end)
        self._edit.setTextCursor(self._cursor(start16, start16))
        self._edit.centerCursor()
        if start16 < end16:
            self._flash = [self._selection(start16, end16, self._format(FLASH_HUE, 0.7))]
            self._flash_timer.start()
        self._refresh_highlights(force=True)

    def _end_flash(self) -> None:
        self._flash = []
        self._edit.setExtraSelections(self._highlights)

    def show_find(self) -> None:
        """Open the find bar, seeded with the selection when it is a short single line."""
        selected = self._edit.textCursor().selectedText()
        self._finder.open(selected if len(selected) <= 100 and "\u2029" not in selected else "")

    def find_next(self) -> None:
        self._finder.step(+1) if self._find_bar.pattern else self.show_find()

    def find_previous(self) -> None:
        self._finder.step(-1) if self._find_bar.pattern else self.show_find()

    def find_bar(self) -> FindBar:
        return self._find_bar

    def text_edit(self) -> QPlainTextEdit:
        return self._edit

    # -- zoom ------------------------------------------------------------------------------

    @property
    def zoom_level(self) -> int:
        """Steps of 10% from the reading size; the window persists it and sets it back."""
        return self._zoom_level

    @zoom_level.setter
    def zoom_level(self, level: int) -> None:
        level = min(max(int(level), ZOOM_MIN), ZOOM_MAX)
        if level != self._zoom_level:
            self._zoom_level = level
            self._apply_zoom()
            self.zoomChanged.emit(level)

    def zoom_in(self) -> None:
        self.zoom_level = self._zoom_level + 1

    def zoom_out(self) -> None:
        self.zoom_level = self._zoom_level - 1

    def reset_zoom(self) -> None:
        self.zoom_level = 0

    def _apply_zoom(self) -> None:
        font = QFont(self._edit.font())
        font.setPointSizeF(round(self._base_point_size * ZOOM_FACTOR**self._zoom_level * 2) / 2)
        self._edit.setFont(font)
        # The margin grows with the text so the page keeps its proportions at every size.
        self._document.setDocumentMargin(round(QFontMetricsF(font).height() * 0.75))

    # -- highlights ------------------------------------------------------------------------

    def _visible_range(self) -> tuple[int, int]:
        """UTF-16 range of the paragraphs on screen, laid out and right-aligned if RTL."""
        edit, height = self._edit, self._edit.viewport().height()
        block = edit.firstVisibleBlock()
        start = end = max(0, block.position())
        top = edit.blockBoundingGeometry(block).translated(edit.contentOffset()).top()
        while block.isValid() and top <= height:
            top += edit.blockBoundingRect(block).height()  # lays the block out if needed
            self._align_rtl(block)
            end = block.position() + block.length()
            block = block.next()
        return start, end

    @staticmethod
    def _align_rtl(block: QTextBlock) -> None:
        """Right-align a right-to-left paragraph.

        ``QPlainTextDocumentLayout`` gives every block the document's one text option, so an
        Arabic paragraph would hug the left edge. Alignment is applied when drawing and hit
        testing, not when breaking lines, so setting it on the finished layout suffices. It
        is done for visible blocks before each paint: overriding the layout's
        ``blockBoundingRect`` instead would put Python on Qt's hot path (64 ms for 40 spans).
        """
        if block.textDirection() == Qt.LayoutDirection.RightToLeft:
            layout = block.layout()
            option = layout.textOption()
            if not option.alignment() & Qt.AlignmentFlag.AlignRight:
                option.setAlignment(Qt.AlignmentFlag.AlignRight)
                layout.setTextOption(option)

    def _refresh_highlights(self, force: bool) -> None:
        """Make selections for the highlights within a screen of the visible text.

        Runs before every paint (cheap when the screen is still inside the window) and, with
        ``force``, whenever evidence, emphasis or find hits change.
        """
        start, end = self._visible_range()
        if not force and self._window[0] <= start and end <= self._window[1]:
            return
        margin = end - start
        lo, hi = max(0, start - margin), end + margin
        self._window = (lo, hi)
        plain = self._format(EVIDENCE_HUE, 0.42)
        strong = self._format(EVIDENCE_HUE, 0.75)
        strong.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        strong.setUnderlineColor(self.palette().color(QPalette.ColorRole.Text))
        near = [s for s in self._spans if s.start16 < hi and s.end16 > lo]
        near.sort(key=lambda s: s.evidence_id in self._emphasis)  # emphasised drawn on top
        made = [
            self._selection(s.start16, s.end16, strong if s.evidence_id in self._emphasis else plain)
            for s in near
        ]
        to_cp, to16, hit = self._offsets.to_codepoint, self._offsets.to_utf16, self._format(FIND_HUE, 0.45)
        made += [
            self._selection(to16(s), to16(e), hit) for s, e in self._finder.hits_between(to_cp(lo), to_cp(hi))
        ]
        self._highlights = made
        self._edit.setExtraSelections(made + self._flash)  # Qt draws the real selection above all

    def _format(self, hue: QColor, amount: float) -> QTextCharFormat:
        """A background tint of ``hue`` over the palette's base, the text colour kept.

        Over a dark base the same amount of a bright hue washes out the light text, so dark
        mode uses 55% of it: tints stay distinct and text contrast stays at or above 4.5:1.
        """
        base = self.palette().color(QPalette.ColorRole.Base)
        fmt = QTextCharFormat()
        fmt.setBackground(_blend(base, hue, amount if base.lightnessF() >= 0.5 else amount * 0.55))
        fmt.setForeground(self.palette().color(QPalette.ColorRole.Text))
        return fmt

    def _cursor(self, anchor: int, position: int) -> QTextCursor:
        cursor = QTextCursor(self._document)
        cursor.setPosition(anchor)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _selection(self, start16: int, end16: int, fmt: QTextCharFormat) -> Selection:
        selection = Selection()
        selection.cursor = self._cursor(start16, end16)
        selection.format = fmt
        return selection

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: recompute every tint
            self._refresh_highlights(force=True)

    # -- mouse -----------------------------------------------------------------------------

    def _evidence_at(self, point: QPoint) -> _Span | None:
        """The evidence under a viewport point: emphasised first, then the shortest span.

        The character is found with ``QTextLine.xToCursor(CursorOnCharacter)`` inside the line's
        own rectangle, not ``cursorForPosition``: that answers the nearest gap between
        characters even far right of a short line, which would count as the evidence ending it.
        """
        block = self._edit.cursorForPosition(point).block()
        local = (
            QPointF(point)
            - self._edit.blockBoundingGeometry(block).translated(self._edit.contentOffset()).topLeft()
        )
        layout = block.layout()
        lines = (layout.lineAt(i) for i in range(layout.lineCount()))
        line = next((line for line in lines if line.naturalTextRect().contains(local)), None)
        if line is None:
            return None
        pos16 = block.position() + line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
        found = [s for s in self._spans if s.start16 <= pos16 < s.end16]
        key = lambda s: (s.evidence_id not in self._emphasis, s.end16 - s.start16)  # noqa: E731
        return min(found, key=key) if found else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint:
            self._refresh_highlights(force=False)
        elif kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                delta = event.angleDelta().y()
                if delta:
                    self.zoom_in() if delta > 0 else self.zoom_out()
                return True  # QPlainTextEdit would zoom by itself, behind zoom_level's back
        elif kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            plain = event.button() == Qt.MouseButton.LeftButton and not event.modifiers()
            self._press_pos = event.position().toPoint() if plain else None
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            pressed, self._press_pos = self._press_pos, None
            point = event.position().toPoint()
            if pressed is not None and (point - pressed).manhattanLength() < QApplication.startDragDistance():
                span = self._evidence_at(point)
                if span is not None:
                    self.evidenceClicked.emit(span.evidence_id)
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            span = self._evidence_at(event.pos())
            if span is not None and span.tooltip:
                QToolTip.showText(event.globalPos(), span.tooltip, self._edit.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)
