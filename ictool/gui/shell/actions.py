"""Making actions the same way everywhere, so tooltips, status tips and the shortcuts table agree."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

Keys = Sequence[QKeySequence.StandardKey | str]

#: Keys some keyboards have for one purpose ("Undo", "Find", "Exit"): they work, but Help does not
#: list them — a person reads "Ctrl+Q, Exit" as two things to press, and most keyboards have no Exit.
#: Every key from ``Key_Back`` on is such a key (media, launch, phone keys); these are the ones below it.
DEDICATED_KEYS = {
    Qt.Key.Key_Help,
    Qt.Key.Key_Exit,
    Qt.Key.Key_Undo,
    Qt.Key.Key_Redo,
    Qt.Key.Key_Find,
    Qt.Key.Key_Open,
    Qt.Key.Key_Close,
    Qt.Key.Key_ZoomIn,
    Qt.Key.Key_ZoomOut,
    Qt.Key.Key_Copy,
    Qt.Key.Key_Paste,
    Qt.Key.Key_Cut,
}


def key_sequences(shortcuts: Keys) -> list[QKeySequence]:
    """Every binding of each shortcut, once: a standard key brings all of this platform's bindings
    (``QKeySequence(StandardKey)`` would keep only the first, so Ctrl+Y would not redo on Linux)."""
    found: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            bindings = QKeySequence.keyBindings(shortcut)
        else:
            bindings = [QKeySequence(shortcut)]
        for sequence in bindings:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


def is_dedicated_key(sequence: QKeySequence) -> bool:
    """Whether ``sequence`` is one press of a key made for one purpose (Exit, Undo, a media key)."""
    if sequence.count() != 1:
        return False
    key = sequence[0].key()  # type: ignore[index]
    return key in DEDICATED_KEYS or key.value >= Qt.Key.Key_Back.value


def keys_text(action: QAction) -> str:
    """The action's shortcuts as this platform writes them, each once ("Ctrl+E, Alt+Right"); keys
    typed with the keyboard's letters and modifiers only, not its one-purpose keys."""
    shown: list[str] = []
    for sequence in action.shortcuts():
        if is_dedicated_key(sequence):
            continue
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text not in shown:
            shown.append(text)
    return ", ".join(shown)


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object] | None = None,
    shortcuts: Keys = (),
    tip: str = "",
) -> QAction:
    """An action whose tooltip names its keys; ``slot`` may be connected later by its owner."""
    action = QAction(text, parent)
    keys = key_sequences(shortcuts)
    if keys:
        action.setShortcuts(keys)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({keys_text(action)})" if keys else tip)
    if slot is not None:
        action.triggered.connect(slot)
    return action


def offer(action: QAction, reason: str = "") -> None:
    """Enable ``action``, or disable it with ``reason`` as its tooltip and status tip: a greyed command
    with no word of why sends people looking for what is wrong. Its own tips come back once enabled."""
    tips = action.property("ictool_tips")
    if not isinstance(tips, list):  # the action's own tips, kept the first time it is disabled
        tips = [action.toolTip(), action.statusTip()]
        action.setProperty("ictool_tips", tips)
    action.setEnabled(not reason)
    action.setToolTip(f"Not available: {reason}" if reason else tips[0])
    action.setStatusTip(f"Not available: {reason}" if reason else tips[1])


def shortcut_row(action: QAction, name: str = "") -> tuple[str, str]:
    """One row of Help ▸ Keyboard shortcuts: ``name`` or the action's text without mnemonic or
    ellipsis (pass ``name`` for actions whose text changes, like "Undo Set Gender"), and its keys."""
    return name or action.text().replace("&", "").rstrip("…"), keys_text(action)
