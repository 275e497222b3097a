"""Transcripts in SQLite. Lists never load the text: a project may hold 220 long interviews."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from ictool.core.documents.model import SourceDocument
from ictool.core.records import DocumentInfo
from ictool.core.store.database import Database

_INFO_COLS = "uuid, doc_id, title, source_name, sha256, length(text), position"


def list_documents(db: Database) -> list[DocumentInfo]:
    rows = db.execute(f"SELECT {_INFO_COLS} FROM documents ORDER BY position").fetchall()
    return [DocumentInfo(*row) for row in rows]


def text_hashes(db: Database) -> dict[str, str]:
    """document uuid -> sha256 of its text: how a returned package proves it holds the same texts."""
    return {str(u): str(h) for u, h in db.execute("SELECT uuid, sha256 FROM documents")}


def document_ids(db: Database) -> dict[str, str]:
    """document uuid -> its id, as people read it (no text read: a list's length(text) reads them all)."""
    return {str(u): str(i) for u, i in db.execute("SELECT uuid, doc_id FROM documents")}


def texts(db: Database, document_uuids: Iterable[str]) -> dict[str, str]:
    """document uuid -> text of the documents named (the unknown ones left out), a few queries for all.

    Why: checking a returned package's quotes reads the text of each of its documents, and a query per
    document was a quarter of checking a package's content.
    """
    wanted = list(dict.fromkeys(document_uuids))
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sql = f"SELECT uuid, text FROM documents WHERE uuid IN ({', '.join('?' * len(chunk))})"
        out.update((str(u), str(t)) for u, t in db.execute(sql, chunk))
    return out


def document_text(db: Database, document_uuid: str) -> str | None:
    row = db.execute("SELECT text FROM documents WHERE uuid = ?", [document_uuid]).fetchone()
    return None if row is None else str(row[0])


def document_metadata(db: Database, document_uuid: str) -> dict[str, str]:
    row = db.execute("SELECT metadata FROM documents WHERE uuid = ?", [document_uuid]).fetchone()
    return {} if row is None else dict(json.loads(row[0]))


def insert_documents(db: Database, docs: Sequence[SourceDocument], uuids: Sequence[str], at: str) -> None:
    start = db.execute("SELECT coalesce(max(position) + 1, 0) FROM documents").fetchone()[0]
    for offset, (doc, doc_uuid) in enumerate(zip(docs, uuids, strict=True)):
        db.execute(
            "INSERT INTO documents (uuid, doc_id, title, text, sha256, source_name, metadata, position, "
            "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc_uuid,
                doc.doc_id,
                doc.title,
                doc.text,
                doc.sha256,
                doc.source_name,
                json.dumps(dict(doc.metadata), ensure_ascii=False),
                start + offset,
                at,
            ],
        )


def copy_documents(src: Database, dst: Database, document_uuids: Sequence[str]) -> None:
    """Copy whole document rows (text included) from one file to another, e.g. into a package."""
    for doc_uuid in document_uuids:
        row = src.execute(
            "SELECT uuid, doc_id, title, text, sha256, source_name, metadata, position, imported_at "
            "FROM documents WHERE uuid = ?",
            [doc_uuid],
        ).fetchone()
        dst.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row))
