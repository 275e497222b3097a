"""The dialog a background job shows: what it is doing, how far it got, and Cancel.

Why not ``QProgressDialog``: it shows itself from a timer of its own (which kept running after the
job ended and popped the dialog up over the result), and a modal one spins the event loop inside
``setValue``, so a job's result could be delivered — and a message box opened — in the middle of a
progress update. This one does nothing on its own: it shows when told and updates when told.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class ProgressDialog(QDialog):
    canceled = Signal()  # the person pressed Cancel, Esc or the window's close button (once)

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the job says how much there is
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self.show)
        self._cancelling = False

    def show_after(self, msecs: int) -> None:
        """Appear only if the job is still running after ``msecs`` (a quick job shows nothing)."""
        if msecs <= 0:
            self.show()
        else:
            self._show_timer.start(msecs)

    def set_progress(self, done: int, total: int, message: str = "") -> None:
        self.bar.setRange(0, max(total, 0))
        if total > 0:
            self.bar.setValue(min(max(done, 0), total))
        if message and not self._cancelling:
            self.label.setText(message)

    def reject(self) -> None:
        """Cancel asks the job to stop; the dialog stays, saying so, until the job has stopped."""
        if self._cancelling:
            return
        self._cancelling = True
        self.label.setText("Cancelling…")
        self.cancel_button.setEnabled(False)
        self.canceled.emit()

    def finish(self) -> None:
        """The job is over: go, for good (also if the show timer had not fired yet)."""
        self._show_timer.stop()
        self.hide()
        self.deleteLater()
