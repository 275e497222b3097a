"""Evidence: the words of a transcript a coder attached to support a value.

Spans are code-point offsets of the stored text (Python string indices), checked against the
document when attached, so a quote always is the text at its place.
"""

from __future__ import annotations

import uuid as _uuid

from ictool.core.coding.values import check_coder, known_variable
from ictool.core.errors import ValidationError
from ictool.core.project import StudyFile
from ictool.core.records import Evidence
from ictool.core.store import codings_repo
from ictool.core.store.clock import now


def evidence(
    file: StudyFile, coder_uuid: str | None = None, document_uuid: str | None = None
) -> list[Evidence]:
    return codings_repo.list_evidence(file.db, coder_uuid, document_uuid)


def add_evidence(
    file: StudyFile,
    coder_uuid: str,
    document_uuid: str,
    variable_uuid: str,
    start: int,
    end: int,
    *,
    origin: str = "typed",
) -> Evidence:
    """Attach text[start:end] (code-point offsets of the stored text) as evidence."""
    check_coder(file, coder_uuid)
    known_variable(file, variable_uuid)
    text = file.text(document_uuid)
    if not (0 <= start < end <= len(text)):
        raise ValidationError(
            f"evidence span {start}–{end} lies outside the document (0–{len(text)}) or is empty"
        )
    quote = text[start:end]
    if not quote.strip():
        raise ValidationError("the selected text is blank; select the words that support the value")
    for ev in codings_repo.list_evidence(file.db, coder_uuid, document_uuid):
        if (ev.variable_uuid, ev.start, ev.end) == (variable_uuid, start, end):
            name = known_variable(file, variable_uuid).display_label
            raise ValidationError(f"this quote is already attached as evidence for ‘{name}’")
    ev = Evidence(str(_uuid.uuid4()), coder_uuid, document_uuid, variable_uuid, start, end, quote, now())
    with file.transaction():
        codings_repo.insert_evidence(file.db, ev)
        file.audit(
            "add evidence",
            origin=origin,
            coder=coder_uuid,
            document=document_uuid,
            variable=variable_uuid,
            new=f"{start}-{end}: {quote}",
            at=ev.created_at,
        )
    return ev


def restore_evidence(file: StudyFile, ev: Evidence) -> None:
    """Put back an evidence item exactly as it was (undo of a removal); nothing if it is there."""
    check_coder(file, ev.coder_uuid)
    if codings_repo.get_evidence(file.db, ev.uuid) is not None:
        return
    with file.transaction():
        codings_repo.insert_evidence(file.db, ev)
        file.audit(
            "add evidence",
            coder=ev.coder_uuid,
            document=ev.document_uuid,
            variable=ev.variable_uuid,
            new=f"{ev.start}-{ev.end}: {ev.quote}",
        )


def remove_evidence(file: StudyFile, evidence_uuid: str, *, origin: str = "typed") -> Evidence | None:
    ev = codings_repo.get_evidence(file.db, evidence_uuid)
    if ev is None:
        return None
    check_coder(file, ev.coder_uuid)
    with file.transaction():
        codings_repo.delete_evidence(file.db, evidence_uuid)
        file.audit(
            "remove evidence",
            origin=origin,
            coder=ev.coder_uuid,
            document=ev.document_uuid,
            variable=ev.variable_uuid,
            old=f"{ev.start}-{ev.end}: {ev.quote}",
        )
    return ev
