"""The ``meta`` key/value table: file identity, role, codebook version, package revision."""

from __future__ import annotations

from ictool.core.store.database import Database


def get_meta(db: Database) -> dict[str, str]:
    return {str(k): str(v) for k, v in db.execute("SELECT key, value FROM meta").fetchall()}


def get(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return default if row is None else str(row[0])


def set_meta(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def bump_int(db: Database, key: str) -> int:
    """Increase an integer counter (codebook version, package revision) and return the new value."""
    value = int(get(db, key, "0") or 0) + 1
    set_meta(db, key, str(value))
    return value
