"""Coders and their document assignments."""

from __future__ import annotations

from collections.abc import Iterable

from ictool.core.records import Coder
from ictool.core.store.database import Database


def list_coders(db: Database) -> list[Coder]:
    rows = db.execute("SELECT uuid, name FROM coders ORDER BY added_at, name").fetchall()
    return [Coder(uuid=r[0], name=r[1]) for r in rows]


def insert_coder(db: Database, coder: Coder, at: str) -> None:
    db.execute("INSERT INTO coders (uuid, name, added_at) VALUES (?, ?, ?)", [coder.uuid, coder.name, at])


def rename_coder(db: Database, coder_uuid: str, name: str) -> None:
    db.execute("UPDATE coders SET name = ? WHERE uuid = ?", [name, coder_uuid])


def assignments(db: Database) -> dict[str, set[str]]:
    """coder uuid -> set of document uuids assigned."""
    out: dict[str, set[str]] = {}
    for coder_uuid, doc_uuid in db.execute("SELECT coder_uuid, document_uuid FROM assignments").fetchall():
        out.setdefault(coder_uuid, set()).add(doc_uuid)
    return out


def add_assignments(db: Database, pairs: Iterable[tuple[str, str]], at: str) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO assignments (coder_uuid, document_uuid, assigned_at) VALUES (?, ?, ?)",
        [(c, d, at) for c, d in pairs],
    )


def remove_assignments(db: Database, pairs: Iterable[tuple[str, str]]) -> None:
    db.conn.executemany("DELETE FROM assignments WHERE coder_uuid = ? AND document_uuid = ?", list(pairs))
