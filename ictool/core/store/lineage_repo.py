"""A package's lineage: a chain of digests, one per saved revision, kept in the package itself.

Why a chain and not the revision number: a package copied to two laptops and coded on both reaches
"revision 3" twice with different work. Each link hashes the previous link and the audit entries
its revision added (the audit is append-only), so the chains of two copies are equal up to the
revision where the copies parted and differ from there on: the lead can tell a copy that continues
what was merged from one that forked off, and from one that is merely older.

The chain records history, not authorship: someone who edits a file with a database tool can write
any chain. What that file holds is still validated value by value when it is merged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from ictool.core.store.database import Database

GENESIS = "ictool-lineage-v1"

_AUDIT_COLS = "id, at, actor, action, coder_uuid, document_uuid, variable_uuid, old, new, origin"


def genesis_digest(package_uuid: str, revision: int) -> str:
    """The first link, as the package is handed out."""
    return hashlib.sha256(f"{GENESIS}\0{package_uuid}\0{revision}".encode()).hexdigest()


def next_digest(previous: str, entries: Iterable[tuple[object, ...]]) -> str:
    h = hashlib.sha256(previous.encode())
    for entry in entries:
        h.update(b"\0")
        h.update(json.dumps(list(entry), ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def max_audit_id(db: Database) -> int:
    return int(db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])


def start(db: Database, package_uuid: str, revision: int) -> None:
    """Write the first link in a new package."""
    db.execute(
        "INSERT INTO lineage (revision, digest, audit_id) VALUES (?, ?, ?)",
        [revision, genesis_digest(package_uuid, revision), max_audit_id(db)],
    )


def extend(db: Database, revision: int) -> None:
    """Add the link of ``revision``, hashing the audit entries written since the last link.

    Called inside the transaction that saves the revision, so the link commits with the change.
    A package from before lineage existed (no first link) starts its chain here.
    """
    head = db.execute("SELECT digest, audit_id FROM lineage ORDER BY revision DESC LIMIT 1").fetchone()
    if head is None:
        previous, since = hashlib.sha256(f"{GENESIS}\0legacy".encode()).hexdigest(), 0
    else:
        previous, since = str(head[0]), int(head[1])
    rows = db.execute(f"SELECT {_AUDIT_COLS} FROM audit WHERE id > ? ORDER BY id", [since]).fetchall()
    last = max((int(r[0]) for r in rows), default=since)
    db.execute(
        "INSERT OR REPLACE INTO lineage (revision, digest, audit_id) VALUES (?, ?, ?)",
        [revision, next_digest(previous, rows), last],
    )


def chain(db: Database) -> dict[int, str]:
    """revision -> digest of every link; empty for a package written before lineage existed."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "lineage" not in tables:
        return {}
    return {int(r[0]): str(r[1]) for r in db.execute("SELECT revision, digest FROM lineage")}


def record_merged(db: Database, package_uuid: str, links: dict[int, str]) -> None:
    """Remember the chain of a merged package (links already known are kept as they were)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO merged_lineage (package_uuid, revision, digest) VALUES (?, ?, ?)",
        [(package_uuid, r, d) for r, d in sorted(links.items())],
    )


def merged_chain(db: Database, package_uuid: str) -> dict[int, str]:
    rows = db.execute(
        "SELECT revision, digest FROM merged_lineage WHERE package_uuid = ?", [package_uuid]
    ).fetchall()
    return {int(r[0]): str(r[1]) for r in rows}
