"""The SQLite schema of project files and coder packages, as named append-only migrations.

Why both ``sqlite_utils.Migrations`` and ``PRAGMA user_version``: sqlite-utils silently
ignores applied migrations it does not know, so a file written by a newer ictool would
open as if it were ours. ``user_version`` (the number of migrations a file has seen) lets
us refuse such a file before touching it, straight from the 100-byte header.

Rules: never edit a migration once released; add a new one at the end and bump nothing
else — ``SCHEMA_VERSION`` is derived from the list.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from ictool.core.store.database import Database

if TYPE_CHECKING:
    import sqlite_utils

#: ``PRAGMA application_id`` of every ictool file ("ICT1"): identifies our files from the header.
APPLICATION_ID = 0x49435431

Migration = Callable[["sqlite_utils.Database"], None]
#: (name, migration) in the order they run. A plain list, handed to sqlite-utils only when a file
#: is migrated: the version and the names are needed at every open, sqlite-utils rarely.
_MIGRATIONS: list[tuple[str, Migration]] = []


def _migration(name: str) -> Callable[[Migration], Migration]:
    def register(function: Migration) -> Migration:
        _MIGRATIONS.append((name, function))
        return function

    return register


@_migration("0001_initial")
def _initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE variables (
            uuid TEXT PRIMARY KEY,
            name TEXT NOT NULL COLLATE NOCASE,
            label TEXT NOT NULL DEFAULT '',
            level TEXT NOT NULL CHECK (level IN ('nominal','ordinal','interval','ratio','text')),
            multiple INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),
            group_name TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            minimum TEXT,
            maximum TEXT,
            missing TEXT NOT NULL DEFAULT '[]',
            retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
        );
        CREATE UNIQUE INDEX variables_active_name ON variables(name) WHERE retired = 0;
        CREATE TABLE categories (
            uuid TEXT PRIMARY KEY,
            variable_uuid TEXT NOT NULL REFERENCES variables(uuid),
            code TEXT NOT NULL,
            label TEXT NOT NULL,
            position INTEGER NOT NULL,
            retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
        );
        CREATE INDEX categories_variable ON categories(variable_uuid, position);
        CREATE TABLE documents (
            uuid TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            source_name TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}',
            position INTEGER NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE coders (
            uuid TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            added_at TEXT NOT NULL
        );
        CREATE TABLE assignments (
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid),
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (coder_uuid, document_uuid)
        ) WITHOUT ROWID;
        CREATE TABLE codings (
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid),
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            variable_uuid TEXT NOT NULL REFERENCES variables(uuid),
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (coder_uuid, document_uuid, variable_uuid)
        ) WITHOUT ROWID;
        CREATE INDEX codings_document_variable ON codings(document_uuid, variable_uuid);
        CREATE TABLE evidence (
            uuid TEXT PRIMARY KEY,
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid),
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            variable_uuid TEXT NOT NULL REFERENCES variables(uuid),
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" >= start),
            quote TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX evidence_owner ON evidence(coder_uuid, document_uuid);
        CREATE TABLE memos (
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid),
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            text TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (coder_uuid, document_uuid)
        ) WITHOUT ROWID;
        CREATE TABLE document_status (
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid),
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            status TEXT NOT NULL CHECK (status IN ('not started', 'in progress', 'done')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (coder_uuid, document_uuid)
        ) WITHOUT ROWID;
        CREATE TABLE resolutions (
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            variable_uuid TEXT NOT NULL REFERENCES variables(uuid),
            value TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            resolved_by TEXT NOT NULL,
            resolved_at TEXT NOT NULL,
            PRIMARY KEY (document_uuid, variable_uuid)
        ) WITHOUT ROWID;
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            coder_uuid TEXT,
            document_uuid TEXT,
            variable_uuid TEXT,
            old TEXT,
            new TEXT,
            origin TEXT NOT NULL
                CHECK (origin IN ('typed', 'imported', 'merged', 'resolved', 'system'))
        );
        CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TABLE packages (
            package_uuid TEXT PRIMARY KEY,
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid),
            issued_at TEXT NOT NULL,
            issued_by TEXT NOT NULL,
            codebook_version INTEGER NOT NULL
        );
        CREATE TABLE package_documents (
            package_uuid TEXT NOT NULL REFERENCES packages(package_uuid),
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            PRIMARY KEY (package_uuid, document_uuid)
        ) WITHOUT ROWID;
        CREATE TABLE merges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            package_uuid TEXT NOT NULL,
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid),
            revision INTEGER NOT NULL,
            file_sha256 TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            merged_by TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX merges_package ON merges(package_uuid, revision);
        """
    )


@_migration("0002_lineage")
def _lineage(db: sqlite_utils.Database) -> None:
    """A package's history as a chain of digests, and what the project merged of each chain.

    ``lineage`` (in a package): one row per saved revision, each digest hashing the previous one and
    the audit entries that revision added, so two copies of one package that were coded apart differ
    from the revision where they parted. ``merged_lineage`` (in a project): the chain of every package
    merged, so a later copy can be told apart as a continuation, an older copy, or a fork.
    """
    db.executescript(
        """
        CREATE TABLE lineage (
            revision INTEGER PRIMARY KEY,
            digest TEXT NOT NULL,
            audit_id INTEGER NOT NULL
        );
        CREATE TABLE merged_lineage (
            package_uuid TEXT NOT NULL,
            revision INTEGER NOT NULL,
            digest TEXT NOT NULL,
            PRIMARY KEY (package_uuid, revision)
        ) WITHOUT ROWID;
        ALTER TABLE merges ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
        """
    )


