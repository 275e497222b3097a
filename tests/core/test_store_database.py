"""The store's connection keeps the transaction rules the store was written against."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ictool.core.store.database import Database


@pytest.fixture()
def db(tmp_path: Path) -> Database:
    database = Database(sqlite3.connect(tmp_path / "t.db"))
    database.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, word TEXT)")
    return database


def other(db: Database) -> list[tuple[int, str]]:
    """What a second connection (another process) sees: only what was committed."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT n, word FROM t ORDER BY n").fetchall()


def test_a_statement_outside_a_transaction_is_committed_on_its_own(db: Database) -> None:
    db.execute("INSERT INTO t VALUES (1, 'one')")
    assert not db.conn.in_transaction
    assert other(db) == [(1, "one")]


def test_a_failing_statement_leaves_no_transaction_open(db: Database) -> None:
    db.execute("INSERT INTO t VALUES (1, 'one')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO t VALUES (1, 'again')")
    assert not db.conn.in_transaction
    db.execute("INSERT INTO t VALUES (2, 'two')")
    assert other(db) == [(1, "one"), (2, "two")]


def test_atomic_is_all_or_nothing(db: Database) -> None:
    with db.atomic():
        db.execute("INSERT INTO t VALUES (1, 'one')")
        assert other(db) == []  # not visible before the commit
    assert other(db) == [(1, "one")]
    with pytest.raises(RuntimeError), db.atomic():
        db.execute("INSERT INTO t VALUES (2, 'two')")
        raise RuntimeError("crash in the middle")
    assert not db.conn.in_transaction
    assert other(db) == [(1, "one")]


def test_a_nested_block_that_fails_is_undone_alone(db: Database) -> None:
    with db.atomic():
        db.execute("INSERT INTO t VALUES (1, 'one')")
        with pytest.raises(sqlite3.IntegrityError), db.atomic():
            db.execute("INSERT INTO t VALUES (2, 'two')")
            db.execute("INSERT INTO t VALUES (1, 'clash')")
        db.execute("INSERT INTO t VALUES (3, 'three')")
    assert other(db) == [(1, "one"), (3, "three")]


def test_a_replace_fires_delete_triggers(db: Database) -> None:
    """Recursive triggers on: an append-only table's guard stops a REPLACE that would delete a row."""
    db.execute("CREATE TRIGGER keep BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'append-only'); END")
    db.execute("INSERT INTO t VALUES (1, 'one')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("INSERT OR REPLACE INTO t VALUES (1, 'changed')")
    assert other(db) == [(1, "one")]
