"""The coding API: one coder's values, evidence, memos and document status.

The GUI, ``import-codes``, the demo builder and merge all come through here, so a value is
validated against the codebook the same way wherever it comes from, and every change is
one transaction with its audit entry (old and new value as JSON text).
"""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ictool.core.codebook.model import Value, Variable
from ictool.core.codebook.values import decode_value, encode_value, validate_value
from ictool.core.errors import UserError, ValidationError
from ictool.core.records import CodingRow, Evidence, Memo
from ictool.core.store import codings_repo
from ictool.core.store.clock import now

if TYPE_CHECKING:
    from ictool.core.project import Project


class Status(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True)
class ValueChange:
    """One requested change, for batches (spreadsheet import, undo of several values)."""

    coder_uuid: str
    document_uuid: str
    variable_uuid: str
    value: Value | None  # None clears


class CodingService:
    def __init__(self, project: Project) -> None:
        self._p = project

    # -- helpers -----------------------------------------------------------------------

    def _variable(self, variable_uuid: str) -> Variable:
        var = self._p.codebook.by_uuid(variable_uuid)
        if var is None:
            raise UserError(f"{self._p.path}: unknown variable {variable_uuid}")
        return var

    def _check_coder(self, coder_uuid: str) -> None:
        if self._p.is_package and coder_uuid != self._p.info.coder_uuid:
            raise UserError(f"{self._p.path}: this coder package belongs to another coder")

    # -- values ------------------------------------------------------------------------

    def value(self, coder_uuid: str, document_uuid: str, variable_uuid: str) -> Value | None:
        text = codings_repo.get_value_text(self._p.db, coder_uuid, document_uuid, variable_uuid)
        return None if text is None else decode_value(text)

    def values(self, coder_uuid: str, document_uuid: str) -> dict[str, Value]:
        """variable uuid -> value, for one coder on one document (what a coding form shows)."""
        rows = codings_repo.values_for(self._p.db, coder_uuid, document_uuid)
        return {var: decode_value(text) for var, (text, _) in rows.items()}

    def all_values(self, coder_uuid: str | None = None) -> list[CodingRow]:
        """Every coding in the file (or one coder's), with coder and document names attached."""
        decoded: dict[str, Value] = {}  # values repeat a lot (codes); decode each distinct text once

        def decode(text: str) -> Value:
            value = decoded.get(text)
            if value is None:
                value = decoded[text] = decode_value(text)
            return value

        return [
            CodingRow(c, name, doc, doc_id, var, decode(value), updated)
            for c, name, doc, doc_id, var, value, updated in codings_repo.all_codings(self._p.db, coder_uuid)
        ]

    def set_value(
        self,
        coder_uuid: str,
        document_uuid: str,
        variable_uuid: str,
        value: Value | None,
        *,
        origin: str = "typed",
    ) -> bool:
        """Save (or with ``None`` clear) one value; returns False when nothing changed."""
        return self.apply([ValueChange(coder_uuid, document_uuid, variable_uuid, value)], origin=origin) > 0

    def clear_value(
        self, coder_uuid: str, document_uuid: str, variable_uuid: str, *, origin: str = "typed"
    ) -> bool:
        return self.set_value(coder_uuid, document_uuid, variable_uuid, None, origin=origin)

    def apply(self, changes: Iterable[ValueChange], *, origin: str = "typed") -> int:
        """Validate every change first, then write them all in one transaction.

        On any invalid value nothing is written and every problem is reported. Returns the
        number of values that actually changed (unchanged values are not audited).
        """
        changes = list(changes)
        problems: list[str] = []
        prepared: list[tuple[ValueChange, str | None]] = []
        for ch in changes:
            self._check_coder(ch.coder_uuid)
            var = self._variable(ch.variable_uuid)
            if ch.value is None:
                prepared.append((ch, None))
                continue
            try:
                prepared.append((ch, encode_value(validate_value(var, ch.value))))
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError(problems)
        db = self._p.db
        todo = []
        for ch, text in prepared:
            old = codings_repo.get_value_text(db, ch.coder_uuid, ch.document_uuid, ch.variable_uuid)
            if old != text:
                todo.append((ch, old, text))
        if not todo:
            return 0
        at = now()
        with self._p.transaction():
            for ch, old, text in todo:
                if text is None:
                    codings_repo.delete_value(db, ch.coder_uuid, ch.document_uuid, ch.variable_uuid)
                else:
                    codings_repo.put_value_text(
                        db, ch.coder_uuid, ch.document_uuid, ch.variable_uuid, text, at
                    )
                self._p.audit(
                    "clear value" if text is None else "set value",
                    origin=origin,
                    coder=ch.coder_uuid,
                    document=ch.document_uuid,
                    variable=ch.variable_uuid,
                    old=old,
                    new=text,
                    at=at,
                )
            for coder, doc in {(ch.coder_uuid, ch.document_uuid) for ch, _, _ in todo}:
                if codings_repo.get_status(db, coder, doc) in (None, Status.NOT_STARTED.value):
                    codings_repo.put_status(db, coder, doc, Status.IN_PROGRESS.value, at)
        return len(todo)

    # -- evidence ----------------------------------------------------------------------

    def evidence(self, coder_uuid: str | None = None, document_uuid: str | None = None) -> list[Evidence]:
        return codings_repo.list_evidence(self._p.db, coder_uuid, document_uuid)

    def add_evidence(
        self,
        coder_uuid: str,
        document_uuid: str,
        variable_uuid: str,
        start: int,
        end: int,
        *,
        origin: str = "typed",
    ) -> Evidence:
        """Attach text[start:end] (code-point offsets of the stored text) as evidence."""
        self._check_coder(coder_uuid)
        self._variable(variable_uuid)
        text = self._p.text(document_uuid)
        if not (0 <= start < end <= len(text)):
            raise ValidationError(
                f"evidence span {start}–{end} lies outside the document (0–{len(text)}) or is empty"
            )
        quote = text[start:end]
        if not quote.strip():
            raise ValidationError("the selected text is blank; select the words that support the value")
        ev = Evidence(str(_uuid.uuid4()), coder_uuid, document_uuid, variable_uuid, start, end, quote, now())
        with self._p.transaction():
            codings_repo.insert_evidence(self._p.db, ev)
            self._p.audit(
                "add evidence",
                origin=origin,
                coder=coder_uuid,
                document=document_uuid,
                variable=variable_uuid,
                new=f"{start}-{end}: {quote}",
                at=ev.created_at,
            )
        return ev

    def restore_evidence(self, ev: Evidence) -> None:
        """Put back an evidence item exactly as it was (undo of a removal)."""
        self._check_coder(ev.coder_uuid)
        with self._p.transaction():
            codings_repo.insert_evidence(self._p.db, ev)
            self._p.audit(
                "add evidence",
                coder=ev.coder_uuid,
                document=ev.document_uuid,
                variable=ev.variable_uuid,
                new=f"{ev.start}-{ev.end}: {ev.quote}",
            )

    def remove_evidence(self, evidence_uuid: str, *, origin: str = "typed") -> Evidence | None:
        ev = codings_repo.get_evidence(self._p.db, evidence_uuid)
        if ev is None:
            return None
        self._check_coder(ev.coder_uuid)
        with self._p.transaction():
            codings_repo.delete_evidence(self._p.db, evidence_uuid)
            self._p.audit(
                "remove evidence",
                origin=origin,
                coder=ev.coder_uuid,
                document=ev.document_uuid,
                variable=ev.variable_uuid,
                old=f"{ev.start}-{ev.end}: {ev.quote}",
            )
        return ev

    # -- memos -------------------------------------------------------------------------

    def memo(self, coder_uuid: str, document_uuid: str) -> str:
        memo = codings_repo.get_memo(self._p.db, coder_uuid, document_uuid)
        return "" if memo is None else memo.text

    def memos(self, coder_uuid: str | None = None) -> list[Memo]:
        return codings_repo.list_memos(self._p.db, coder_uuid)

    def set_memo(self, coder_uuid: str, document_uuid: str, text: str, *, origin: str = "typed") -> bool:
        self._check_coder(coder_uuid)
        old = self.memo(coder_uuid, document_uuid)
        if old == text:
            return False
        at = now()
        with self._p.transaction():
            if text:
                codings_repo.put_memo(self._p.db, Memo(coder_uuid, document_uuid, text, at))
            else:
                codings_repo.delete_memo(self._p.db, coder_uuid, document_uuid)
            self._p.audit(
                "set memo",
                origin=origin,
                coder=coder_uuid,
                document=document_uuid,
                old=old or None,
                new=text or None,
                at=at,
            )
        return True

    # -- status ------------------------------------------------------------------------

    def status(self, coder_uuid: str, document_uuid: str) -> Status:
        text = codings_repo.get_status(self._p.db, coder_uuid, document_uuid)
        return Status(text) if text else Status.NOT_STARTED

    def statuses(self, coder_uuid: str | None = None) -> dict[tuple[str, str], Status]:
        return {k: Status(v) for k, v in codings_repo.all_status(self._p.db, coder_uuid).items()}

    def set_status(
        self, coder_uuid: str, document_uuid: str, status: Status | str, *, origin: str = "typed"
    ) -> bool:
        self._check_coder(coder_uuid)
        try:
            new = Status(status)
        except ValueError:
            raise ValidationError(
                f"unknown document status '{status}' (use: not started, in progress, done)"
            ) from None
        old = self.status(coder_uuid, document_uuid)
        if old is new:
            return False
        at = now()
        with self._p.transaction():
            codings_repo.put_status(self._p.db, coder_uuid, document_uuid, new.value, at)
            self._p.audit(
                "set status",
                origin=origin,
                coder=coder_uuid,
                document=document_uuid,
                old=old.value,
                new=new.value,
                at=at,
            )
        return True

    def uncoded(self, coder_uuid: str, document_uuid: str) -> list[Variable]:
        """Variables this coder has not coded on this document (text variables are optional)."""
        coded = set(codings_repo.values_for(self._p.db, coder_uuid, document_uuid))
        return [v for v in self._p.codebook if v.uuid not in coded and v.kind.value != "text"]
