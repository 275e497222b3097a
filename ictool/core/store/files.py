"""Opening and creating ictool files without ever damaging someone else's.

Why so careful: ``sqlite3.connect`` creates missing files and a journal pragma writes to an
empty one, so a mistyped path or a colleague's unrelated database could be altered just by
being opened. We therefore look at a file in three read-only steps before any writable
connection exists: the 100-byte SQLite header (magic, ``application_id``, ``user_version``),
then a ``mode=ro`` connection that checks the tables and ``PRAGMA quick_check``, and only
then open it for writing.

Why the rollback journal (``journal_mode=DELETE``) and not WAL: field coders e-mail one file.
With a rollback journal every committed transaction is in the main file the moment it
commits, so a copy taken while ictool is closed (or even open but idle) holds every saved
value; WAL would leave committed pages in a ``-wal`` file beside it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ictool.core.errors import NewerSchemaError, NotAnIctoolFile, StorageError, UserError
from ictool.core.paths import replace_file, sqlite_uri
from ictool.core.store import cipher, locks
from ictool.core.store.database import Database
from ictool.core.store.schema import (
    APPLICATION_ID,
    CORE_TABLES,
    SCHEMA_VERSION,
    known_migration_names,
    migrate,
)

SQLITE_MAGIC = b"SQLite format 3\x00"

#: How long a command waits for a file another program holds locked before saying so.
LOCK_WAIT_SECONDS = 10.0


class FileRole(StrEnum):
    PROJECT = "project"
    PACKAGE = "coder_package"


@dataclass(frozen=True)
class FileInfo:
    """What the header and the ``meta`` table say a file is, read without writing."""

    path: Path
    role: FileRole
    project_uuid: str
    schema_version: int
    meta: dict[str, str]

    @property
    def title(self) -> str:
        return self.meta.get("title", "")

    @property
    def coder_uuid(self) -> str | None:
        return self.meta.get("coder_uuid")

    @property
    def package_uuid(self) -> str | None:
        return self.meta.get("package_uuid")


def _read_header(path: Path) -> tuple[int, int]:
    """Return (user_version, application_id) or raise a clear ``NotAnIctoolFile``.

    A file without the plain SQLite header that could be an encrypted one is asked for its passphrase
    (:mod:`.cipher`): its header is read through SQLCipher, read-only.
    """
    if not path.exists():
        raise NotAnIctoolFile(f"{path}: no such file")
    if not path.is_file():
        raise NotAnIctoolFile(f"{path}: is a folder, not an ictool file")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise NotAnIctoolFile(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not header:
        raise NotAnIctoolFile(f"{path}: the file is empty, not an ictool project or coder package")
    if not header.startswith(SQLITE_MAGIC):
        if cipher.may_be_encrypted(path):
            return cipher.read_header(path, sqlite_uri(path.resolve()), LOCK_WAIT_SECONDS)
        raise NotAnIctoolFile(f"{path}: not an ictool project or coder package (it is not a SQLite database)")
    if len(header) < 100:
        raise NotAnIctoolFile(f"{path}: the file is truncated (its SQLite header is incomplete)")
    (user_version,) = struct.unpack(">I", header[60:64])
    (application_id,) = struct.unpack(">I", header[68:72])
    return user_version, application_id


def inspect_file(path: Path, *, whole: bool = True) -> FileInfo:
    """Say what ``path`` is without writing a single byte to it (or creating it).

    ``whole`` adds SQLite's check of every page (``quick_check``), which reads the whole file: worth
    it before writing into a file (a write through a damaged page spreads the damage) and for a file
    someone sent, but a read-only look reads what it needs, and SQLite reports a damaged page it meets
    (worded by :func:`storage_problem`) — at ten times the study the check alone was a second.
    """
    path = Path(path)
    user_version, application_id = _read_header(path)
    if application_id != APPLICATION_ID:
        raise NotAnIctoolFile(
            f"{path}: a SQLite database, but not an ictool file (another application's database?)"
        )
    if user_version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path}: written by a newer version of ictool (file format {user_version}, this ictool "
            f"reads up to {SCHEMA_VERSION}); update ictool to open it"
        )
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        # A hot journal: the last session crashed mid-transaction. A read-only connection
        # cannot roll it back, so the deep checks run after the writable open recovers it.
        return _info_from_header_only(path, user_version)
    try:
        conn = _connection(path, readonly=True)
    except sqlite3.Error as exc:
        raise NotAnIctoolFile(f"{path}: cannot be opened ({exc})") from exc
    try:
        return _deep_check(conn, path, user_version, whole=whole)
    finally:
        conn.close()


def _info_from_header_only(path: Path, user_version: int) -> FileInfo:
    return FileInfo(path, FileRole.PROJECT, "", user_version, {})


def _deep_check(conn: sqlite3.Connection, path: Path, user_version: int, *, whole: bool = True) -> FileInfo:
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = CORE_TABLES - tables
        if missing:
            raise NotAnIctoolFile(
                f"{path}: damaged or not an ictool file (missing tables: {', '.join(sorted(missing))})"
            )
        if "_sqlite_migrations" in tables:
            names = {
                r[0]
                for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'ictool'")
            }
            unknown = names - known_migration_names()
            if unknown:
                raise NewerSchemaError(
                    f"{path}: written by a newer version of ictool (unknown format steps: "
                    f"{', '.join(sorted(unknown))}); update ictool to open it"
                )
        check = conn.execute("PRAGMA quick_check").fetchall() if whole else [("ok",)]
        if check != [("ok",)]:
            raise NotAnIctoolFile(f"{path}: the file is damaged ({check[0][0]})")
        meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    except sqlite3.DatabaseError as exc:
        if _in_use(exc):
            raise storage_problem(path, exc, "the file could not be read") from exc
        raise NotAnIctoolFile(f"{path}: the file is damaged or truncated ({exc})") from exc
    role = meta.get("role")
    if role not in (FileRole.PROJECT.value, FileRole.PACKAGE.value):
        raise NotAnIctoolFile(f"{path}: damaged ictool file (it does not say whether it is a project)")
    project_uuid = meta.get("project_uuid", "")
    if not project_uuid:
        raise NotAnIctoolFile(f"{path}: damaged ictool file (no project id)")
    return FileInfo(path, FileRole(role), project_uuid, user_version, meta)


def key_of(path: Path) -> cipher.Key | None:
    """The key of ``path`` when it is encrypted (its passphrase known since its inspection); None when
    it is a plain SQLite file (or missing: SQLite then creates a plain one)."""
    try:
        with path.open("rb") as fh:
            start = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return None
    if not start or start == SQLITE_MAGIC:
        return None
    return cipher.key_for_existing(path)


def _connection(
    path: Path, *, readonly: bool = False, key: cipher.Key | None = None, timeout: float = LOCK_WAIT_SECONDS
) -> sqlite3.Connection:
    """The one place a connection to an ictool file is made: the standard library's for a plain file
    (``sqlcipher3`` is not even loaded), SQLCipher's keyed one for an encrypted file.

    ``key`` is for a file being created; an existing file's own key is found by :func:`key_of`.

    Not bound to the thread that made it (``check_same_thread``): the window opens its file on a
    worker — checking every page and taking the session copy read the whole file, seconds for a large
    study — and then uses the connection on its own thread. Each connection is still used by one
    thread at a time: background jobs open their own (``gui.workers``).
    """
    if key is None:
        key = key_of(path)
    if readonly:
        target, uri = f"{sqlite_uri(path.resolve())}?mode=ro", True
    else:
        target, uri = str(path), False
    if key is None:
        return sqlite3.connect(target, uri=uri, timeout=timeout, check_same_thread=False)
    return cipher.connect(target, uri=uri, key=key, timeout=timeout, check_same_thread=False)


def open_readonly(path: Path) -> Database:
    """A ``mode=ro`` connection: reading a file someone sent can never change it."""
    try:
        return Database(_connection(path, readonly=True))
    except sqlite3.Error as exc:
        raise NotAnIctoolFile(f"{path}: cannot be read ({exc})") from exc


def _in_use(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def storage_problem(path: Path, exc: sqlite3.Error, doing: str) -> StorageError:
    """Word a SQLite failure for a person: a file in use is not a full or missing drive.

    ``doing`` says what failed ("the change could not be saved", "the file could not be read").
    """
    text = str(exc)
    if _in_use(exc):
        return StorageError(
            f"{path}: in use by another program (still locked after waiting {LOCK_WAIT_SECONDS:.0f} s); "
            f"{doing}. Close the other program or wait until it has finished, then try again"
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(f"{path}: {doing}: the file or its folder cannot be written to ({text})")
    if "malformed" in text or "not a database" in text:  # met on reading, as a read-only open checks less
        return StorageError(
            f"{path}: the file is damaged; {doing} ({text}). Nothing was written to it. Restore the newest "
            f"copy from {path.name}.backups/ beside it, or the last copy you sent or received"
        )
    return StorageError(
        f"{path}: {doing} ({text}). Nothing of it was written; values saved before are intact. "
        "Check that the drive is present, writable and not full"
    )


def _has_hot_journal(path: Path) -> bool:
    journal = path.with_name(path.name + "-journal")
    return journal.exists() and journal.stat().st_size > 0


def recover_after_crash(path: Path) -> None:
    """Roll back what a killed writer left half-done, as SQLite would on the next write.

    Why on reading too: a read-only connection cannot roll a hot journal back, so after a crash
    every read-only command would fail. Rolling back restores the file as it was before the
    interrupted transaction, which is exactly what the next writer would do anyway.
    """
    try:
        conn = _connection(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if _in_use(exc):
            raise storage_problem(path, exc, "the file could not be read") from exc
        raise StorageError(
            f"{path}: a save was interrupted (a crash or a pulled drive) and cannot be undone here "
            f"({exc}); open the file once where it can be written to, or copy it with its "
            f"'{path.name}-journal' file to a writable folder"
        ) from exc


def connect(path: Path, *, key: cipher.Key | None = None) -> Database:
    """A writable connection with the pragmas every ictool connection needs (``key``: a new file's)."""
    try:
        conn = _connection(path, key=key)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise StorageError(f"{path}: cannot be opened for writing ({exc})") from exc
    return Database(conn)


def open_file(path: Path, *, readonly: bool = False) -> tuple[Database, FileInfo]:
    """Inspect ``path`` read-only, then open it (migrating an older file after a backup)."""
    path = Path(path)
    if readonly and _has_hot_journal(path):
        inspect_file(path)  # the header checks: never touch a file that is not ours
        recover_after_crash(path)
    info = inspect_file(path, whole=not readonly)
    if readonly:
        return open_readonly(path), info
    db = connect(path)
    if not info.meta:  # recovered from a hot journal: check now, before any write of ours
        try:
            info = _deep_check(db.conn, path, info.schema_version)
        except Exception:
            db.conn.close()
            raise
    if info.schema_version < SCHEMA_VERSION:
        db.conn.close()
        _backup_before_migration(path, info.schema_version)
        db = connect(path)
        migrate(db)
        info = inspect_file(path)
    return db, info


def copy_database(conn: sqlite3.Connection, target: Path, *, pages: int = -1) -> None:
    """Copy the database behind ``conn`` to a new file ``target`` with SQLite's online backup.

    The one way ictool copies a database (backups, the copy before a migration, the frozen copy an
    export reads): consistent even while the file is open, and with ``pages`` > 0 done in steps that
    each release the lock, so people saving meanwhile are not locked out. Raises ``OSError`` or
    ``sqlite3.Error``; callers word the failure for their situation.

    The copy of an encrypted file is encrypted with the same key (the backup API between two keyed
    connections), and its passphrase remembered, so the copy (a frozen export copy) opens like the
    original: no plaintext copy is ever written.
    """
    key = cipher.key_of(conn)
    dest = _connection(target, key=key, timeout=5.0)
    try:
        conn.backup(dest, pages=pages)
    finally:
        dest.close()
    if key is not None:
        cipher.remember(target, key.passphrase)


def _backup_before_migration(path: Path, old_version: int) -> None:
    backup = path.with_name(f"{path.name}.format{old_version}.bak")
    if not backup.exists():
        src = _connection(path, readonly=True, timeout=5.0)
        try:
            copy_database(src, backup)
        finally:
            src.close()


def create_file(
    path: Path,
    role: FileRole,
    meta: dict[str, str],
    populate: Callable[[Database], None] | None = None,
    *,
    passphrase: str | cipher.Key | None = None,
) -> None:
    """Create a new ictool file atomically: built beside the target, then renamed into place.

    A crash while building leaves a stray temporary file, never a half-made file under the
    name the user asked for; an existing file is never overwritten. With a ``passphrase`` the file
    is encrypted from its first byte (the temporary file too), and the passphrase is remembered; a
    ``Key`` brings its own salt (a package whose passphrase a recovery key gives, ``cipher``).
    """
    path = Path(path)
    if path.exists():
        raise StorageError(f"{path}: already exists; choose another name or remove it first")
    if not path.parent.exists():
        raise StorageError(f"{path.parent}: no such folder")
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.creating")
    if isinstance(passphrase, str):
        cipher.check_new_passphrase(passphrase, path)
    file_key = cipher.Key.fresh(passphrase) if isinstance(passphrase, str) else passphrase
    db = connect(tmp, key=file_key)
    try:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrate(db)
        with db.atomic():
            for key, value in {**meta, "role": role.value}.items():
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [key, value])
            if populate is not None:
                populate(db)
        check = db.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            raise StorageError(f"{path}: the new file failed its integrity check ({check[0][0]})")
        db.conn.close()
        if path.exists():
            raise StorageError(f"{path}: already exists; choose another name or remove it first")
        replace_file(tmp, path)
    except BaseException:
        with contextlib.suppress(Exception):
            db.conn.close()
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    if file_key is not None:
        cipher.remember(path, file_key.passphrase)


