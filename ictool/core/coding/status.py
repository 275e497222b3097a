"""Where a coder stands on each document: not started, in progress, done."""

from __future__ import annotations

from types import EllipsisType

from ictool.core.coding.values import ChangedElsewhere, check_coder, elsewhere
from ictool.core.errors import ValidationError
from ictool.core.project import StudyFile
from ictool.core.records import Status
from ictool.core.store import codings_repo
from ictool.core.store.clock import now


def status(file: StudyFile, coder_uuid: str, document_uuid: str) -> Status:
    text = codings_repo.get_status(file.db, coder_uuid, document_uuid)
    return Status(text) if text else Status.NOT_STARTED


def statuses(file: StudyFile, coder_uuid: str | None = None) -> dict[tuple[str, str], Status]:
    return {k: Status(v) for k, v in codings_repo.all_status(file.db, coder_uuid).items()}


def set_status(
    file: StudyFile,
    coder_uuid: str,
    document_uuid: str,
    new_status: Status | str,
    *,
    origin: str = "typed",
    expected: Status | EllipsisType = ...,
) -> bool:
    """Set the document's status; with ``expected``, only while the stored status still is that."""
    check_coder(file, coder_uuid)
    try:
        new = Status(new_status)
    except ValueError:
        raise ValidationError(
            f"unknown document status '{new_status}' (use: not started, in progress, done)"
        ) from None
    old = status(file, coder_uuid, document_uuid)
    if expected is not ... and old is not expected:
        raise ChangedElsewhere(elsewhere(file, document_uuid, "The document's status", f"‘{old.value}’"))
    if old is new:
        return False
    at = now()
    with file.transaction():
        codings_repo.put_status(file.db, coder_uuid, document_uuid, new.value, at)
        file.audit(
            "set status",
            origin=origin,
            coder=coder_uuid,
            document=document_uuid,
            old=old.value,
            new=new.value,
            at=at,
        )
    return True
