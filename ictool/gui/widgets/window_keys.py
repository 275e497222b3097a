"""The window's keys work from every field: editors hand them on instead of keeping them.

Why: a text field claims some keys for itself before the window's shortcuts are looked at (Qt asks
the focused widget with a ``ShortcutOverride`` event). A line edit takes Ctrl+Z for its own undo, and
on Linux Ctrl+E ("end of line"), so in a number field Ctrl+E attached nothing and Ctrl+Z undid the
typing behind the form's back while the toolbar offered "Undo Set Gender". A :class:`WindowKeys`
filter, installed on every field of a workspace, answers that question for the workspace's own keys:
the field does not want them, so the window's action runs — the same key, the same action, everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QWidget


class WindowKeys(QObject):
    """An event filter that lets the given actions' single-key shortcuts through the watched widgets."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: set[int] = set()

    def set_actions(self, actions: Iterable[QAction]) -> None:
        self._keys = {
            sequence[0].toCombined()  # type: ignore[index]
            for action in actions
            for sequence in action.shortcuts()
            if sequence.count() == 1
        }

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def handles(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # Enter on the keypad too
        return (modifiers.value | event.key()) in self._keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and self.handles(event):
            event.ignore()  # the widget does not claim it: the shortcut map gives it to the window's action
            return True
        return False
