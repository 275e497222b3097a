"""A status line that says ok or not in words and a sign, never by colour alone."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

OK = "✓"
PROBLEM = "⚠"


class StatusLine(QLabel):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(name)

    def ok(self, text: str) -> None:
        self.setText(f"{OK}  {text}")

    def problem(self, text: str) -> None:
        self.setText(f"{PROBLEM}  {text}")

    def verdict(self, problem: str | None, ok: str) -> None:
        """The problem when there is one, else ``ok``: what a dialog's check says under its fields."""
        if problem is None:
            self.ok(ok)
        else:
            self.problem(problem)

    def note(self, text: str) -> None:
        self.setText(text)
