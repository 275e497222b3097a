"""Small dialogs: keyboard shortcuts, choosing the coder, the hand-back report."""

from __future__ import annotations

from collections.abc import Sequence

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
from ictool.core.team.hand_back import HandBackReport


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: the table is built from the window's own actions, so it cannot go stale."""

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
            table.setItem(r, 1, QTableWidgetItem(keys))
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
            "Field coders normally work in a coder package instead (ictool package)."
        )
        info.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> Coder | None:
        row = self.list.currentRow()
        return self._coders[row] if 0 <= row < len(self._coders) else None


def format_send_report(report: HandBackReport) -> str:
    size = (
        f"{report.size / 1024:,.0f} KB"
        if report.size < 10 * 1024 * 1024
        else f"{report.size / 2**20:,.1f} MB"
    )
    if not report.ok:
        return "The package is not ready to send:\n\n" + "\n".join(f"• {p}" for p in report.problems)
    lines = [
        "Everything is saved in one file. Send this single file back to your lead researcher:",
        "",
        str(report.path),
        "",
        f"{size} · revision {report.revision} · {report.done} of {report.documents} documents done",
    ]
    if report.done < report.documents:
        lines.append(f"{report.documents - report.done} document(s) are not marked done yet.")
    if report.uncoded_in_done:
        lines.append(f"{report.uncoded_in_done} variable(s) are uncoded in documents marked done.")
    lines += ["", "Keep working in the same file afterwards if needed: a newer copy can be sent again."]
    return "\n".join(lines)
