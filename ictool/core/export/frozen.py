"""A frozen copy of the project to export from, so an export never blocks the people working.

Why: every sheet must describe the same moment, so the export reads inside one transaction — but
with SQLite's rollback journal a long read (several seconds for a large workbook) holds a shared
lock, and a coder saving a value or a lead merging a package in the same file would wait, then fail
with "database is locked". Copying the file first with SQLite's online backup (in small steps, each
releasing the lock, restarted by SQLite if the file changes meanwhile) takes a fraction of that
time; the export then reads the copy at leisure. The copy is made beside the output (where the
export needs room anyway) and always removed.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ictool.core.errors import StorageError
from ictool.core.project import Project
from ictool.core.store.files import copy_database

_PAGES_PER_STEP = 1024


@contextmanager
def frozen_copy(project: Project, folder: Path) -> Iterator[Project]:
    """Yield a read-only Project opened on a consistent copy of ``project`` made in ``folder``."""
    target = folder / f".ictool-export-{uuid.uuid4().hex[:12]}.snapshot"
    try:
        try:
            copy_database(project.db.conn, target, pages=_PAGES_PER_STEP)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(
                f"{folder}: cannot write a temporary copy of the project there ({exc})"
            ) from exc
        copy = Project.open(target, actor=project.actor, readonly=True)
        try:
            yield copy
        finally:
            copy.close()
    finally:
        for leftover in (target, target.with_name(target.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
