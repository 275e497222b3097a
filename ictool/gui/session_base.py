"""What every session shares, whoever works in the file (a coder now, the lead later).

Why a session object: every change goes click → core call (one transaction) → signal, and
undo/redo must go the same way. Widgets ask the session to change something; it writes through
the core first and only then pushes an already-done command on the undo stack, so a failed
save (removed USB stick, full disk) never leaves a phantom entry to undo. Views refresh from
the signals, so no two views can disagree about what is stored.

Two kinds of failure reach the person differently: a ``StorageError`` means the disk did not
take the change (``saveFailed``: "not saved", and the window says so until the next save), any
other ``UserError`` means the core refused it (``refused``: an invalid value, a read-only file);
neither may escape into Qt's event loop as an exception.

What a person typed is never dropped because the disk failed: a change pushed with a ``keep`` key
(a value, a memo) that the disk did not take is kept as :class:`Unsaved`, offered to the views (which
keep showing it, marked), and written again when the person acts again and every few seconds until
the file takes it — then it becomes an ordinary undo step. A newer change with the same key replaces
it. Only a refusal (the core will never take it) drops it, and says so. A drive that was pulled and
plugged back is found again: the file at the same path, if it is the same study file, is reopened.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ictool.core.errors import StorageError, UserError
from ictool.core.project import StudyFile

Action = Callable[[], None]

#: How often changes the disk did not take are written again (a full disk, a drive plugged back in).
RETRY_MS = 3000

NOT_KEPT = "This change was not saved: make it again once the file can be written to."
KEPT = (
    "What you typed is kept in the window, marked “not saved”, and is saved by itself as soon as the "
    "file can be written to again."
)


class DoneCommand(QUndoCommand):
    """An undo step whose action already happened when it is pushed (the first redo is skipped).

    An undo or redo the core refuses (the value was changed elsewhere since) makes the step obsolete,
    so the stack drops it instead of offering it again.
    """

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
        if not self._session.run_guarded(self._do, self.scope):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._session.run_guarded(self._undo, self.scope):
            self.setObsolete(True)


@dataclass
class Unsaved:
    """A change the disk did not take, kept until it does."""

    key: Hashable  # what it changes (the coder's: ("value", document, variable), ("memo", document))
    text: str  # its undo step's name
    do: Action
    undo: Action
    scope: str
    payload: object  # what the person typed: the value, the memo's text
    what: str  # how the person reads it in a list: "INT-003 · Gender: Female"
    problem: str  # why it was not saved (the last attempt)


class SessionBase(QObject):
    """The one writer of an open file in the GUI: guarded core calls, the undo stack, the signals."""

    saved = Signal()
    changed = Signal(str)  # the scope a write, undo or redo touched (the coder's: a document uuid)
    saveFailed = Signal(str)  # the disk did not take the change: message for the person
    refused = Signal(str)  # the core refused the change (invalid, read-only): message for the person
    unsavedChanged = Signal()  # a change was kept unsaved, or a kept one was saved or dropped

    def __init__(self, file: StudyFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.undo_stack = QUndoStack(self)
        self._unsaved: dict[Hashable, Unsaved] = {}
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry_unsaved)

    @property
    def readonly(self) -> bool:
        return self.file.readonly

    def _attempt(self, action: Action) -> tuple[str, str]:
        """Run a core write: ("saved", ""), ("failed", why) for the disk, ("refused", why) for the core."""
        try:
            action()
        except StorageError as exc:
            return "failed", "\n".join(exc.problems)
        except UserError as exc:
            return "refused", "\n".join(exc.problems)
        return "saved", ""

    def run_guarded(self, action: Action, scope: str) -> bool:
        """Run a core write; a failure becomes a signal with its message, never an exception in Qt."""
        outcome, message = self._attempt(action)
        if outcome == "failed":
            self.saveFailed.emit(message)
            return False
        if outcome == "refused":
            self.refused.emit(message)
            return False
        self.changed.emit(scope)
        self.saved.emit()
        return True

    def push(
        self,
        text: str,
        do: Action,
        undo: Action,
        scope: str,
        *,
        keep: Hashable | None = None,
        payload: object = None,
        what: str = "",
    ) -> bool:
        """Do ``do`` now and, only if it was saved, offer ``undo`` as the undo step named ``text``.

        With ``keep``, a change the disk did not take is kept (see the module docstring) under that key,
        replacing an older unsaved change with the same key. Changes kept before are retried first.
        """
        replaced = keep is not None and self._unsaved.pop(keep, None) is not None
        self.retry_unsaved()
        outcome, message = self._attempt(do)
        if outcome == "saved":
            if replaced:
                self._unsaved_changed()
            self.changed.emit(scope)
            self.saved.emit()
            self.undo_stack.push(DoneCommand(self, text, do, undo, scope))
            return True
        if outcome == "failed" and keep is not None:
            first = not self._unsaved  # the person is told once per outage, not at every pause in typing
            self._unsaved[keep] = Unsaved(keep, text, do, undo, scope, payload, what or text, message)
            self._unsaved_changed()
            if first:
                self.saveFailed.emit(f"{message}\n\n{KEPT}")
            return False
        if replaced:
            self._unsaved_changed()
        if outcome == "failed":
            self.saveFailed.emit(f"{message}\n\n{NOT_KEPT}")
        else:
            self.refused.emit(message)
        return False

    def shutdown(self) -> None:
        """Stop retrying: the file is about to be closed (whatever still waits was offered on closing)."""
        self._retry.stop()

    # -- changes the disk did not take ------------------------------------------------------

    def unsaved(self) -> list[Unsaved]:
        """What is waiting to be saved, oldest first."""
        return list(self._unsaved.values())

    def unsaved_change(self, key: Hashable) -> Unsaved | None:
        return self._unsaved.get(key)

    def forget_unsaved(self, key: Hashable) -> None:
        """Drop a kept change (the person went back to the stored value)."""
        if self._unsaved.pop(key, None) is not None:
            self._unsaved_changed()

    def retry_unsaved(self) -> bool:
        """Write kept changes again, oldest first; True when nothing is left unsaved.

        Stops at the first that the disk still refuses (the others would fail the same way); a kept
        change the core now refuses is dropped with a ``refused`` message naming it.
        """
        if not self._unsaved:
            return True
        if self.file.vanished():  # a drive pulled and put back: work on the file at its path again
            self.file.reconnect()
        changed = False
        for key, change in list(self._unsaved.items()):
            outcome, message = self._attempt(change.do)
            if outcome == "failed":
                change.problem = message
                break
            del self._unsaved[key]
            changed = True
            if outcome == "saved":
                self.saved.emit()
                self.undo_stack.push(DoneCommand(self, change.text, change.do, change.undo, change.scope))
            else:
                self.refused.emit(f"{change.what}: {message}")
        if changed:
            self._unsaved_changed()
        return not self._unsaved

    def _unsaved_changed(self) -> None:
        if self._unsaved and not self._retry.isActive():
            self._retry.start()
        elif not self._unsaved:
            self._retry.stop()
        self.unsavedChanged.emit()
