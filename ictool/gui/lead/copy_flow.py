"""File ▸ Save an encrypted copy… / Save a plain copy…: ``ictool encrypt`` and ``ictool decrypt`` in the app.

Why copies and not "encrypt this file": a study often starts plain and its ethics board then asks for
encryption at rest. Encrypting in place would leave the plain pages in the file's backups and on the
disk anyway; a new file is all-or-nothing (the core builds it beside the target and renames it), the
original is untouched, and the person decides when to delete the plain file and its backups — which
the message says. The plain copy is the reverse, for a program that cannot read SQLCipher; it says
that anyone with that file can read the transcripts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ictool.core.store import cipher
from ictool.core.store.files import decrypt_file, encrypt_file
from ictool.gui.lead.wizard.location import choose_project_file
from ictool.gui.shell.actions import make_action
from ictool.gui.workers import JobControl

if TYPE_CHECKING:
    from ictool.gui.lead.pages.page import PageContext


class FileCopies(QObject):
    """The two actions; only the one that applies to the open project is enabled."""

    def __init__(self, context: PageContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.encrypt_action = make_action(
            parent,
            "&Save an encrypted copy…",
            self.encrypt,
            [],
            "Write a copy of this project encrypted with a passphrase (this file is left as it is)",
        )
        self.plain_action = make_action(
            parent,
            "Save a &plain copy…",
            self.decrypt,
            [],
            "Write an unencrypted copy of this encrypted project, for a program that cannot read it",
        )
        self.written: Path | None = None  # the last copy written (for the tests)
        encrypted = context.session.project.encrypted  # the open connection knows; no header to read
        self.encrypt_action.setEnabled(not encrypted)
        self.plain_action.setEnabled(encrypted)

    def actions(self) -> list[QAction]:
        return [self.encrypt_action, self.plain_action]

    def _target(self, title: str, suffix: str) -> Path | None:
        project = self.context.session.project.path
        return choose_project_file(
            self.context.prompter, title, project.with_name(f"{project.stem}-{suffix}.ictool")
        )

    def encrypt(self) -> None:
        project = self.context.session.project
        target = self._target("Save an encrypted copy", "encrypted")
        if target is None:
            return
        passphrase = self.context.prompter.choose_encryption(
            "Save an encrypted copy",
            f"Write a copy of {project.path.name} to {target.name}, encrypted as a whole (SQLCipher). "
            f"{project.path.name} itself stays as it is: once the copy opens with its passphrase, work "
            f"in the copy and delete the plain file and its backups ({project.path.name}.backups).",
            "&Encrypt the copy with a passphrase",
            "",
        )
        if not passphrase:
            return
        source = project.path

        def write() -> None:
            encrypt_file(source, target, passphrase)
            cipher.remember(target, passphrase)  # opening it in this session does not ask again

        self._write(
            "Encrypted copy",
            target,
            write,
            "Encrypted copy written",
            f"Wrote {target.name}, encrypted with the passphrase you chose. Open it (File ▸ Open) and "
            "work there; a lost passphrase loses the data. The plain file and its backups are still "
            "readable by anyone who has them: delete them once the copy opens.",
        )

    def decrypt(self) -> None:
        project = self.context.session.project
        target = self._target("Save a plain copy", "plain")
        if target is None:
            return
        if not self.context.prompter.confirm(
            "Save a plain copy",
            f"{target.name} will not be encrypted: anyone who has the file can read the transcripts, "
            "the coders' names and their values. Write it?",
        ):
            return
        source = project.path
        self._write(
            "Plain copy",
            target,
            lambda: decrypt_file(source, target),  # the open file's passphrase is remembered for the session
            "Plain copy written",
            f"Wrote {target.name}, not encrypted. Keep it where only the study's team can read it, and "
            "delete it when it has served.",
        )

    def _write(self, title: str, target: Path, write: Callable[[], object], written: str, told: str) -> None:
        """Write the copy in the background, then say where it is and what to do with the original."""

        def job(control: JobControl) -> Path:
            control.progress(0, 0, f"Writing the {title.lower()}…")
            write()
            return target

        def done(path: Path) -> None:
            self.written = path
            self.context.prompter.inform_file(written, told, path)

        self.context.run_job(title, job, done, label=f"Writing {target.name}…")
