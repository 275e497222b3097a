"""The append-only audit trail (triggers in the schema refuse UPDATE and DELETE)."""

from __future__ import annotations

from sqlite_utils import Database

from ictool.core.records import AuditEntry
from ictool.core.store.filters import where


def append(
    db: Database,
    *,
    at: str,
    actor: str,
    action: str,
    origin: str,
    coder: str | None = None,
    document: str | None = None,
    variable: str | None = None,
    old: str | None = None,
    new: str | None = None,
) -> None:
    db.execute(
        "INSERT INTO audit (at, actor, action, coder_uuid, document_uuid, variable_uuid, old, new, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [at, actor, action, coder, document, variable, old, new, origin],
    )


def entries(db: Database, *, document: str | None = None, variable: str | None = None) -> list[AuditEntry]:
    sql = (
        "SELECT id, at, actor, action, coder_uuid, document_uuid, variable_uuid, old, new, origin FROM audit"
    )
    clause, params = where(document_uuid=document, variable_uuid=variable)
    sql += clause + " ORDER BY id"
    return [AuditEntry(*r) for r in db.execute(sql, params).fetchall()]


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM audit").fetchone()[0])
