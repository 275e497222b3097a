"""The lead's resolutions: one final value per (document, variable), with note, who and when.

Values are stored as JSON text exactly like codings (see ``ictool.core.codebook.values``); this
module never decodes them, so the store stays ignorant of the codebook. A resolution lives in its own
table and never touches ``codings``: the coders' original values are kept whatever the lead decides.
"""

from __future__ import annotations

from ictool.core.store.database import Database

#: (document uuid, variable uuid, value JSON, note, resolved_by, resolved_at)
ResolutionTuple = tuple[str, str, str, str, str, str]

_COLUMNS = "document_uuid, variable_uuid, value, note, resolved_by, resolved_at"


def get(db: Database, document: str, variable: str) -> ResolutionTuple | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM resolutions WHERE document_uuid = ? AND variable_uuid = ?",
        [document, variable],
    ).fetchone()
    return None if row is None else _tuple(row)


def for_document(db: Database, document: str) -> list[ResolutionTuple]:
    """The resolutions of one document (a primary-key range: exports read them document by document)."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM resolutions WHERE document_uuid = ?", [document]).fetchall()
    return [_tuple(r) for r in rows]


def put(db: Database, document: str, variable: str, value: str, note: str, by: str, at: str) -> None:
    db.execute(
        f"INSERT INTO resolutions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (document_uuid, variable_uuid) DO UPDATE SET value = excluded.value, "
        "note = excluded.note, resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at",
        [document, variable, value, note, by, at],
    )


def delete(db: Database, document: str, variable: str) -> None:
    db.execute("DELETE FROM resolutions WHERE document_uuid = ? AND variable_uuid = ?", [document, variable])


def _tuple(row: tuple[object, ...]) -> ResolutionTuple:
    doc, var, value, note, by, at = (str(x) for x in row)
    return (doc, var, value, note, by, at)
