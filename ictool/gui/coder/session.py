"""One coder working in one open file: what they may read and the changes they make.

The coder sees and changes only their own values, evidence, memos and document statuses (in a
project file opened "as a coder", only the documents assigned to them). Writing, undo and the
failure signals are the shared ``SessionBase``; this class names the coder's changes and emits
the fine-grained signals the coder's views refresh from.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ictool.core import coding
from ictool.core.codebook.model import Codebook, Value, Variable
from ictool.core.project import CoderPackage, StudyFile
from ictool.core.records import Coder, DocumentInfo, Evidence, Status
from ictool.gui.session_base import SessionBase


class CodingSession(SessionBase):
    valueChanged = Signal(str, str)  # document uuid, variable uuid
    evidenceChanged = Signal(str)  # document uuid
    memoChanged = Signal(str)  # document uuid
    statusChanged = Signal(str)  # document uuid

    def __init__(self, file: StudyFile, coder: Coder, parent: QObject | None = None) -> None:
        super().__init__(file, parent)
        self.coder = coder

    # -- reading ------------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        return self.file.codebook

    def documents(self) -> list[DocumentInfo]:
        if isinstance(self.file, CoderPackage):
            return self.file.documents()
        assigned = self.file.assigned_documents(self.coder.uuid)
        docs = self.file.documents()
        return [d for d in docs if d.uuid in assigned] if assigned else docs

    def text(self, document: str) -> str:
        return self.file.text(document)

    def values(self, document: str) -> dict[str, Value]:
        return coding.values(self.file, self.coder.uuid, document)

    def value(self, document: str, variable: str) -> Value | None:
        return coding.value(self.file, self.coder.uuid, document, variable)

    def evidence(self, document: str) -> list[Evidence]:
        return coding.evidence(self.file, self.coder.uuid, document)

    def memo(self, document: str) -> str:
        return coding.memo(self.file, self.coder.uuid, document)

    def status(self, document: str) -> Status:
        return coding.status(self.file, self.coder.uuid, document)

    def statuses(self) -> dict[str, Status]:
        return {doc: s for (_, doc), s in coding.statuses(self.file, self.coder.uuid).items()}

    def uncoded(self, document: str) -> list[Variable]:
        return coding.uncoded(self.file, self.coder.uuid, document)

    # -- writing (each returns False if the change was refused or not saved) -------------

    def set_value(self, document: str, variable: str, value: Value | None) -> bool:
        """Save one value (None clears); undoable."""
        old = self.value(document, variable)
        if old == value:
            return True
        var = self.codebook.by_uuid(variable)
        label = var.display_label if var else "value"
        coder = self.coder.uuid

        def write(v: Value | None) -> Callable[[], None]:
            def run() -> None:
                coding.set_value(self.file, coder, document, variable, v)
                self.valueChanged.emit(document, variable)
                self.statusChanged.emit(document)

            return run

        verb = "Clear" if value is None else "Set"
        return self.push(f"{verb} {label}", write(value), write(old), document)

    def add_evidence(self, document: str, variable: str, start: int, end: int) -> Evidence | None:
        created: list[Evidence] = []

        def do() -> None:
            if created:
                coding.restore_evidence(self.file, created[0])
            else:
                created.append(
                    coding.add_evidence(self.file, self.coder.uuid, document, variable, start, end)
                )
            self.evidenceChanged.emit(document)

        def undo() -> None:
            coding.remove_evidence(self.file, created[0].uuid)
            self.evidenceChanged.emit(document)

        return created[0] if self.push("Attach evidence", do, undo, document) else None

    def remove_evidence(self, evidence: Evidence) -> bool:
        def do() -> None:
            coding.remove_evidence(self.file, evidence.uuid)
            self.evidenceChanged.emit(evidence.document_uuid)

        def undo() -> None:
            coding.restore_evidence(self.file, evidence)
            self.evidenceChanged.emit(evidence.document_uuid)

        return self.push("Remove evidence", do, undo, evidence.document_uuid)

    def set_memo(self, document: str, text: str) -> bool:
        old = self.memo(document)
        if old == text:
            return True

        def write(t: str) -> Callable[[], None]:
            def run() -> None:
                coding.set_memo(self.file, self.coder.uuid, document, t)
                self.memoChanged.emit(document)

            return run

        return self.push("Edit memo", write(text), write(old), document)

    def set_status(self, document: str, status: Status) -> bool:
        old = self.status(document)
        if old is status:
            return True

        def write(s: Status) -> Callable[[], None]:
            def run() -> None:
                coding.set_status(self.file, self.coder.uuid, document, s)
                self.statusChanged.emit(document)

            return run

        text = "Mark document done" if status is Status.DONE else f"Mark document {status.value}"
        return self.push(text, write(status), write(old), document)
