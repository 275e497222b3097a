"""A coder's free-text memo on a document (one per coder and document)."""

from __future__ import annotations

from types import EllipsisType

from ictool.core.coding.long_text import audit_pair, is_long
from ictool.core.coding.values import ChangedElsewhere, check_coder, elsewhere
from ictool.core.project import StudyFile
from ictool.core.records import Memo
from ictool.core.store import codings_repo
from ictool.core.store.clock import now


def memo(file: StudyFile, coder_uuid: str, document_uuid: str) -> str:
    memo = codings_repo.get_memo(file.db, coder_uuid, document_uuid)
    return "" if memo is None else memo.text


def memos(file: StudyFile, coder_uuid: str | None = None) -> list[Memo]:
    return codings_repo.list_memos(file.db, coder_uuid)


def set_memo(
    file: StudyFile,
    coder_uuid: str,
    document_uuid: str,
    text: str,
    *,
    origin: str = "typed",
    expected: str | EllipsisType = ...,
) -> bool:
    """Save the memo ("" removes it); with ``expected``, only while the stored memo still is that."""
    check_coder(file, coder_uuid)
    old = memo(file, coder_uuid, document_uuid)
    if expected is not ... and old != expected:
        shown = f"‘{old[:40]}…’" if len(old) > 40 else f"‘{old}’" if old else "empty"
        raise ChangedElsewhere(elsewhere(file, document_uuid, "The memo", shown))
    if old == text:
        return False
    at = now()
    with file.transaction():
        if text:
            codings_repo.put_memo(file.db, Memo(coder_uuid, document_uuid, text, at))
        else:
            codings_repo.delete_memo(file.db, coder_uuid, document_uuid)
        audit_old, audit_new = old or None, text or None
        if is_long(old, text):  # the edit, not two full copies
            audit_old, audit_new = audit_pair(old or None, text or None)
        file.audit(
            "set memo",
            origin=origin,
            coder=coder_uuid,
            document=document_uuid,
            old=audit_old,
            new=audit_new,
            at=at,
        )
    return True
