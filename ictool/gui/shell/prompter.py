"""Every question and message the app puts to the person goes through one injected object.

Why: a modal dialog stops a test (and a headless run) dead. The window and every workspace ask a
``Prompter``; the app gives them ``DialogPrompter`` (real dialogs), the tests a scripted one that
answers and records. No code outside this module opens a message box or a file dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ictool.core.records import Coder
from ictool.core.store import cipher
from ictool.gui.shell.dialogs import ChooseCoderDialog
from ictool.gui.widgets.passphrase import EncryptionDialog, PassphraseDialog

T = TypeVar("T")


class Prompter(Protocol):
    def confirm(self, title: str, text: str) -> bool:
        """A yes/no question; True for yes."""
        ...

    def inform(self, title: str, text: str) -> None: ...

    def warn(self, title: str, text: str) -> None: ...

    def inform_file(self, title: str, text: str, path: Path) -> None:
        """A message about one file the person must find next (offers to show it in its folder)."""
        ...

    def choose_coder(self, coders: Sequence[Coder]) -> Coder | None:
        """Which of ``coders`` the person is; None if they cancelled."""
        ...

    def choose_file(self, title: str, start: Path, filter: str) -> Path | None:
        """A file to open; None if they cancelled."""
        ...

    def choose_files(self, title: str, start: Path, filter: str) -> list[Path]:
        """Files to open (several at once); empty if they cancelled."""
        ...

    def choose_folder(self, title: str, start: Path) -> Path | None:
        """An existing folder; None if they cancelled."""
        ...

    def choose_new_file(self, title: str, start: Path, filter: str) -> Path | None:
        """Where to create a file (the dialog asks before replacing nothing: ictool never overwrites)."""
        ...

    def ask_passphrase(self, path: Path, retry: bool) -> str | None:
        """The passphrase of the encrypted file ``path`` (``retry``: the last one given was wrong);
        None if they cancelled."""
        ...

    def choose_encryption(self, title: str, text: str, label: str, note: str) -> str | None:
        """Whether to encrypt the files about to be written: a new passphrase (typed twice), "" for
        plain files, None if they cancelled. ``label`` is the check box's, ``note`` follows the warning
        that a lost passphrase loses the data."""
        ...


class DialogPrompter:
    """The real dialogs, parented to ``parent`` so they are modal over its window."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self.parent, title, text) == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def inform_file(self, title: str, text: str, path: Path) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.parent
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # names, passphrases
        show = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is show:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def choose_coder(self, coders: Sequence[Coder]) -> Coder | None:
        dialog = ChooseCoderDialog(coders, self.parent)
        return dialog.chosen() if dialog.exec() else None

    def choose_file(self, title: str, start: Path, filter: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, str(start), filter)
        return Path(path) if path else None

    def choose_files(self, title: str, start: Path, filter: str) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(self.parent, title, str(start), filter)
        return [Path(p) for p in paths]

    def choose_folder(self, title: str, start: Path) -> Path | None:
        path = QFileDialog.getExistingDirectory(self.parent, title, str(start))
        return Path(path) if path else None

    def choose_new_file(self, title: str, start: Path, filter: str) -> Path | None:
        # No overwrite question: the callers refuse an existing file with their own sentence.
        path, _ = QFileDialog.getSaveFileName(
            self.parent, title, str(start), filter, options=QFileDialog.Option.DontConfirmOverwrite
        )
        return Path(path) if path else None

    def ask_passphrase(self, path: Path, retry: bool) -> str | None:
        dialog = PassphraseDialog(path, retry, self.parent)
        return dialog.passphrase() if dialog.exec() else None

    def choose_encryption(self, title: str, text: str, label: str, note: str) -> str | None:
        dialog = EncryptionDialog(title, text, label, note, self.parent)
        return dialog.chosen() if dialog.exec() else None


def with_passphrase(prompter: Prompter, path: Path, attempt: Callable[[], T]) -> T | None:
    """``attempt()``, asking for ``path``'s passphrase when it needs one and again after a wrong one
    (the core forgets a wrong one); None if the person cancelled. The passphrase that worked stays
    remembered for the session by the core (``store.cipher``)."""
    retry = False
    while True:
        try:
            return attempt()
        except cipher.PassphraseNeeded:
            pass
        except cipher.WrongPassphrase:
            retry = True
        passphrase = prompter.ask_passphrase(path, retry)
        if not passphrase:
            return None
        cipher.remember(path, passphrase)
