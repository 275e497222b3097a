"""Codings, evidence, memos and document status: one coder's work on one document.

Values are stored as JSON text (see ``ictool.core.codebook.values``); this module stores
and returns that text untouched so the store never has to know the codebook.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from ictool.core.records import Evidence, Memo
from ictool.core.store.batches import insert_rows
from ictool.core.store.database import Database
from ictool.core.store.filters import where

# -- codings -----------------------------------------------------------------------------


def get_value_text(db: Database, coder: str, document: str, variable: str) -> str | None:
    row = db.execute(
        "SELECT value FROM codings WHERE coder_uuid = ? AND document_uuid = ? AND variable_uuid = ?",
        [coder, document, variable],
    ).fetchone()
    return None if row is None else str(row[0])


_INSERT_VALUE = "INSERT INTO codings (coder_uuid, document_uuid, variable_uuid, value, updated_at)"
_OR_UPDATE = (
    " ON CONFLICT (coder_uuid, document_uuid, variable_uuid) "
    "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
)
_PUT_VALUE = f"{_INSERT_VALUE} VALUES (?, ?, ?, ?, ?){_OR_UPDATE}"
_DELETE_VALUE = "DELETE FROM codings WHERE coder_uuid = ? AND document_uuid = ? AND variable_uuid = ?"


def put_value_text(db: Database, coder: str, document: str, variable: str, text: str, at: str) -> None:
    db.execute(_PUT_VALUE, [coder, document, variable, text, at])


def delete_value(db: Database, coder: str, document: str, variable: str) -> None:
    db.execute(_DELETE_VALUE, [coder, document, variable])


def put_values_text(db: Database, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Store (coder, document, variable, value JSON, updated_at) rows as :func:`put_value_text` does.

    Many rows to a statement (``batches``): a merge writes hundreds of thousands of values at once.
    """
    insert_rows(db, _INSERT_VALUE, rows, 5, _OR_UPDATE)


def delete_values(db: Database, keys: Iterable[tuple[str, str, str]]) -> None:
    """Remove the (coder, document, variable) values, as :func:`delete_value` does, in one statement."""
    db.conn.executemany(_DELETE_VALUE, keys)


