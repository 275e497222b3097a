"""One coder working in one open file: the only object in the GUI that writes.

Why a session object: every change goes click → core call (one transaction) → signal, and
undo/redo must go the same way. Widgets ask the session to change something; it writes through
the core first and only then pushes an already-done command on the undo stack, so a failed
save (removed USB stick, full disk) never leaves a phantom entry to undo. Views refresh from
the signals, so the form, the document list and the evidence list cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ictool.core import coding
from ictool.core.codebook.model import Value, Variable
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, StudyFile
from ictool.core.records import Coder, DocumentInfo, Evidence, Status


class _DoneCommand(QUndoCommand):
    """An undo step whose action already happened when it is pushed (first redo is skipped)."""

    def __init__(
        self,
        session: CodingSession,
        text: str,
        do: Callable[[], None],
        undo: Callable[[], None],
        document: str,
    ) -> None:
        super().__init__(text)
        self._session = session
        self._do = do
        self._undo = undo
        self._first = True
        self.document = document

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._session.run_guarded(self._do, self.document)

    def undo(self) -> None:
        self._session.run_guarded(self._undo, self.document)


class CodingSession(QObject):
    valueChanged = Signal(str, str)  # document uuid, variable uuid
    evidenceChanged = Signal(str)  # document uuid
    memoChanged = Signal(str)  # document uuid
    statusChanged = Signal(str)  # document uuid
    documentTouched = Signal(str)  # an undo/redo changed this document (the window may show it)
    saved = Signal()
    saveFailed = Signal(str)  # message for the coder

    def __init__(self, project: StudyFile, coder: Coder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.coder = coder
        self.undo_stack = QUndoStack(self)

    # -- reading ------------------------------------------------------------------------

    @property
    def codebook(self):  # type: ignore[no-untyped-def]
        return self.project.codebook

    def documents(self) -> list[DocumentInfo]:
        if isinstance(self.project, CoderPackage):
            return self.project.documents()
        assigned = self.project.assigned_documents(self.coder.uuid)
        docs = self.project.documents()
        return [d for d in docs if d.uuid in assigned] if assigned else docs

    def text(self, document: str) -> str:
        return self.project.text(document)

    def values(self, document: str) -> dict[str, Value]:
        return coding.values(self.project, self.coder.uuid, document)

    def value(self, document: str, variable: str) -> Value | None:
        return coding.value(self.project, self.coder.uuid, document, variable)

    def evidence(self, document: str) -> list[Evidence]:
        return coding.evidence(self.project, self.coder.uuid, document)

    def memo(self, document: str) -> str:
        return coding.memo(self.project, self.coder.uuid, document)

    def status(self, document: str) -> Status:
        return coding.status(self.project, self.coder.uuid, document)

    def statuses(self) -> dict[str, Status]:
        return {doc: s for (_, doc), s in coding.statuses(self.project, self.coder.uuid).items()}

    def uncoded(self, document: str) -> list[Variable]:
        return coding.uncoded(self.project, self.coder.uuid, document)

    # -- writing ------------------------------------------------------------------------

    def run_guarded(self, action: Callable[[], None], document: str) -> bool:
        """Run a core write; turn a failure into ``saveFailed`` instead of an exception in Qt."""
        try:
            action()
        except UserError as exc:
            self.saveFailed.emit("\n".join(exc.problems))
            return False
        self.documentTouched.emit(document)
        self.saved.emit()
        return True

    def _push(self, text: str, do: Callable[[], None], undo: Callable[[], None], document: str) -> bool:
        if not self.run_guarded(do, document):
            return False
        self.undo_stack.push(_DoneCommand(self, text, do, undo, document))
        return True

    def set_value(self, document: str, variable: str, value: Value | None) -> bool:
        """Save one value (None clears); undoable. Returns False if it was refused or not saved."""
        old = self.value(document, variable)
        if old == value:
            return True
        var = self.project.codebook.by_uuid(variable)
        label = var.display_label if var else "value"
        coder = self.coder.uuid

        def write(v: Value | None) -> Callable[[], None]:
            def run() -> None:
                coding.set_value(self.project, coder, document, variable, v)
                self.valueChanged.emit(document, variable)
                self.statusChanged.emit(document)

            return run

        verb = "Clear" if value is None else "Set"
        return self._push(f"{verb} {label}", write(value), write(old), document)

    def add_evidence(self, document: str, variable: str, start: int, end: int) -> Evidence | None:
        created: list[Evidence] = []

        def do() -> None:
            if created:
                coding.restore_evidence(self.project, created[0])
            else:
                created.append(
                    coding.add_evidence(self.project, self.coder.uuid, document, variable, start, end)
                )
            self.evidenceChanged.emit(document)

        def undo() -> None:
            coding.remove_evidence(self.project, created[0].uuid)
            self.evidenceChanged.emit(document)

        return created[0] if self._push("Attach evidence", do, undo, document) else None

    def remove_evidence(self, evidence: Evidence) -> bool:
        def do() -> None:
            coding.remove_evidence(self.project, evidence.uuid)
            self.evidenceChanged.emit(evidence.document_uuid)

        def undo() -> None:
            coding.restore_evidence(self.project, evidence)
            self.evidenceChanged.emit(evidence.document_uuid)

        return self._push("Remove evidence", do, undo, evidence.document_uuid)

    def set_memo(self, document: str, text: str) -> bool:
        old = self.memo(document)
        if old == text:
            return True

        def write(t: str) -> Callable[[], None]:
            def run() -> None:
                coding.set_memo(self.project, self.coder.uuid, document, t)
                self.memoChanged.emit(document)

            return run

        return self._push("Edit memo", write(text), write(old), document)

    def set_status(self, document: str, status: Status) -> bool:
        old = self.status(document)
        if old is status:
            return True

        def write(s: Status) -> Callable[[], None]:
            def run() -> None:
                coding.set_status(self.project, self.coder.uuid, document, s)
                self.statusChanged.emit(document)

            return run

        text = "Mark document done" if status is Status.DONE else f"Mark document {status.value}"
        return self._push(text, write(status), write(old), document)
