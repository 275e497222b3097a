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
from ictool.core.codebook.values import format_value
from ictool.core.project import CoderPackage, StudyFile
from ictool.core.records import Coder, DocumentInfo, Evidence, Status
from ictool.gui.session_base import SessionBase, Unsaved


class CodingSession(SessionBase):
    valueChanged = Signal(str, str)  # document uuid, variable uuid
    evidenceChanged = Signal(str)  # document uuid
    memoChanged = Signal(str)  # document uuid
    statusChanged = Signal(str)  # document uuid

    def __init__(self, file: StudyFile, coder: Coder, parent: QObject | None = None) -> None:
        super().__init__(file, parent)
        self.coder = coder
        self._doc_ids: dict[str, str] = {}

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

    def doc_id(self, document: str) -> str:
        """The id people read ("INT-003") for a document uuid."""
        if document not in self._doc_ids:
            self._doc_ids = {d.uuid: d.doc_id for d in self.file.documents()}
        return self._doc_ids.get(document, document)

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

    # -- what the disk has not taken yet (see ``SessionBase``) ------------------------------

    def unsaved_values(self, document: str) -> dict[str, Unsaved]:
        """variable uuid -> its value typed on ``document`` that waits to be saved."""
        found: dict[str, Unsaved] = {}
        for change in self.unsaved():
            key = change.key
            if isinstance(key, tuple) and key[:2] == ("value", document):
                found[str(key[2])] = change
        return found

    def unsaved_value(self, document: str, variable: str) -> tuple[bool, Value | None]:
        """(True, value) when a value typed for this variable is waiting to be saved."""
        change = self.unsaved_change(("value", document, variable))
        return (False, None) if change is None else (True, change.payload)  # type: ignore[return-value]

    def unsaved_in_full(self) -> list[str]:
        """Every change waiting to be saved, written out in full (for the recovery note on closing)."""
        lines = []
        for change in self.unsaved():
            key = change.key
            if not isinstance(key, tuple):
                continue
            if key[0] == "value":
                var = self.codebook.by_uuid(str(key[2]))
                value = change.payload
                if var is None:
                    continue
                if value is None:
                    shown = "(cleared: not coded)"
                else:
                    shown = format_value(var, value, labels=True)  # type: ignore[arg-type]
                    if var.is_categorical:
                        shown += f"  [code {format_value(var, value)}]"  # type: ignore[arg-type]
                lines.append(f"{self.doc_id(str(key[1]))} · {var.display_label} ({var.name}): {shown}")
            elif key[0] == "memo":
                lines.append(f"{self.doc_id(str(key[1]))} · memo:\n{change.payload}")
        return lines

    def unsaved_memo(self, document: str) -> str | None:
        """The memo typed for this document while it could not be saved, if it still waits."""
        change = self.unsaved_change(("memo", document))
        return None if change is None else str(change.payload)

    # -- writing (each returns False if the change was refused or not saved) -------------

    def set_value(self, document: str, variable: str, value: Value | None) -> bool:
        """Save one value (None clears); undoable. A value the disk did not take is kept and retried."""
        key = ("value", document, variable)
        old = self.value(document, variable)
        if old == value and type(old) is type(value):
            self.forget_unsaved(key)  # back to what is stored: nothing waits any more
            return True
        var = self.codebook.by_uuid(variable)
        label = var.display_label if var else "value"
        shown = "not coded" if value is None or var is None else format_value(var, value, labels=True)
        what = f"{self.doc_id(document)} · {label}: {_short(shown)}"
        coder = self.coder.uuid

        # Each direction writes only over what it expects, so an undo never overwrites a newer value
        # saved meanwhile by another window or program (the core refuses it, and says so).
        def write(v: Value | None, expected: Value | None) -> Callable[[], None]:
            def run() -> None:
                coding.set_value(self.file, coder, document, variable, v, expected=expected)
                self.valueChanged.emit(document, variable)
                self.statusChanged.emit(document)

            return run

        verb = "Clear" if value is None else "Set"
        return self.push(
            f"{verb} {label}",
            write(value, old),
            write(old, value),
            document,
            keep=key,
            payload=value,
            what=what,
        )

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
        """Save the memo; undoable. A memo the disk did not take is kept and retried."""
        key = ("memo", document)
        old = self.memo(document)
        if old == text:
            self.forget_unsaved(key)
            return True

        def write(t: str, expected: str) -> Callable[[], None]:
            def run() -> None:
                coding.set_memo(self.file, self.coder.uuid, document, t, expected=expected)
                self.memoChanged.emit(document)

            return run

        what = f"{self.doc_id(document)} · memo: {_short(text) if text else '(emptied)'}"
        do, undo = write(text, old), write(old, text)
        return self.push("Edit memo", do, undo, document, keep=key, payload=text, what=what)

    def set_status(self, document: str, status: Status) -> bool:
        old = self.status(document)
        if old is status:
            return True

        def write(s: Status, expected: Status) -> Callable[[], None]:
            def run() -> None:
                coding.set_status(self.file, self.coder.uuid, document, s, expected=expected)
                self.statusChanged.emit(document)

            return run

        text = "Mark document done" if status is Status.DONE else f"Mark document {status.value}"
        return self.push(text, write(status, old), write(old, status), document)


def _short(text: str, length: int = 60) -> str:
    """One line of at most ``length`` characters, for lists of what is not saved."""
    line = " ".join(text.split())
    return f"‘{line}’" if len(line) <= length else f"‘{line[: length - 1]}…’ ({len(text):,} characters)"