def values_for(db: Database, coder: str, document: str) -> dict[str, tuple[str, str]]:
    """variable uuid -> (value JSON, updated_at) for one coder on one document."""
    rows = db.execute(
        "SELECT variable_uuid, value, updated_at FROM codings WHERE coder_uuid = ? AND document_uuid = ?",
        [coder, document],
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def coder_values(db: Database, coder: str) -> dict[tuple[str, str], str]:
    """(document uuid, variable uuid) -> value JSON of everything one coder coded, in one query.

    Why one query: a merge compares every value of a returned package with the project's, and a
    query per document was a large part of its time.
    """
    rows = db.execute(
        "SELECT document_uuid, variable_uuid, value FROM codings WHERE coder_uuid = ?", [coder]
    ).fetchall()
    return {(r[0], r[1]): r[2] for r in rows}


def raw_codings(db: Database) -> list[tuple[str, str, str, str, str]]:
    """Every coding as stored: (coder_uuid, document_uuid, variable_uuid, value, updated_at).

    Nothing joined, nothing assumed: how a file someone sent is read before it is trusted. Every
    column arrives as text whatever an edited file stores in it (converted by SQLite, not by a
    ``str`` per cell in Python: a package holds hundreds of thousands of values).
    """
    cols = ", ".join(
        f"coalesce(CAST({c} AS TEXT), '')"
        for c in ("coder_uuid", "document_uuid", "variable_uuid", "value", "updated_at")
    )
    rows: list[tuple[str, str, str, str, str]] = db.execute(f"SELECT {cols} FROM codings").fetchall()
    return rows


def all_codings(db: Database, coder: str | None = None) -> list[tuple[str, str, str, str, str, str, str]]:
    """Every coding with names: (coder_uuid, coder, doc_uuid, doc_id, var_uuid, value, updated).

    Ordered by document position, coder name, variable uuid. The names are joined and the rows
    sorted in Python: a SQL join with ORDER BY over hundreds of thousands of codings sorts through
    a temporary B-tree and was several times slower.
    """
    coders = {r[0]: r[1] for r in db.execute("SELECT uuid, name FROM coders").fetchall()}
    docs = {r[0]: (r[1], r[2]) for r in db.execute("SELECT uuid, doc_id, position FROM documents").fetchall()}
    clause, params = where(coder_uuid=coder)
    sql = "SELECT coder_uuid, document_uuid, variable_uuid, value, updated_at FROM codings" + clause
    rows = [
        (c, coders[c], d, docs[d][0], v, value, at)
        for c, d, v, value, at in db.execute(sql, params).fetchall()
    ]
    rows.sort(key=lambda r: (docs[r[2]][1], r[1], r[4]))
    return rows


class CodingBlock(NamedTuple):
    """One coder's codings of one document, as the reliability report reads them."""

    coder: str
    document: str
    #: Variable uuids in the order of ``values``. Blocks with equal variables share one tuple, so a
    #: reader maps each distinct list of variables once, not once per block.
    variables: tuple[str, ...]
    values: list[str]  # stored value text


# Stored values are JSON, which never holds a raw control character: this cannot occur inside one.
_SEPARATOR = "\x1e"


def coding_blocks(db: Database) -> Iterator[CodingBlock]:
    """Every coding, a block per coder and document, in no particular order.

    Why blocks: the report reads every value of the project, and the Python object SQLite makes for
    each cell of each row was most of its time and memory (four strings per value, over a million
    values at ten times the study). Concatenated in SQLite, a block's values arrive as one string
    split in C, and its variables as a list that is nearly always the previous block's.
    """
    sql = (
        "SELECT coder_uuid, document_uuid, group_concat(variable_uuid, char(30)), "
        "group_concat(value, char(30)), count(*) FROM codings GROUP BY coder_uuid, document_uuid"
    )
    seen: dict[str, tuple[str, ...]] = {}
    for coder, document, variables, values, count in db.execute(sql):
        texts = values.split(_SEPARATOR)
        names = seen.get(variables)
        if names is None:
            names = seen[variables] = tuple(variables.split(_SEPARATOR))
        if len(texts) != count or len(names) != count:  # a separator inside a (damaged) value or uuid
            rows = db.execute(
                "SELECT variable_uuid, value FROM codings WHERE coder_uuid = ? AND document_uuid = ?",
                [coder, document],
            ).fetchall()
            names, texts = tuple(r[0] for r in rows), [r[1] for r in rows]
        yield CodingBlock(coder, document, names, texts)


def coded_documents(db: Database, coder: str) -> set[str]:
    """The documents ``coder`` coded anything on.

    Why not from :func:`coded_counts`: that groups every coding of the project (seconds at ten times
    the study, from disk); this asks the primary key once per document, milliseconds.
    """
    sql = (
        "SELECT d.uuid FROM documents d WHERE EXISTS "
        "(SELECT 1 FROM codings c WHERE c.coder_uuid = ? AND c.document_uuid = d.uuid)"
    )
    return {str(row[0]) for row in db.execute(sql, [coder])}


def coded_counts(db: Database) -> dict[tuple[str, str], int]:
    """(coder uuid, document uuid) -> number of variables coded."""
    rows = db.execute(
        "SELECT coder_uuid, document_uuid, count(*) FROM codings GROUP BY coder_uuid, document_uuid"
    ).fetchall()
    return {(r[0], r[1]): int(r[2]) for r in rows}


# -- evidence ----------------------------------------------------------------------------


def list_evidence(db: Database, coder: str | None = None, document: str | None = None) -> list[Evidence]:
    sql = (
        'SELECT uuid, coder_uuid, document_uuid, variable_uuid, start, "end", quote, created_at FROM evidence'
    )
    clause, params = where(coder_uuid=coder, document_uuid=document)
    sql += clause + ' ORDER BY document_uuid, start, "end", uuid'
    return [Evidence(*r) for r in db.execute(sql, params).fetchall()]


def evidence_in_document_order(db: Database) -> Iterator[Evidence]:
    """Every evidence quote, streamed from a cursor: by document position, then start, end, uuid.

    For exports of large projects: the rows of one document come together, so a caller can sort
    them by variable and coder a document at a time instead of holding every quote. Quotes on an
    unknown document (none, while foreign keys hold) come first.
    """
    cursor = db.execute(
        'SELECT e.uuid, e.coder_uuid, e.document_uuid, e.variable_uuid, e.start, e."end", e.quote, '
        "e.created_at FROM evidence e LEFT JOIN documents d ON d.uuid = e.document_uuid "
        'ORDER BY d.position, e.document_uuid, e.start, e."end", e.uuid'
    )
    for row in cursor:
        yield Evidence(*row)


def insert_evidence(db: Database, ev: Evidence) -> None:
    change_evidence(db, [("insert", ev)])


def get_evidence(db: Database, evidence_uuid: str) -> Evidence | None:
    row = db.execute(
        'SELECT uuid, coder_uuid, document_uuid, variable_uuid, start, "end", quote, created_at '
        "FROM evidence WHERE uuid = ?",
        [evidence_uuid],
    ).fetchone()
    return None if row is None else Evidence(*row)


def delete_evidence(db: Database, evidence_uuid: str) -> None:
    db.execute("DELETE FROM evidence WHERE uuid = ?", [evidence_uuid])


_INSERT_EVIDENCE = (
    'INSERT INTO evidence (uuid, coder_uuid, document_uuid, variable_uuid, start, "end", quote, created_at)'
)


def change_evidence(db: Database, changes: Iterable[tuple[str, Evidence]]) -> None:
    """Apply ("insert", evidence) and ("delete", evidence) changes in the order given, as inserting and
    deleting them one by one would, inserts many to a statement.

    Why in order and not all deletes first: a quote's row number is the next after the largest, so
    the rows come out exactly as the one-by-one calls make them. A merge inserts thousands of quotes.
    """
    run: list[Evidence] = []

    def flush() -> None:
        rows = [
            (e.uuid, e.coder_uuid, e.document_uuid, e.variable_uuid, e.start, e.end, e.quote, e.created_at)
            for e in run
        ]
        insert_rows(db, _INSERT_EVIDENCE, rows, 8)
        run.clear()

    for change, ev in changes:
        if change == "insert":
            run.append(ev)
        else:
            flush()
            delete_evidence(db, ev.uuid)
    flush()


# -- memos -------------------------------------------------------------------------------


def get_memo(db: Database, coder: str, document: str) -> Memo | None:
    row = db.execute(
        "SELECT coder_uuid, document_uuid, text, updated_at FROM memos "
        "WHERE coder_uuid = ? AND document_uuid = ?",
        [coder, document],
    ).fetchone()
    return None if row is None else Memo(*row)


def list_memos(db: Database, coder: str | None = None) -> list[Memo]:
    clause, params = where(coder_uuid=coder)
    sql = "SELECT coder_uuid, document_uuid, text, updated_at FROM memos" + clause
    return [Memo(*r) for r in db.execute(sql, params).fetchall()]


def memos_in_document_order(db: Database) -> Iterator[Memo]:
    """Every memo, streamed from a cursor: by document position, then coder uuid (as
    :func:`evidence_in_document_order`, so exports never hold all memos at once)."""
    cursor = db.execute(
        "SELECT m.coder_uuid, m.document_uuid, m.text, m.updated_at FROM memos m "
        "LEFT JOIN documents d ON d.uuid = m.document_uuid ORDER BY d.position, m.document_uuid, m.coder_uuid"
    )
    for row in cursor:
        yield Memo(*row)


def put_memo(db: Database, memo: Memo) -> None:
    db.execute(
        "INSERT INTO memos (coder_uuid, document_uuid, text, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (coder_uuid, document_uuid) DO UPDATE SET text = excluded.text, "
        "updated_at = excluded.updated_at",
        [memo.coder_uuid, memo.document_uuid, memo.text, memo.updated_at],
    )


def delete_memo(db: Database, coder: str, document: str) -> None:
    db.execute("DELETE FROM memos WHERE coder_uuid = ? AND document_uuid = ?", [coder, document])


# -- status ------------------------------------------------------------------------------


def get_status(db: Database, coder: str, document: str) -> str | None:
    row = db.execute(
        "SELECT status FROM document_status WHERE coder_uuid = ? AND document_uuid = ?", [coder, document]
    ).fetchone()
    return None if row is None else str(row[0])


def all_status(db: Database, coder: str | None = None) -> dict[tuple[str, str], str]:
    clause, params = where(coder_uuid=coder)
    sql = "SELECT coder_uuid, document_uuid, status FROM document_status" + clause
    return {(r[0], r[1]): str(r[2]) for r in db.execute(sql, params).fetchall()}


def put_status(db: Database, coder: str, document: str, status: str, at: str) -> None:
    put_statuses(db, [(coder, document, status, at)])


def delete_status(db: Database, coder: str, document: str) -> None:
    delete_statuses(db, [(coder, document)])


def put_statuses(db: Database, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """Store (coder, document, status, updated_at) rows, a status replacing the coder's earlier one on
    that document, many to a statement."""
    insert_rows(
        db,
        "INSERT INTO document_status (coder_uuid, document_uuid, status, updated_at)",
        rows,
        4,
        " ON CONFLICT (coder_uuid, document_uuid) DO UPDATE SET status = excluded.status, "
        "updated_at = excluded.updated_at",
    )


def delete_statuses(db: Database, keys: Iterable[tuple[str, str]]) -> None:
    """Remove the (coder, document) statuses."""
    db.conn.executemany("DELETE FROM document_status WHERE coder_uuid = ? AND document_uuid = ?", keys)


def delete_coder_documents(db: Database, coder: str, documents: Sequence[str]) -> None:
    """Forget everything a coder did on these documents (used by merge before re-inserting)."""
    for table in ("codings", "evidence", "memos", "document_status"):
        for doc in documents:
            db.execute(f"DELETE FROM {table} WHERE coder_uuid = ? AND document_uuid = ?", [coder, doc])
