"""The OK / Cancel row of a dialog, its OK button named for what it does ("Add", "Create project").

Why one function: eight dialogs built the same row by hand (two standard buttons, a new text on one,
accept and reject wired), and a dialog that forgot a connection would have an OK button that does
nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def ok_cancel(dialog: QDialog, ok_text: str | None = None) -> QDialogButtonBox:
    """OK and Cancel wired to ``dialog``'s accept and reject; OK reads ``ok_text`` when given."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    if ok_text is not None:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
