"""The selected disagreement, coder by coder: each value side by side with its quotes and memo.

Why a column per coder with its own "Use" button and key: the lead compares the values and the
reasons behind them, then takes one; the key (1…n, the column's position) is written on the
column, so nobody has to count. Which column is the choice or the stored final value is said in
words ("✓ chosen", "final value"), never by a colour alone.

Quotes are links (Tab reaches them, Enter follows them); following one asks the page to scroll
the transcript to it. A quote or memo written right to left is laid out right to left.

Why the columns wrap into rows rather than scroll sideways: a card off screen is a coder's value the
lead never sees, and could resolve without. On a narrow window the cards go two (or three) to a row,
as many rows as needed.

Why the area asks for the height of every card whole (``sizeHint``) but insists only on a few lines
(``minimumSizeHint``): a minimum that follows the item travels up to the window, and Qt grows a window
to its minimum size: a multi-select item once made the window 1,110 px tall, and it never shrank
back. The item panel (``item_panel``) gives the area the room it asks for as far as the page has it;
what does not fit scrolls. Each card is as tall as its own content (top-aligned), not stretched to
the tallest card of its row.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ictool.core.codebook.model import Value
from ictool.core.codebook.values import encode_value
from ictool.core.reconcile import CoderValue, Disagreement, Quote
from ictool.gui.bidi import is_right_to_left, isolate, left_to_right, ltr_html
from ictool.gui.lead.reconcile.queue_model import MISSING_MARK
from ictool.gui.widgets.editor_base import muted_colour, set_text_colour

CHOSEN = "✓ chosen"
FINAL = "final value"


def paragraph(inner_html: str, plain: str) -> str:
    """A paragraph laid out in the direction of its text."""
    if is_right_to_left(plain):
        return f'<p dir="rtl" align="right">{inner_html}</p>'
    return f"<p>{inner_html}</p>"


def value_text(item: Disagreement, value: Value) -> str:
    """``5 — Collapse or defeat of the group``; a declared missing code says it is one.

    A multi-select value lists its options one per line, so two coders' sets compare at a glance.
    """
    variable = item.variable
    if isinstance(value, tuple):
        if not value:
            return "[] — none of the options applies"
        return "\n".join(f"{item.code(c)} — {variable.label_of(c)}" for c in value)
    code, label = item.code(value), item.label(value)
    text = code if code == label else f"{code} — {label}"
    if variable.is_missing_code(value):
        text += f" {MISSING_MARK}"  # as the queue marks it
    return text


def same(a: Value | None, b: Value | None) -> bool:
    return a is not None and b is not None and encode_value(a) == encode_value(b)


class CoderColumn(QFrame):
    """One coder's value, the button that takes it, their quotes and their memo."""

    def __init__(self, position: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.position = position  # 1-based: the key that takes this value
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.coder = left_to_right(QLabel())  # the key stays left of a right-to-left name
        self.coder.setTextFormat(Qt.TextFormat.RichText)
        self.value = QLabel()
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.value.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.value.setFont(font)
        self.state = QLabel()
        self.use = QPushButton(f"Use this value ({position})")
        self.quotes = QLabel()
        self.quotes.setWordWrap(True)
        self.quotes.setTextFormat(Qt.TextFormat.RichText)
        self.quotes.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.quotes.setOpenExternalLinks(False)
        self.memo = QLabel()
        self.memo.setWordWrap(True)
        self.memo.setTextFormat(Qt.TextFormat.RichText)
        self.memo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(self.coder, 1)
        head.addWidget(self.state)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.value)
        layout.addWidget(self.use, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.quotes)
        layout.addWidget(self.memo)
        layout.addStretch(1)

    def show_value(self, item: Disagreement, value: CoderValue, quotes: Sequence[tuple[int, Quote]]) -> None:
        name = value.coder
        self.coder.setText(ltr_html(f"<b>{self.position}</b>&nbsp;&nbsp;{html.escape(isolate(name))}"))
        self.coder.setAccessibleName(f"Coder {self.position}: {name}")
        shown = value_text(item, value.value)
        self.value.setText(shown)
        self.value.setAccessibleName(f"{name}'s value: {shown}")
        self.use.setAccessibleName(f"Use {name}'s value (key {self.position})")
        self.use.setToolTip(f"Make {name}'s value the final value ({self.position}); Ctrl+Enter saves it")
        link = self.palette().color(QPalette.ColorRole.WindowText).name()
        if quotes:
            parts = [
                paragraph(
                    f'<a href="{index}" style="color:{link}">“{html.escape(q.quote)}”</a>',
                    q.quote,
                )
                for index, q in quotes
            ]
            self.quotes.setText("".join(parts))
            self.quotes.setAccessibleName(f"{name}'s quotes: {len(quotes)}; Enter on one shows it")
        else:
            self.quotes.setText("<i>No quote for this variable.</i>")
            self.quotes.setAccessibleName(f"{name}'s quotes: none")
        memo = dict(item.memos).get(name, "")
        if memo:
            body = html.escape(memo).replace("\n", "<br>")
            self.memo.setText(paragraph(f"<b>Memo:</b> {body}", memo))
        else:
            self.memo.setText("<i>No memo on this document.</i>")
        if not quotes and not memo:  # one line for both: at 1024x700 every line is the transcript's
            self.quotes.setText("<i>No quote, no memo.</i>")
        self.memo.setVisible(bool(quotes or memo))
        self.memo.setAccessibleName(f"{name}'s memo on the document: {memo or 'none'}")
        set_text_colour(
            self.memo,
            muted_colour(self.palette()) if not memo else self.palette().color(QPalette.ColorRole.WindowText),
        )

    def mark(self, chosen: bool, final: bool) -> None:
        words = [w for w, on in ((CHOSEN, chosen), (FINAL, final)) if on]
        self.state.setText(" · ".join(words))
        self.state.setAccessibleName(" and ".join(words) or "not chosen")
        self.setFrameShadow(QFrame.Shadow.Plain if chosen or final else QFrame.Shadow.Raised)
        self.setLineWidth(2 if chosen else 1)


