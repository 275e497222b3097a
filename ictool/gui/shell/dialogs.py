"""The shell's own dialogs: the keyboard shortcuts table, and "which coder are you?"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ictool.core.records import Coder
from ictool.gui.widgets.dialog_buttons import ok_cancel


def on_every_keyboard(sequence: QKeySequence) -> bool:
    """False for a one-key sequence of F13 and up: Qt binds Undo to F14 and Copy to F16 on Linux (old
    Sun keyboards), but "Ctrl+Z, F14" reads as two keys to press, and most keyboards stop at F12."""
    if sequence.count() != 1:
        return True
    key = sequence[0].key()  # type: ignore[index]
    return not (Qt.Key.Key_F13.value <= key.value <= Qt.Key.Key_F35.value)


def keys_on_every_keyboard(keys: str) -> str:
    """``keys`` ("Ctrl+Z, F14") without the sequences most keyboards do not have ("Ctrl+Z")."""
    parts = [k for k in keys.split(", ") if k]
    kept = [k for k in parts if on_every_keyboard(QKeySequence(k, QKeySequence.SequenceFormat.NativeText))]
    return ", ".join(kept)


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts, built from the shown workspace's and the window's actions: never stale."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        for r, (action, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(action))
            table.setItem(r, 1, QTableWidgetItem(keys_on_every_keyboard(keys)))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(520, 560)


class ChooseCoderDialog(QDialog):
    """Opening a project file to code in it: which coder are you? Only your values are shown."""

    def __init__(self, coders: Sequence[Coder], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Which coder are you?")
        self._coders = list(coders)
        self.list = QListWidget()
        for coder in self._coders:
            self.list.addItem(coder.name)
        if self._coders:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        info = QLabel(
            "This is a project file. Choose your name: you will see and change only your own codings. "
            "Field coders normally work in a coder package instead, which the lead writes with Hand out "
            "packages… on the Team page."
        )
        info.setWordWrap(True)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> Coder | None:
        row = self.list.currentRow()
        return self._coders[row] if 0 <= row < len(self._coders) else None