def is_encrypted(path: Path) -> bool:
    """Whether the ictool file ``path`` is encrypted (it has no plain SQLite header)."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC
    except OSError:
        return False


def encrypt_file(source: Path, target: Path, passphrase: str) -> FileInfo:
    """Write an encrypted copy of the ictool file ``source`` to the new file ``target``.

    ``source`` is inspected read-only first (a foreign or damaged file is refused) and only read;
    it may itself be encrypted (then the copy has the new passphrase). Returns the copy's inspection.
    """
    cipher.check_new_passphrase(passphrase, Path(target))
    return _converted(Path(source), Path(target), cipher.Key.fresh(passphrase))


def decrypt_file(source: Path, target: Path) -> FileInfo:
    """Write a plain (unencrypted) copy of the encrypted ictool file ``source`` to ``target``."""
    source = Path(source)
    inspect_file(source, whole=False)
    if not is_encrypted(source):
        raise UserError(f"{source}: is not encrypted; copy it as it is")
    return _converted(source, Path(target), None)


def _converted(source: Path, target: Path, key: cipher.Key | None) -> FileInfo:
    db, info = open_file(source, readonly=True)  # recovers a crashed save first, like every reader
    db.conn.close()
    cipher.export_copy(source, key_of(source), target, key, settings=(info.schema_version, APPLICATION_ID))
    return inspect_file(target)


def change_passphrase(path: Path, passphrase: str, *, actor: str = "unknown") -> None:
    """Encrypt the encrypted file ``path`` with a new passphrase, in place.

    SQLCipher's ``rekey`` rewrites every page in one transaction (journalled like any save, so a
    crash leaves the file with its old passphrase) while holding the write lock, so nobody's save is
    lost. A file open for work in the app is refused: its connection holds the old key. Backup
    copies made before keep the old passphrase.
    """
    path = Path(path)
    cipher.check_new_passphrase(passphrase, path)
    inspect_file(path)
    if not is_encrypted(path):
        raise UserError(f"{path}: is not encrypted; use 'ictool encrypt' to make an encrypted copy")
    try:
        got = locks.acquire(path, actor)
    except locks.LockUnavailable as exc:
        raise StorageError(f"{path}: its folder cannot be written to ({exc})") from exc
    if isinstance(got, locks.LockHolder):
        raise UserError(
            f"{path}: open for work by {got.describe()}; close it there, then change the passphrase"
        )
    try:
        db = connect(path)
        try:
            db.conn.execute("PRAGMA rekey = " + _quoted(passphrase))
        except sqlite3.Error as exc:
            raise storage_problem(path, exc, "the passphrase was not changed") from exc
        finally:
            db.conn.close()
    finally:
        got.release()
    cipher.remember(path, passphrase)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """The first problem ``PRAGMA integrity_check`` finds, or None for a sound file."""
    check = conn.execute("PRAGMA integrity_check").fetchall()
    return None if check == [("ok",)] else str(check[0][0])


def journal_mode(conn: sqlite3.Connection) -> str:
    """The file's journal mode; ictool files use ``delete`` so one file holds every saved value."""
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def write_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written where it is, in words; None when it can, as far as can be told.

    A file marked read-only counts even for an administrator, who could write it anyway: someone
    marked it so. The folder matters too: SQLite writes a journal beside the file while saving.
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"the file cannot be reached ({exc.strerror or exc})"
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        return "the file is marked read-only"
    if not os.access(path.parent, os.W_OK):
        return "its folder cannot be written to (saving needs to write a journal file beside it)"
    return None


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes when another connection commits to the file (``PRAGMA data_version``)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])