class Comparison(QScrollArea):
    """The coders' columns for one item; ``useRequested(position)`` and ``quoteActivated(index)``."""

    useRequested = Signal(int)  # 1-based position of the coder whose value to take
    quoteActivated = Signal(int)  # index into the item's ``evidence``
    #: The cards were arranged anew: the height they need (``sizeHint``) may have changed.
    arranged = Signal()

    #: Lines of text the area keeps at the least: a card's name, value and button.
    MIN_LINES = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cards wrap instead
        self.setAccessibleName("The coders' values, quotes and memos")
        self._inner = inner = QWidget()
        # The grid over a stretch: a viewport taller than the cards leaves the room below them,
        # instead of spreading the rows apart.
        self._stack = stack = QVBoxLayout(inner)
        stack.setContentsMargins(0, 0, 0, 0)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        stack.addLayout(self._grid)
        stack.addStretch(1)
        self.setWidget(inner)
        self._needed = 0  # the height every card whole takes at the current width
        self.columns: list[CoderColumn] = []
        self.item: Disagreement | None = None
        self._read_only = False
        self.per_row = 1  # cards in a row, as last arranged
        self._arranging = False
        # Labels know their wrapped height only once laid out: arrange again after the event loop.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.arrange)

    def _column(self, position: int) -> CoderColumn:
        while len(self.columns) < position:
            column = CoderColumn(len(self.columns) + 1, self._inner)  # never a window of its own
            self._grid.addWidget(column, 0, len(self.columns))  # ``arrange`` places it
            column.use.clicked.connect(lambda _=False, p=column.position: self.useRequested.emit(p))
            column.quotes.linkActivated.connect(lambda href: self.quoteActivated.emit(int(href)))
            self.columns.append(column)
        return self.columns[position - 1]

    def shown_columns(self) -> list[CoderColumn]:
        count = len(self.item.values) if self.item is not None else 0
        return self.columns[:count]

    def _room(self) -> int:
        """The width the cards share: the viewport's, less a vertical scroll bar's (always reserved, so
        that its coming and going cannot make the cards re-wrap back and forth)."""
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return max(1, self.width() - 2 * self.frameWidth() - bar)

    def arrange(self) -> None:
        """Cards in as few rows as fit the width (balanced: 2 + 2, not 3 + 1), and an area tall
        enough to show every card down to its button."""
        if self._arranging:
            return
        self._arranging = True
        try:
            self._arrange()
        finally:
            self._arranging = False

    def _arrange(self) -> None:
        cards = self.shown_columns()
        if not cards:
            self._set_needed(0)
            return
        spacing = max(0, self._grid.horizontalSpacing())
        room = self._room()
        narrowest = max(c.minimumSizeHint().width() for c in cards)
        fit = max(1, (room + spacing) // (narrowest + spacing))
        rows = math.ceil(len(cards) / min(fit, len(cards)))
        per_row = math.ceil(len(cards) / rows)
        for card in self.columns:
            self._grid.removeWidget(card)
        for i, card in enumerate(cards):
            # Top-aligned: a card keeps its own height, not the tallest card's with empty space.
            self._grid.addWidget(card, i // per_row, i % per_row, Qt.AlignmentFlag.AlignTop)
        for c in range(max(self._grid.columnCount(), per_row)):
            self._grid.setColumnStretch(c, 1 if c < per_row else 0)
        self.per_row = per_row
        inner = self._inner
        self._stack.activate()
        needed = inner.heightForWidth(room) if inner.hasHeightForWidth() else -1
        self._set_needed(max(needed, inner.minimumSizeHint().height()))

    def _set_needed(self, needed: int) -> None:
        """Ask the layout for ``needed`` px (see the module docstring: a hint, never a minimum)."""
        if needed != self._needed:
            self._needed = needed
            self.updateGeometry()
        self.arranged.emit()

    def sizeHint(self) -> QSize:
        """Every card whole at the current width."""
        frame = 2 * self.frameWidth()
        return QSize(self._inner.sizeHint().width() + frame, self._needed + frame)

    def minimumSizeHint(self) -> QSize:
        """A few lines, whatever the item: the rest scrolls (see the module docstring)."""
        floor = self.fontMetrics().height() * self.MIN_LINES
        return QSize(super().minimumSizeHint().width(), min(self._needed, floor) + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.arrange()
            self._later.start()

    def show_item(self, item: Disagreement | None, *, read_only: bool = False) -> None:
        self.item = item
        self._read_only = read_only
        values = item.values if item is not None else ()
        for position, value in enumerate(values, 1):
            assert item is not None
            quotes = [(i, q) for i, q in enumerate(item.evidence) if q.coder == value.coder]
            column = self._column(position)
            column.show_value(item, value, quotes)
            column.use.setEnabled(not read_only)
            column.show()
        for column in self.columns[len(values) :]:
            column.hide()
        self.arrange()
        self._later.start()

    def mark(self, chosen: Value | None) -> None:
        """Say which columns hold the chosen value and the stored final value."""
        if self.item is None:
            return
        final = self.item.resolution.value if self.item.resolution is not None else None
        for column, value in zip(self.columns, self.item.values, strict=False):
            column.mark(same(chosen, value.value), same(final, value.value))

    def restyle(self) -> None:
        """Palette changed (light ↔ dark): links and muted memos take the new colours."""
        self.show_item(self.item, read_only=self._read_only)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()
