"""Plain keys the page uses as shortcuts (1…9: a coder's value) must still type where typing is meant.

Why: window shortcuts win over a focused widget unless it claims the key in the ShortcutOverride
event. Line edits claim printable keys by themselves; a combo box (type-ahead in a filter or in the
final-value list) and the frame of the final value's option buttons (digits pick an option, as in
the coder's form) do not, so the digit would take a coder's value instead. :class:`KeepTyping`
claims printable keys without Ctrl, Alt or Meta for the widgets it watches.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

_COMMANDS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def is_typing(event: QKeyEvent) -> bool:
    """A printable key without a command modifier: text for the focused widget, not a command."""
    text = event.text()
    return len(text) == 1 and text.isprintable() and not event.modifiers() & _COMMANDS


class KeepTyping(QObject):
    """Claims typing keys for every widget it is installed on (see the module docstring)."""

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and is_typing(event):
            event.accept()
            return True
        return super().eventFilter(watched, event)
