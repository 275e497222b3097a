"""Queries a codebook update needs: which stored values a variable holds, and how often.

An update must not make stored values invalid and must say how many codings a removal would
orphan; both questions are answered from the distinct stored values of a variable with their
counts, which stays small however many documents a project has. Resolutions (the lead's
reconciled values) are values too, so they are counted and checked alongside the codings.
"""

from __future__ import annotations

from ictool.core.store.database import Database


def coding_value_counts(db: Database, variable_uuid: str) -> dict[str, int]:
    """Stored value (JSON text) -> number of codings holding it, for one variable."""
    rows = db.execute(
        "SELECT value, count(*) FROM codings WHERE variable_uuid = ? GROUP BY value", [variable_uuid]
    ).fetchall()
    return {str(value): int(n) for value, n in rows}


def resolution_value_counts(db: Database, variable_uuid: str) -> dict[str, int]:
    """Stored value (JSON text) -> number of resolutions holding it, for one variable."""
    rows = db.execute(
        "SELECT value, count(*) FROM resolutions WHERE variable_uuid = ? GROUP BY value", [variable_uuid]
    ).fetchall()
    return {str(value): int(n) for value, n in rows}
