"""One coder's values: validated against the codebook the same way wherever they come from.

The GUI, ``import-codes`` and the demo builder save values through :func:`apply`, so a value typed
in the form and a value read from a spreadsheet meet the same validation, and every change is one
transaction with its audit entry (old and new value as JSON text). Saving a value moves its document
from "not started" to "in progress". (Merge writes a whole returned package at once after checking
every value with the same validation: ``team.returned.check_content``.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import EllipsisType

from ictool.core.codebook.model import Kind, Value, Variable
from ictool.core.codebook.values import decode_value, encode_value, format_value, validate_value
from ictool.core.coding.long_text import audit_pair, is_long
from ictool.core.errors import UserError, ValidationError
from ictool.core.project import CoderPackage, StudyFile
from ictool.core.records import CodingRow, Status
from ictool.core.store import codings_repo
from ictool.core.store.clock import now


@dataclass(frozen=True)
class ValueChange:
    """One requested change, for batches (spreadsheet import, undo of several values)."""

    coder_uuid: str
    document_uuid: str
    variable_uuid: str
    value: Value | None  # None clears
    #: When given, the change is made only while the stored value still is this (None: not coded). An
    #: undo passes the value it takes back, so it never writes over a newer value saved elsewhere.
    expected: Value | EllipsisType | None = ...


class ChangedElsewhere(UserError):
    """The stored value is no longer what the change expected: someone else changed it meanwhile."""


def elsewhere(file: StudyFile, document_uuid: str, what: str, now: str) -> str:
    """The sentence for a change refused because ``what`` on the document was changed elsewhere."""
    try:
        doc = file.document(document_uuid).doc_id
    except UserError:
        doc = document_uuid
    return (
        f"{what} on {doc} was changed elsewhere since (it is now {now}), in another window or program; "
        "this would overwrite that newer change, so it was not made"
    )


def known_variable(file: StudyFile, variable_uuid: str) -> Variable:
    var = file.codebook.by_uuid(variable_uuid)
    if var is None:
        raise UserError(f"{file.path}: unknown variable {variable_uuid}")
    return var


def check_coder(file: StudyFile, coder_uuid: str) -> None:
    if isinstance(file, CoderPackage) and coder_uuid != file.owner.uuid:
        raise UserError(f"{file.path}: this coder package belongs to another coder")


def value(file: StudyFile, coder_uuid: str, document_uuid: str, variable_uuid: str) -> Value | None:
    text = codings_repo.get_value_text(file.db, coder_uuid, document_uuid, variable_uuid)
    return None if text is None else decode_value(text)


def values(file: StudyFile, coder_uuid: str, document_uuid: str) -> dict[str, Value]:
    """variable uuid -> value, for one coder on one document (what a coding form shows)."""
    rows = codings_repo.values_for(file.db, coder_uuid, document_uuid)
    return {var: decode_value(text) for var, (text, _) in rows.items()}


def all_values(file: StudyFile, coder_uuid: str | None = None) -> list[CodingRow]:
    """Every coding in the file (or one coder's), with coder and document names attached."""
    decoded: dict[str, Value] = {}  # values repeat a lot (codes); decode each distinct text once

    def decode(text: str) -> Value:
        value = decoded.get(text)
        if value is None:
            value = decoded[text] = decode_value(text)
        return value

    return [
        CodingRow(c, name, doc, doc_id, var, decode(value), updated)
        for c, name, doc, doc_id, var, value, updated in codings_repo.all_codings(file.db, coder_uuid)
    ]


def set_value(
    file: StudyFile,
    coder_uuid: str,
    document_uuid: str,
    variable_uuid: str,
    value: Value | None,
    *,
    origin: str = "typed",
    expected: Value | EllipsisType | None = ...,
) -> bool:
    """Save (or with ``None`` clear) one value; returns False when nothing changed.

    With ``expected``, only while the stored value still is ``expected`` (else :class:`ChangedElsewhere`).
    """
    change = ValueChange(coder_uuid, document_uuid, variable_uuid, value, expected)
    return apply(file, [change], origin=origin) > 0


def clear_value(
    file: StudyFile, coder_uuid: str, document_uuid: str, variable_uuid: str, *, origin: str = "typed"
) -> bool:
    return set_value(file, coder_uuid, document_uuid, variable_uuid, None, origin=origin)


def apply(file: StudyFile, changes: Iterable[ValueChange], *, origin: str = "typed") -> int:
    """Validate every change first, then write them all in one transaction.

    On any invalid value nothing is written and every problem is reported. Returns the
    number of values that actually changed (unchanged values are not audited).
    """
    changes = list(changes)
    problems: list[str] = []
    prepared: list[tuple[ValueChange, str | None]] = []
    for ch in changes:
        check_coder(file, ch.coder_uuid)
        var = known_variable(file, ch.variable_uuid)
        if ch.value is None:
            prepared.append((ch, None))
            continue
        try:
            prepared.append((ch, encode_value(validate_value(var, ch.value))))
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    db = file.db
    todo = []
    conflicts = []
    for ch, text in prepared:
        old = codings_repo.get_value_text(db, ch.coder_uuid, ch.document_uuid, ch.variable_uuid)
        if ch.expected is not ...:
            stored = None if old is None else decode_value(old)
            if stored != ch.expected or type(stored) is not type(ch.expected):
                var = known_variable(file, ch.variable_uuid)
                shown = "not coded" if stored is None else f"‘{format_value(var, stored, labels=True)}’"
                conflicts.append(elsewhere(file, ch.document_uuid, var.display_label, shown))
                continue
        if old != text:
            todo.append((ch, old, text))
    if conflicts:
        raise ChangedElsewhere(conflicts)
    if not todo:
        return 0
    at = now()
    with file.transaction():
        for ch, old, text in todo:
            if text is None:
                codings_repo.delete_value(db, ch.coder_uuid, ch.document_uuid, ch.variable_uuid)
            else:
                codings_repo.put_value_text(db, ch.coder_uuid, ch.document_uuid, ch.variable_uuid, text, at)
            audit_old, audit_new = old, text
            if known_variable(file, ch.variable_uuid).kind is Kind.TEXT:
                was = None if old is None else decode_value(old)
                now_ = None if text is None else decode_value(text)
                if isinstance(was, str | None) and isinstance(now_, str | None) and is_long(was, now_):
                    audit_old, audit_new = audit_pair(was, now_)  # the edit, not two full copies
            file.audit(
                "clear value" if text is None else "set value",
                origin=origin,
                coder=ch.coder_uuid,
                document=ch.document_uuid,
                variable=ch.variable_uuid,
                old=audit_old,
                new=audit_new,
                at=at,
            )
        for coder, doc in {(ch.coder_uuid, ch.document_uuid) for ch, _, _ in todo}:
            if codings_repo.get_status(db, coder, doc) in (None, Status.NOT_STARTED.value):
                codings_repo.put_status(db, coder, doc, Status.IN_PROGRESS.value, at)
    return len(todo)


def uncoded(file: StudyFile, coder_uuid: str, document_uuid: str) -> list[Variable]:
    """Variables this coder has not coded on this document (text variables are optional)."""
    coded = set(codings_repo.values_for(file.db, coder_uuid, document_uuid))
    return [v for v in file.codebook if v.uuid not in coded and v.scored]