@_migration("0003_rounds")
def _rounds(db: sqlite_utils.Database) -> None:
    """Rounds of coding (pilot, training, main…), each a named set of documents, and retest identities.

    A document may belong to several rounds (a retest round reuses documents of an earlier one); a
    coder still codes a document once, so its values are the same in every round that holds it.
    ``reference_coder_uuid`` names the round's reference coder (an expert, or the agreed key), against
    whom the other coders' alphas are reported. ``coders.retest_of`` links a retest identity
    ("Amira · retest") to the coder it retests: its values are a second coding of documents that coder
    coded before, kept apart so that the earlier values are never overwritten and a package or a
    merge stays one identity's state. Older files gain empty tables and a NULL link: nothing changes
    for them until a round or a retest is added.
    """
    db.executescript(
        """
        CREATE TABLE rounds (
            uuid TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            position INTEGER NOT NULL,
            reference_coder_uuid TEXT REFERENCES coders(uuid),
            created_at TEXT NOT NULL
        );
        CREATE TABLE round_documents (
            round_uuid TEXT NOT NULL REFERENCES rounds(uuid),
            document_uuid TEXT NOT NULL REFERENCES documents(uuid),
            added_at TEXT NOT NULL,
            PRIMARY KEY (round_uuid, document_uuid)
        ) WITHOUT ROWID;
        CREATE INDEX round_documents_document ON round_documents(document_uuid);
        ALTER TABLE coders ADD COLUMN retest_of TEXT REFERENCES coders(uuid);
        """
    )


#: The audit's rule on ``origin`` as 0001 wrote it, and the same rule as 0004 writes it.
_ORIGIN_AS_LIST = "CHECK (origin IN ('typed', 'imported', 'merged', 'resolved', 'system'))"
_ORIGIN_AS_TESTS = (
    "CHECK (origin = 'typed' OR origin = 'imported' OR origin = 'merged' OR origin = 'resolved' "
    "OR origin = 'system')"
)


@_migration("0004_audit_origin_tests")
def _audit_origin_tests(db: sqlite_utils.Database) -> None:
    """The audit's ``origin`` rule written as five comparisons instead of an ``IN`` list.

    Why: SQLite evaluates a CHECK with an ``IN`` list of constants through a small temporary index
    probed for every row, and a merge appends an audit entry for every value it changes: on 52,000
    entries that rule alone took 0.03 s of a 0.5 s merge; the comparisons cost nothing measurable.
    The rule accepts exactly the same values, so no stored row can break it, and SQLite documents
    this edit of the stored ``CREATE TABLE`` (``writable_schema`` with the schema cookie bumped, in
    the migration's transaction) for constraints that leave the stored rows as they are. The
    check afterwards undoes the edit (the transaction) if the schema did not parse.
    """
    conn = db.conn
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit'").fetchone()
    if _ORIGIN_AS_LIST not in sql:
        return  # a file made with the rule already rewritten: nothing to change
    (cookie,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'audit'",
            [sql.replace(_ORIGIN_AS_LIST, _ORIGIN_AS_TESTS)],
        )
        conn.execute(f"PRAGMA schema_version = {int(cookie) + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")
    check = conn.execute("PRAGMA quick_check").fetchall()  # reads the schema anew: it must parse
    if check != [("ok",)]:
        raise RuntimeError(f"the audit's rule could not be rewritten: {check[0][0]}")


#: Version a file has once every migration above ran; written to ``PRAGMA user_version``.
SCHEMA_VERSION = len(_MIGRATIONS)

#: Tables the core expects in every ictool file; their absence means "damaged or foreign".
CORE_TABLES = frozenset(
    {
        "meta",
        "variables",
        "categories",
        "documents",
        "coders",
        "codings",
        "evidence",
        "memos",
        "document_status",
        "audit",
    }
)


def migrate(db: Database) -> None:
    """Bring a file of ours up to ``SCHEMA_VERSION`` (each migration in its own transaction).

    sqlite-utils is imported here only, with pandas hidden: it imports pandas (0.6 s) when that is
    installed, only to map pandas timestamps to a column type, which ictool never stores. The exports
    that do need pandas (SPSS) import it normally afterwards.
    """
    hidden = "pandas" not in sys.modules and "sqlite_utils" not in sys.modules
    if hidden:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" raises ImportError
    try:
        import sqlite_utils
        from sqlite_utils.migrations import Migrations
    finally:
        if hidden:
            del sys.modules["pandas"]

    migrations = Migrations("ictool")
    for name, function in _MIGRATIONS:
        migrations(name=name)(function)
    migrations.apply(sqlite_utils.Database(db.conn))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.conn.commit()


def known_migration_names() -> set[str]:
    return {name for name, _ in _MIGRATIONS}
