"""Issued coder packages and merges, as the project remembers them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import NamedTuple

from ictool.core.store.database import Database


def issued_pairs(db: Database) -> list[tuple[str, str]]:
    """(coder, document) pairs that some issued package holds."""
    rows = db.execute(
        "SELECT p.coder_uuid, d.document_uuid FROM packages p "
        "JOIN package_documents d ON d.package_uuid = p.package_uuid"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def record_issue(
    db: Database, package_uuid: str, coder: str, at: str, by: str, codebook_version: int, docs: Sequence[str]
) -> None:
    db.execute(
        "INSERT INTO packages (package_uuid, coder_uuid, issued_at, issued_by, codebook_version) "
        "VALUES (?, ?, ?, ?, ?)",
        [package_uuid, coder, at, by, codebook_version],
    )
    db.conn.executemany(
        "INSERT INTO package_documents (package_uuid, document_uuid) VALUES (?, ?)",
        [(package_uuid, d) for d in docs],
    )


def issued_package(db: Database, package_uuid: str) -> tuple[str, int] | None:
    """(coder uuid, codebook version) of an issued package, or None if never issued here."""
    row = db.execute(
        "SELECT coder_uuid, codebook_version FROM packages WHERE package_uuid = ?", [package_uuid]
    ).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


class Merge(NamedTuple):
    revision: int
    sha256: str
    file_name: str
    merged_at: str


def issued_documents(db: Database, package_uuid: str) -> set[str]:
    """The documents a package was issued with."""
    rows = db.execute("SELECT document_uuid FROM package_documents WHERE package_uuid = ?", [package_uuid])
    return {str(r[0]) for r in rows}


def merges_of(db: Database, package_uuid: str) -> list[Merge]:
    """Every merge of this package, oldest first."""
    rows = db.execute(
        "SELECT revision, file_sha256, file_name, merged_at FROM merges WHERE package_uuid = ? ORDER BY id",
        [package_uuid],
    ).fetchall()
    return [Merge(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def latest_merged_revision(db: Database, coder: str) -> dict[str, int]:
    """package uuid -> highest merged revision, for one coder."""
    rows = db.execute(
        "SELECT package_uuid, max(revision) FROM merges WHERE coder_uuid = ? GROUP BY package_uuid", [coder]
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def record_merge(
    db: Database,
    package_uuid: str,
    coder: str,
    revision: int,
    sha256: str,
    at: str,
    by: str,
    counts: dict[str, int],
    file_name: str = "",
) -> None:
    db.execute(
        "INSERT INTO merges (package_uuid, coder_uuid, revision, file_sha256, merged_at, merged_by, counts, "
        "file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [package_uuid, coder, revision, sha256, at, by, json.dumps(counts), file_name],
    )


def other_merge_since_issue(db: Database, package_uuid: str, coder: str) -> tuple[str, str, str] | None:
    """The latest merge of another package of ``coder`` made after ``package_uuid`` was issued.

    (issued_at of this package, merged_at and file name of that merge), or None. Such a merge holds
    work this package cannot contain: it was handed out before that work reached the project.
    """
    row = db.execute(
        "SELECT p.issued_at, m.merged_at, m.file_name FROM packages p JOIN merges m "
        "ON m.coder_uuid = p.coder_uuid AND m.package_uuid != p.package_uuid AND m.merged_at > p.issued_at "
        "WHERE p.package_uuid = ? AND p.coder_uuid = ? ORDER BY m.merged_at DESC LIMIT 1",
        [package_uuid, coder],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


def later_merged_package(db: Database, package_uuid: str, coder: str) -> str | None:
    """Issue time of a package of ``coder`` issued after ``package_uuid`` and already merged."""
    row = db.execute(
        "SELECT later.issued_at FROM packages this JOIN packages later "
        "ON later.coder_uuid = this.coder_uuid AND later.issued_at > this.issued_at "
        "WHERE this.package_uuid = ? AND this.coder_uuid = ? "
        "AND EXISTS (SELECT 1 FROM merges m WHERE m.package_uuid = later.package_uuid) "
        "ORDER BY later.issued_at DESC LIMIT 1",
        [package_uuid, coder],
    ).fetchone()
    return None if row is None else str(row[0])


def last_merge_per_coder(db: Database) -> dict[str, Merge]:
    """coder uuid -> that coder's most recent merge (any of their packages)."""
    rows = db.execute(
        "SELECT m.coder_uuid, m.revision, m.file_sha256, m.file_name, m.merged_at FROM merges m "
        "WHERE m.id = (SELECT max(id) FROM merges WHERE coder_uuid = m.coder_uuid)"
    ).fetchall()
    return {str(r[0]): Merge(int(r[1]), str(r[2]), str(r[3] or ""), str(r[4])) for r in rows}


def last_issue_per_coder(db: Database) -> dict[str, str]:
    """coder uuid -> when that coder's most recent package was handed out."""
    rows = db.execute("SELECT coder_uuid, max(issued_at) FROM packages GROUP BY coder_uuid").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}
