"""A strip across the top of a workspace that says something the person must not miss.

Used for "opened read-only, and why": a status-bar message disappears, a dialog is dismissed and
forgotten, but a file that cannot be changed must say so for as long as it is open.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QWidget

from ictool.gui.widgets.editor_base import blend

WARNING_HUE = QColor(245, 180, 40)


class Banner(QFrame):
    """Hidden until ``show_message``; a warm tint of the window colour that follows light and dark mode."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Notice")
        fm = self.fontMetrics()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(fm.height() // 2, fm.height() // 3, fm.height() // 2, fm.height() // 3)
        layout.addWidget(self.label, 1)
        self._tint()
        self.hide()

    def show_message(self, title: str, text: str) -> None:
        """``title`` in bold, then ``text`` (plain text; it is escaped)."""
        self.label.setText(f"<b>{escape(title)}</b> {escape(text)}")
        self.setAccessibleDescription(f"{title} {text}")
        self.show()

    def text(self) -> str:
        return self.label.text()

    def _tint(self) -> None:
        """Over the application's window colour (not our own, which is already tinted)."""
        palette = QPalette(QApplication.palette())
        window = palette.color(QPalette.ColorRole.Window)
        amount = 0.30 if window.lightness() > 127 else 0.25
        palette.setColor(QPalette.ColorRole.Window, blend(WARNING_HUE, window, amount))
        self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint()
