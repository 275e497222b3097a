"""What the window shows with no file open: how to start, and the recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    openRequested = Signal()
    recentRequested = Signal(str)
    demoRequested = Signal()
    newRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        # A fixed width lets the word-wrapped labels compute their height (no clipped text).
        card.setFixedWidth(card.fontMetrics().averageCharWidth() * 72)
        title = QLabel("ictool")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Coders: open the coder package your lead researcher sent you, code each transcript against "
            "the codebook, then File ▸ Hand Back to Lead.\n\nLead researchers: open your project file, or "
            "start a new one.\n\nYou can also drop a file onto this window."
        )
        intro.setWordWrap(True)
        # Word-wrapped labels under a centred card do not get their height-for-width: give it.
        intro.setMinimumHeight(intro.heightForWidth(card.width() - 56) + 4)
        open_button = QPushButton("Open a file…")
        open_button.setDefault(True)
        open_button.clicked.connect(self.openRequested)
        demo_button = QPushButton("Try the demo project")
        demo_button.clicked.connect(self.demoRequested)
        new_button = QPushButton("Start a new project (lead researcher)…")
        new_button.clicked.connect(self.newRequested)
        self.recent_label = QLabel("Recent files")
        bold = self.recent_label.font()
        bold.setBold(True)
        self.recent_label.setFont(bold)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent files")
        self.recent.itemActivated.connect(
            lambda item: self.recentRequested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.recent.itemDoubleClicked.connect(
            lambda item: self.recentRequested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addWidget(open_button)
        inner.addWidget(new_button)
        inner.addWidget(demo_button)
        inner.addSpacing(8)
        inner.addWidget(self.recent_label)
        inner.addWidget(self.recent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.set_recent([])

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(f"{Path(p).name}    —    {Path(p).parent}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_label.setVisible(bool(paths))
        self.recent.setMaximumHeight(self.recent.sizeHintForRow(0) * min(len(paths), 6) + 8 if paths else 0)
