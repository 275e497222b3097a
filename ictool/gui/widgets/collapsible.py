"""A titled section whose body folds away under a header button.

A QGroupBox cannot collapse, and hiding a group's rows one by one would relayout the form once per
row; hiding one body widget is a single change. The header is a real tool button, so it is reachable
with Tab and toggled with Space like any other button, and its arrow says which state it is in.
Collapsing only hides widgets: the editors keep their values.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QToolButton, QVBoxLayout, QWidget


class _HeaderRule(QFrame):
    """A one-line rule under the header, in a palette colour (the default QFrame line is style-drawn)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFixedHeight(max(1, self.fontMetrics().height() // 16))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colour = self.palette().color(self.palette().ColorRole.Mid)
        painter.fillRect(self.rect(), colour)


class CollapsibleSection(QWidget):
    """Header button + body; ``toggled(expanded)`` lets the owner remember what the coder folded."""

    toggled = Signal(bool)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._expanded = True
        # Not checkable: a checked tool button is drawn pressed, which reads as a toolbar, not a heading.
        self._header = QToolButton(self)
        self._header.setAutoRaise(True)
        self._header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # Click focus only: Tab must go from variable to variable, as coders expect; a header
        # that took a Tab stop would cost an extra key press at every group boundary.
        self._header.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        font = self._header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self._header.setFont(font)
        self._header.clicked.connect(lambda: self.set_expanded(not self._expanded))
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        fm = self.fontMetrics()
        self.body_layout.setContentsMargins(0, fm.height() // 4, 0, fm.height() // 2)
        self.body_layout.setSpacing(fm.height() // 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addWidget(_HeaderRule(self))
        layout.addWidget(self.body)
        self._update_header()

    @property
    def header(self) -> QToolButton:
        return self._header

    def title(self) -> str:
        return self._title

    def is_expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        if expanded == self._expanded:
            return
        self._expanded = expanded
        self.body.setVisible(expanded)
        self._update_header()
        self.toggled.emit(expanded)

    def _update_header(self) -> None:
        expanded = self._expanded
        self._header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        count = self.body_layout.count()
        self._header.setText(self._title if expanded or not count else f"{self._title}  ({count})")
        self._header.setToolTip(f"{'Collapse' if expanded else 'Expand'} ‘{self._title}’ (Space)")
