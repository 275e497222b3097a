"""What every session shares, whoever works in the file (a coder now, the lead later).

Why a session object: every change goes click → core call (one transaction) → signal, and
undo/redo must go the same way. Widgets ask the session to change something; it writes through
the core first and only then pushes an already-done command on the undo stack, so a failed
save (removed USB stick, full disk) never leaves a phantom entry to undo. Views refresh from
the signals, so no two views can disagree about what is stored.

Two kinds of failure reach the person differently: a ``StorageError`` means the disk did not
take the change (``saveFailed``: "not saved", and the window says so until the next save), any
other ``UserError`` means the core refused it (``refused``: an invalid value, a read-only file);
nothing was lost in either case, and neither may escape into Qt's event loop as an exception.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ictool.core.errors import StorageError, UserError
from ictool.core.project import StudyFile

Action = Callable[[], None]


class DoneCommand(QUndoCommand):
    """An undo step whose action already happened when it is pushed (the first redo is skipped)."""

    def __init__(self, session: SessionBase, text: str, do: Action, undo: Action, scope: str) -> None:
        super().__init__(text)
        self._session = session
        self._do = do
        self._undo = undo
        self._first = True
        self.scope = scope

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._session.run_guarded(self._do, self.scope)

    def undo(self) -> None:
        self._session.run_guarded(self._undo, self.scope)


class SessionBase(QObject):
    """The one writer of an open file in the GUI: guarded core calls, the undo stack, the signals."""

    saved = Signal()
    changed = Signal(str)  # the scope a write, undo or redo touched (the coder's: a document uuid)
    saveFailed = Signal(str)  # the disk did not take the change: message for the person
    refused = Signal(str)  # the core refused the change (invalid, read-only): message for the person

    def __init__(self, file: StudyFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.undo_stack = QUndoStack(self)

    @property
    def readonly(self) -> bool:
        return self.file.readonly

    def run_guarded(self, action: Action, scope: str) -> bool:
        """Run a core write; a failure becomes a signal with its message, never an exception in Qt."""
        try:
            action()
        except StorageError as exc:
            self.saveFailed.emit("\n".join(exc.problems))
            return False
        except UserError as exc:
            self.refused.emit("\n".join(exc.problems))
            return False
        self.changed.emit(scope)
        self.saved.emit()
        return True

    def push(self, text: str, do: Action, undo: Action, scope: str) -> bool:
        """Do ``do`` now and, only if it was saved, offer ``undo`` as the undo step named ``text``."""
        if not self.run_guarded(do, scope):
            return False
        self.undo_stack.push(DoneCommand(self, text, do, undo, scope))
        return True
