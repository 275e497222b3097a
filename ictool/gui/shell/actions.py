"""Making actions the same way everywhere, so tooltips, status tips and the shortcuts table agree."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

Keys = Sequence[QKeySequence.StandardKey | str]


def keys_text(action: QAction) -> str:
    """The action's shortcuts as this platform writes them ("Ctrl+E, Alt+Right")."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object] | None = None,
    shortcuts: Keys = (),
    tip: str = "",
) -> QAction:
    """An action whose tooltip names its keys; ``slot`` may be connected later by its owner."""
    action = QAction(text, parent)
    keys = [QKeySequence(s) for s in shortcuts]
    if keys:
        action.setShortcuts(keys)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({keys_text(action)})" if keys else tip)
    if slot is not None:
        action.triggered.connect(slot)
    return action


def shortcut_row(action: QAction, name: str = "") -> tuple[str, str]:
    """One row of Help ▸ Keyboard shortcuts: ``name`` or the action's text without mnemonic or
    ellipsis (pass ``name`` for actions whose text changes, like "Undo Set Gender"), and its keys."""
    return name or action.text().replace("&", "").rstrip("…"), keys_text(action)
