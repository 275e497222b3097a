"""Rotating backup copies kept beside a coder package or project.

Why: a coder works for weeks on one file on a laptop; a damaged disk sector, a bad USB stick
or an accidental overwrite must not cost the work. The copies are made with SQLite's online
backup API, so they are consistent even while the file is open, and only the newest few are
kept so the folder does not grow without bound.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ictool.core.errors import StorageError
from ictool.core.store.files import copy_database

BACKUPS_KEPT = 5


def backup_folder(path: Path) -> Path:
    return path.with_name(f"{path.name}.backups")


def list_backups(path: Path, tag: str = "session") -> list[Path]:
    """Good backups of ``path`` with this tag, oldest first (an empty file is no backup)."""
    folder = backup_folder(path)
    if not folder.is_dir():
        return []
    return sorted(b for b in folder.glob(f"{path.name}.{tag}-*.bak") if _size(b) > 0)


def _change_counter(path: Path) -> int | None:
    """The file change counter of a SQLite file's header (offset 24), or None when unreadable."""
    try:
        with path.open("rb") as f:
            f.seek(24)
            data = f.read(4)
    except OSError:
        return None
    return int.from_bytes(data, "big") if len(data) == 4 else None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def make_backup(
    conn: sqlite3.Connection,
    path: Path,
    *,
    keep: int = BACKUPS_KEPT,
    tag: str = "session",
    unless_unchanged: bool = False,
) -> Path:
    """Copy the database behind ``conn`` (the file ``path``) into its backup folder and rotate.

    The tag keeps kinds apart ("session" on opening and closing in the GUI, "before-merge" before a
    merge), so that a burst of one kind never rotates away the last copy of the other. A copy that
    fails (a full disk) is removed and reported, and rotation happens only after a good copy was
    written, counting good copies only: four failed attempts can never rotate the last good ones away.

    With ``unless_unchanged``, a file nobody changed since this tag's newest copy is not copied again
    (that copy is returned): opening and closing a large project without a change would otherwise
    copy it twice a session (1.6 s a copy at ten times the study). Each copy's name carries SQLite's
    change counter (the file header, bumped by every commit) read before copying, so the newest copy
    holds at least that state; an equal counter now means no commit since.
    """
    folder = backup_folder(path)
    counter = _change_counter(path)
    if unless_unchanged and counter is not None:
        newest = list_backups(path, tag)[-1:]
        if newest and newest[0].name.endswith(f"-v{counter}.bak"):
            return newest[0]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    version = "" if counter is None else f"-v{counter}"
    target = folder / f"{path.name}.{tag}-{stamp}{version}.bak"
    try:
        folder.mkdir(exist_ok=True)
        copy_database(conn, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        raise StorageError(
            f"{target}: could not write a backup copy ({exc}); the earlier backups are kept"
        ) from exc
    for leftover in folder.glob(f"{path.name}.{tag}-*.bak"):
        if _size(leftover) == 0:  # left by a failed copy of an older ictool
            with contextlib.suppress(OSError):
                leftover.unlink()
    for old in list_backups(path, tag)[:-keep]:
        old.unlink(missing_ok=True)
    return target
