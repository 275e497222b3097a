"""Passphrases in the desktop app: the one asked for to open an encrypted file, and a new one (typed
twice) to encrypt a new project or the packages handed out.

Why dialogs of their own rather than ``QInputDialog``: the person must read, in the dialog, which file
is encrypted and why it is asked for (opening), or that a lost passphrase loses the data (encrypting);
a new passphrase is typed twice and the dialog says, before anything is written, when the two differ.
The core remembers a passphrase that opened a file for the rest of the session (``store.cipher``),
so the workers' own connections and the backups never ask again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ictool.core.store.cipher import LOST_PASSPHRASE, passphrase_problem
from ictool.gui.widgets.dialog_buttons import ok_cancel

#: The status bar's words after an encrypted file's name (no lock sign: fonts without one draw a box).
ENCRYPTED_STATUS = "(encrypted)"


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PassphraseDialog(QDialog):
    """Asks for the passphrase of the encrypted file ``path``; after a wrong one (``retry``) says so."""

    def __init__(self, path: Path, retry: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypted file")
        self.intro = _wrapped(
            f"{path.name} is encrypted. Enter its passphrase to open it.\n\nThe passphrase is kept in "
            "memory until ictool quits, not saved anywhere."
        )
        self.wrong = _wrapped("⚠  That passphrase does not open the file. Try again, or Cancel.")
        self.wrong.setAccessibleName("Wrong passphrase")
        self.wrong.setVisible(retry)
        self.field = _password_field(f"Passphrase for {path.name}")
        label = QLabel("&Passphrase:")
        label.setBuddy(self.field)
        row = QFormLayout()
        row.addRow(label, self.field)
        self.buttons = ok_cancel(self, "&Open")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.wrong)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._check)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._check()

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.field.text()))

    def passphrase(self) -> str:
        return self.field.text()


class NewPassphraseForm(QWidget):
    """ "Encrypt …" with a new passphrase typed twice and the warning that a lost one loses the data.

    ``passphrase()`` is None while not encrypting; ``problem()`` says what keeps the choice from being
    used (empty or differing passphrases), None when it can be.
    """

    changed = Signal()

    def __init__(self, label: str, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.encrypt = QCheckBox(label)
        self.first = _password_field("New passphrase")
        self.second = _password_field("The same passphrase again")
        self.warning = _wrapped(f"{LOST_PASSPHRASE}." + (f" {note}" if note else ""))
        self.status = _wrapped("")
        self.status.setAccessibleName("Passphrase check")
        self.fields = QWidget()
        form = QFormLayout()
        first_label, second_label = QLabel("&Passphrase:"), QLabel("A&gain:")
        first_label.setBuddy(self.first)
        second_label.setBuddy(self.second)
        form.addRow(first_label, self.first)
        form.addRow(second_label, self.second)
        column = QVBoxLayout(self.fields)
        column.setContentsMargins(24, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.status)
        column.addWidget(self.warning)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.fields)
        self.encrypt.toggled.connect(self._check)
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)
        self._check()

    def problem(self) -> str | None:
        if not self.encrypt.isChecked():
            return None
        if not self.first.text():
            return "Type a passphrase, twice."
        if (weak := passphrase_problem(self.first.text())) is not None:
            return weak[0].upper() + weak[1:] + "."
        if not self.second.text():
            return "Type the passphrase again, to be sure of it."
        if self.first.text() != self.second.text():
            return "The two passphrases differ."
        return None

    def passphrase(self) -> str | None:
        """The new passphrase; None when the file is not to be encrypted (or the choice has a problem)."""
        if not self.encrypt.isChecked() or self.problem() is not None:
            return None
        return self.first.text()

    def _check(self) -> None:
        self.fields.setVisible(self.encrypt.isChecked())
        problem = self.problem()
        self.status.setText(f"⚠  {problem}" if problem else "✓  The two passphrases match.")
        self.changed.emit()


class EncryptionDialog(QDialog):
    """Whether to encrypt what is about to be written (the packages handed out), and with what."""

    def __init__(self, title: str, text: str, label: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.intro = _wrapped(text)
        self.form = NewPassphraseForm(label, note)
        self.buttons = ok_cancel(self, "&Write")
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._check)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.form.problem() is None)

    def chosen(self) -> str:
        """The passphrase to encrypt with; "" to write plain files."""
        return self.form.passphrase() or ""
