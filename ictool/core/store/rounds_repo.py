"""Rounds of coding (``rounds``, ``round_documents``) and retest identities (``coders.retest_of``).

The readers accept a file from before rounds (format 2) opened read-only, which is not migrated: it
has no rounds and no retests, and its report must still read (``ictool report`` opens read-only).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ictool.core.store.database import Database


class RoundRow(NamedTuple):
    uuid: str
    name: str
    position: int
    reference_coder_uuid: str | None
    created_at: str


def _has_rounds(db: Database) -> bool:
    """False for a file from before migration ``0003_rounds`` (opened read-only, so not upgraded)."""
    return (
        db.execute("SELECT 1 FROM pragma_table_info('coders') WHERE name = 'retest_of'").fetchone()
        is not None
    )


def list_rounds(db: Database) -> list[RoundRow]:
    if not _has_rounds(db):
        return []
    rows = db.execute(
        "SELECT uuid, name, position, reference_coder_uuid, created_at FROM rounds ORDER BY position, name"
    ).fetchall()
    return [RoundRow(r[0], r[1], int(r[2]), r[3], r[4]) for r in rows]


def insert_round(db: Database, uuid: str, name: str, at: str) -> RoundRow:
    """A new round, after every existing one."""
    position = int(db.execute("SELECT coalesce(max(position), 0) + 1 FROM rounds").fetchone()[0])
    db.execute(
        "INSERT INTO rounds (uuid, name, position, created_at) VALUES (?, ?, ?, ?)",
        [uuid, name, position, at],
    )
    return RoundRow(uuid, name, position, None, at)


def set_reference(db: Database, round_uuid: str, coder_uuid: str | None) -> None:
    db.execute("UPDATE rounds SET reference_coder_uuid = ? WHERE uuid = ?", [coder_uuid, round_uuid])


def round_documents(db: Database, round_uuid: str) -> set[str]:
    if not _has_rounds(db):
        return set()
    rows = db.execute("SELECT document_uuid FROM round_documents WHERE round_uuid = ?", [round_uuid])
    return {r[0] for r in rows.fetchall()}


def document_counts(db: Database) -> dict[str, int]:
    """Round uuid → how many documents it holds."""
    if not _has_rounds(db):
        return {}
    rows = db.execute("SELECT round_uuid, count(*) FROM round_documents GROUP BY round_uuid").fetchall()
    return {r[0]: int(r[1]) for r in rows}


def add_round_documents(db: Database, round_uuid: str, document_uuids: Iterable[str], at: str) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO round_documents (round_uuid, document_uuid, added_at) VALUES (?, ?, ?)",
        [(round_uuid, d, at) for d in document_uuids],
    )


def retest_links(db: Database) -> dict[str, str]:
    """Retest identity's coder uuid → the uuid of the coder it retests."""
    if not _has_rounds(db):
        return {}
    rows = db.execute("SELECT uuid, retest_of FROM coders WHERE retest_of IS NOT NULL").fetchall()
    return {r[0]: r[1] for r in rows}


def link_retest(db: Database, retest_uuid: str, original_uuid: str) -> None:
    db.execute("UPDATE coders SET retest_of = ? WHERE uuid = ?", [original_uuid, retest_uuid])
