"""Where a piece of a line is drawn: how the tests check the order of mixed Arabic and Latin text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication


def drawn_at(text: str, piece: str, font: QFont | None = None) -> tuple[float, float]:
    """Leftmost and rightmost glyph x of ``piece`` (its first occurrence) in ``text`` laid out left to
    right on one line: the bidirectional algorithm's result, not the characters' order."""
    layout = QTextLayout(text, font if font is not None else QApplication.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.LeftToRight)
    layout.setTextOption(option)
    layout.beginLayout()
    layout.createLine().setLineWidth(4000)
    layout.endLayout()
    start = text.index(piece)
    xs = [p.x() for run in layout.glyphRuns(start, len(piece)) for p in run.positions()]
    return min(xs), max(xs)
