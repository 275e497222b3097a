"""The append-only audit trail (triggers in the schema refuse UPDATE and DELETE)."""

from __future__ import annotations

from collections.abc import Iterable

from ictool.core.records import AuditEntry
from ictool.core.store.batches import insert_rows
from ictool.core.store.database import Database
from ictool.core.store.filters import where

_INSERT = (
    "INSERT INTO audit (at, actor, action, coder_uuid, document_uuid, variable_uuid, old, new, origin) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


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
    db.execute(_INSERT, [at, actor, action, coder, document, variable, old, new, origin])


#: One change to append: (at, action, origin, coder, document, variable, old, new), as :func:`append`
#: takes them; the actor is the file's, given once. A plain tuple rather than a NamedTuple: a merge
#: makes hundreds of thousands, and a NamedTuple's constructor was a third of its innermost loop.
NewEntry = tuple[str, str, str, str | None, str | None, str | None, str | None, str | None]

_MANY_COLUMNS = (
    "INSERT INTO audit (at, action, origin, coder_uuid, document_uuid, variable_uuid, old, new, actor)"
)


def append_many(db: Database, actor: str, entries: Iterable[NewEntry]) -> None:
    """Append entries in the order given, many to a statement (``batches``).

    Why: a merge audits every value it changes, hundreds of thousands at once; a statement per entry
    made the audit the largest part of a merge's write.
    """
    insert_rows(db, _MANY_COLUMNS, ((*entry, actor) for entry in entries), 9)


def entries(db: Database, *, document: str | None = None, variable: str | None = None) -> list[AuditEntry]:
    sql = (
        "SELECT id, at, actor, action, coder_uuid, document_uuid, variable_uuid, old, new, origin FROM audit"
    )
    clause, params = where(document_uuid=document, variable_uuid=variable)
    sql += clause + " ORDER BY id"
    return [AuditEntry(*r) for r in db.execute(sql, params).fetchall()]


def of_action(db: Database, action: str) -> list[tuple[str, str | None]]:
    """``(action, new)`` of every entry of one action, oldest first.

    Why apart from :func:`entries`: a merge audits every value it changes, so the whole audit of a large
    study is a million rows (8 s and 860 MB as records); the entries of one action are a scan in SQLite.
    """
    sql = "SELECT action, new FROM audit WHERE action = ? ORDER BY id"
    return [(str(a), None if n is None else str(n)) for a, n in db.execute(sql, [action]).fetchall()]


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM audit").fetchone()[0])
