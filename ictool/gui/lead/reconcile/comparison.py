"""The selected disagreement, coder by coder: each value side by side with its quotes and memo.

Why a column per coder with its own "Use" button and key: the lead compares the values and the
reasons behind them, then takes one; the key (1…n, the column's position) is written on the
column, so nobody has to count. Which column is the choice or the stored final value is said in
words ("✓ chosen", "final value"), never by a colour alone.

Quotes are links (Tab reaches them, Enter follows them); following one asks the page to scroll
the transcript to it. A quote or memo written right to left is laid out right to left.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ictool.core.codebook.model import Value
from ictool.core.codebook.values import encode_value
from ictool.core.reconcile import CoderValue, Disagreement, Quote
from ictool.gui.widgets.editor_base import muted_colour, set_text_colour

CHOSEN = "✓ chosen"
FINAL = "final value"


def is_rtl(text: str) -> bool:
    """Whether ``text`` reads right to left: its first strong character decides, as Qt does."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def paragraph(inner_html: str, plain: str) -> str:
    """A paragraph laid out in the direction of its text."""
    if is_rtl(plain):
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
        text += " (missing code)"
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
        self.coder = QLabel()
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
        self.coder.setText(f"<b>{self.position}</b>&nbsp;&nbsp;{html.escape(name)}")
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("The coders' values, quotes and memos")
        inner = QWidget()
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.setWidget(inner)
        self.columns: list[CoderColumn] = []
        self.item: Disagreement | None = None
        self._read_only = False

    def _column(self, position: int) -> CoderColumn:
        while len(self.columns) < position:
            column = CoderColumn(len(self.columns) + 1)
            column.use.clicked.connect(lambda _=False, p=column.position: self.useRequested.emit(p))
            column.quotes.linkActivated.connect(lambda href: self.quoteActivated.emit(int(href)))
            self._row.addWidget(column, 1)
            self.columns.append(column)
        return self.columns[position - 1]

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
