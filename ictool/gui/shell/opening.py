"""Which workspace opens a file: a factory per kind of file, chosen by the file's type.

Why factories: what happens after a file is open depends on who works in it. A coder package
always opens in the coder's workspace; a project file is the lead's, but may be opened to code in
it ("which coder are you?"). The shell opens the file, asks the factory registered for its kind
(``ictool.gui.workspaces``) for a workspace, and shows whatever comes back. A factory may ask the
person questions through the request's prompter, and returns None when they cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from ictool.core.errors import UserError
from ictool.core.project import StudyFile
from ictool.gui.shell.prompter import Prompter
from ictool.gui.shell.workspace_base import WorkspaceBase


@dataclass(frozen=True)
class OpenRequest:
    """A file the shell has just opened (backed up and locked if writable; else read-only, with
    ``file.readonly_reason``) and how it was asked for."""

    file: StudyFile
    prompter: Prompter
    coder_name: str | None = None  # open a project directly as this coder (``ictool demo``)


#: Makes the workspace for a request, owning ``request.file`` from then on; None if the person cancelled.
#: A ``UserError`` it raises is shown as "Cannot open file" and the shell closes the file.
WorkspaceFactory = Callable[[OpenRequest], WorkspaceBase | None]
Factories = Mapping[type[StudyFile], WorkspaceFactory]


def factory_for(factories: Factories, file: StudyFile) -> WorkspaceFactory:
    """The factory registered for ``file``'s kind (the most specific registered type wins)."""
    for kind in type(file).__mro__:
        if kind in factories:
            return factories[kind]
    raise UserError(f"{file.path}: this version of ictool has no workspace for this kind of file")


#: Opens a dialog that makes a new file, over ``parent``: (parent, prompter, actor, done) -> the dialog.
#: It calls ``done(path)`` once the file exists; the shell then opens it like any other file.
StartCreating = Callable[[QWidget, Prompter, str, Callable[[Path], object]], QDialog]


@dataclass(frozen=True)
class Creator:
    """A way to make a new file, offered in the File menu and on the welcome panel (New Project…)."""

    text: str  # the File menu's entry, with its mnemonic
    shortcut: str
    tip: str
    start: StartCreating
