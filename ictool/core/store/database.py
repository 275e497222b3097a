"""The connection every store function is given: a ``sqlite3`` connection and its transactions.

Why not sqlite-utils' ``Database``: the store only executes SQL and groups statements into
transactions, and importing sqlite-utils (click, pluggy, dateutil and its recipes) was 90 ms of
every command that opens a file, a sixth of a whole ``report``. sqlite-utils still runs the schema's
migrations (``schema.migrate``), the one place its help is used, and is imported only there.

The rules are the ones the store was written against: a statement outside :meth:`atomic` is
committed on its own (the connection is in SQLite's autocommit mode, so no implicit transaction is
ever left open by the driver); :meth:`atomic` is one transaction, and nested blocks are savepoints,
so an inner failure undoes the inner block only when the caller catches it. Recursive triggers are
on, as sqlite-utils set them: a REPLACE that deletes a row fires the delete triggers (the audit
trail's append-only guard among them).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

_savepoints = itertools.count()


class Database:
    """A SQLite connection (``conn``), committed statement by statement outside :meth:`atomic`."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        conn.isolation_level = None  # SQLite's autocommit: transactions only where atomic() opens one
        conn.execute("PRAGMA recursive_triggers = ON")
        self.conn = conn

    def execute(self, sql: str, parameters: Iterable[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)  # type: ignore[arg-type]

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction around the block; a savepoint inside one already open."""
        conn = self.conn
        if conn.in_transaction:
            name = f"ictool_{next(_savepoints)}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:  # a failure may have ended the whole transaction already
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        conn.execute("BEGIN")
        try:
            yield self
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()
