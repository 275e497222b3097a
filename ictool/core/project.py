"""The handle on one open ictool file: a lead's ``Project`` or a coder's ``CoderPackage``.

Why two types over one base: lead-only use cases (assign, hand out, merge, resolve, export)
take a ``Project`` and coder-only ones a ``CoderPackage``, so mypy — not role checks scattered
through the code — keeps them apart. Where the file comes from a person (a path on the command
line, a file dialog) the kind is checked once, on opening, with one wording (:func:`wrong_kind`).

A handle holds the connection, what the file is, who acts, the codebook, and the two things
every use case needs to change data safely: ``transaction`` (one user action = one
transaction; in a package it also bumps the revision so the lead can refuse an older copy) and
``audit`` (appended inside that transaction). Use cases themselves live in the packages named
for what they do (``coding``, ``team``, ``setup``, ``reconcile``, ``export``), never here.
"""

from __future__ import annotations

import os
import sqlite3
import uuid as _uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import ClassVar, Self

from ictool import __version__
from ictool.core.codebook.model import Codebook
from ictool.core.errors import StorageError, UserError
from ictool.core.paths import replace_file
from ictool.core.records import Coder, DocumentInfo
from ictool.core.store import (
    audit_repo,
    cipher,
    codebook_repo,
    coders_repo,
    documents_repo,
    lineage_repo,
    locks,
    meta_repo,
)
from ictool.core.store.backups import make_backup
from ictool.core.store.clock import now
from ictool.core.store.database import Database
from ictool.core.store.files import (
    FileInfo,
    FileRole,
    copy_database,
    create_file,
    data_version,
    inspect_file,
    open_file,
    storage_problem,
    write_problem,
)
from ictool.core.store.schema import SCHEMA_VERSION


def wrong_kind(path: Path, found: FileRole, wanted: FileRole) -> UserError:
    """The one refusal for a file of the other kind, wherever a person chose the file."""
    if wanted is FileRole.PROJECT:
        return UserError(f"{path}: is a coder package; this needs the lead's project file (.ictool)")
    return UserError(f"{path}: is a project file; this needs a coder package (.ictcoder)")


class StudyFile:
    """An open ictool file of either kind. Use as a context manager so it is always closed cleanly."""

    role: ClassVar[FileRole]

    def __init__(
        self, db: Database, info: FileInfo, actor: str | None = None, readonly: bool = False
    ) -> None:
        self.db = db
        self.info = info
        self.path = info.path
        self.readonly = readonly
        #: Why a file a person opened for work is read-only (held elsewhere, unwritable…), in words.
        self.readonly_reason: str | None = None
        #: The one-writer lock, when the file was opened for work (:func:`open_for_work`).
        self.lock: locks.FileLock | None = None
        self.closed = False
        self._codebook: Codebook | None = None
        self.actor = self._actor(actor)
        self._identity = _identity(self.path)

    def _actor(self, actor: str | None) -> str:
        return actor or "unknown"

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, actor: str | None = None, readonly: bool = False) -> Self:
        """Open ``path`` as this kind of file; a file of the other kind is refused, untouched."""
        db, info = open_file(Path(path), readonly=readonly)
        if info.role is not cls.role:
            db.conn.close()
            raise wrong_kind(Path(path), info.role, cls.role)
        return cls(db, info, actor, readonly)

    def close(self) -> None:
        """Close the connection; with the rollback journal the file is then complete on its own.

        Safe to call twice (windows and context managers may both close).
        """
        if self.closed:
            return
        self.closed = True
        try:
            if self.db.conn.in_transaction:
                self.db.conn.rollback()
        finally:
            self.db.conn.close()
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One user action = one transaction; a storage failure becomes a clear ``StorageError``.

        Nested use joins the outer transaction (savepoints), so a batch of actions can be
        made all-or-nothing by wrapping them.
        """
        if self.readonly:
            raise UserError(f"{self.path}: opened read-only; nothing can be changed")
        outermost = not self.db.conn.in_transaction
        if outermost and (gone := self.vanished()):
            # A deleted file still takes writes through its open handle, and they vanish with it.
            raise StorageError(f"{self.path}: {gone}; the change could not be saved")
        try:
            with self.db.atomic():
                yield self.db
                if outermost:
                    self._committing()
        except sqlite3.OperationalError as exc:
            raise storage_problem(self.path, exc, "the change could not be saved") from exc

    def _committing(self) -> None:
        """Hook run at the end of every outermost transaction, inside it."""

    def vanished(self) -> str | None:
        """Why the file at ``path`` is no longer the one this handle has open, in words; None if it is."""
        now_there = _identity(self.path)
        if now_there is None:
            return "the file is no longer there (moved, renamed or deleted while open, or its drive removed)"
        if self._identity is not None and now_there != self._identity:
            return "the file was replaced by another one while open (or its drive was removed and put back)"
        return None

    def reconnect(self) -> bool:
        """After the drive was removed and put back: open the file at ``path`` again if it is this file.

        True when the handle now works on the file at ``path`` (the same project, and for a package the
        same package and coder); False, and nothing changed, otherwise.
        """
        if self.readonly or self.closed or _identity(self.path) is None:
            return False
        try:
            db, info = open_file(self.path)
        except (UserError, OSError, sqlite3.Error):
            return False
        same = (info.role, info.project_uuid, info.package_uuid, info.coder_uuid) == (
            self.info.role,
            self.info.project_uuid,
            self.info.package_uuid,
            self.info.coder_uuid,
        )
        if not same:
            db.conn.close()
            return False
        with suppress(sqlite3.Error):
            self.db.conn.close()
        self.db, self.info, self._identity = db, info, _identity(self.path)
        self._codebook = None
        return True

    def write_back(self) -> Path:
        """Write what this handle has open back to ``path`` when the file there was deleted while open.

        The open handle still reads the deleted file; its copy is built beside the path and renamed in.
        Raises ``StorageError`` when a file is at ``path`` again, or when the copy fails.
        """
        if self.path.exists():
            raise StorageError(f"{self.path}: a file is there again; nothing was written")
        tmp = self.path.with_name(f".{self.path.name}.{_uuid.uuid4().hex[:8]}.rescue")
        try:
            copy_database(self.db.conn, tmp)
            if self.path.exists():
                raise StorageError(f"{self.path}: a file is there again; nothing was written")
            replace_file(tmp, self.path)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"{self.path}: could not be written back ({exc})") from exc
        finally:
            tmp.unlink(missing_ok=True)  # left only when the copy did not get renamed into place
        return self.path

    def data_version(self) -> int:
        """Changes when another connection (another window or program) committed to the file; -1 when
        the file cannot be read just now (a removed drive)."""
        try:
            return data_version(self.db.conn)
        except sqlite3.Error:
            return -1

    def backup(self, tag: str = "session", *, unless_unchanged: bool = False) -> Path:
        """A rotating backup copy beside the file (see ``store.backups``); returns the copy's path."""
        return make_backup(self.db.conn, self.path, tag=tag, unless_unchanged=unless_unchanged)

    def audit(
        self,
        action: str,
        *,
        origin: str = "typed",
        coder: str | None = None,
        document: str | None = None,
        variable: str | None = None,
        old: str | None = None,
        new: str | None = None,
        at: str | None = None,
    ) -> None:
        """Append to the audit trail; call inside ``transaction()`` so it commits with the change."""
        audit_repo.append(
            self.db,
            at=at or now(),
            actor=self.actor,
            action=action,
            origin=origin,
            coder=coder,
            document=document,
            variable=variable,
            old=old,
            new=new,
        )

    def audit_many(self, entries: Iterable[audit_repo.NewEntry]) -> None:
        """Append many entries, in order, as this file's actor; call inside ``transaction()``.

        Why beside ``audit``: a merge audits every value it changes, hundreds of thousands at once,
        and writing them many to a statement (``store.batches``) is several times faster than a call
        per entry.
        """
        audit_repo.append_many(self.db, self.actor, entries)

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (``store.cipher``): exports from it are not, so they say so."""
        return cipher.is_encrypted(self.db.conn)

    # -- identity ----------------------------------------------------------------------

    @property
    def uuid(self) -> str:
        return self.info.project_uuid

    @property
    def title(self) -> str:
        return self.meta("title") or self.path.stem

    def meta(self, key: str) -> str | None:
        return meta_repo.get(self.db, key)

    @property
    def codebook_version(self) -> int:
        return int(self.meta("codebook_version") or 1)

    @property
    def recovery_key(self) -> bytes | None:
        """The study's recovery key (``store.cipher``), held by an encrypted project made with one."""
        stored = self.meta(cipher.RECOVERY_META)
        return bytes.fromhex(stored) if stored else None

    # -- codebook ----------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            self._codebook = codebook_repo.load_codebook(self.db)
        return self._codebook

    def full_codebook(self) -> Codebook:
        """Including retired variables and categories: what old codings may still refer to."""
        return codebook_repo.load_codebook(self.db, include_retired=True)

    def invalidate_codebook(self) -> None:
        self._codebook = None

    # -- documents ---------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return documents_repo.list_documents(self.db)

    def document(self, key: str) -> DocumentInfo:
        """Find a document by its id (as people type it) or uuid."""
        for doc in self.documents():
            if key in (doc.doc_id, doc.uuid):
                return doc
        folded = key.casefold()
        matches = [d for d in self.documents() if d.doc_id.casefold() == folded]
        if len(matches) == 1:
            return matches[0]
        raise UserError(f"{self.path}: no document with id '{key}'")

    def text(self, document_uuid: str) -> str:
        text = documents_repo.document_text(self.db, document_uuid)
        if text is None:
            raise UserError(f"{self.path}: no document {document_uuid}")
        return text

    # -- coders ------------------------------------------------------------------------

    def coders(self) -> list[Coder]:
        return coders_repo.list_coders(self.db)

    def coder(self, name: str) -> Coder:
        """Find a coder by name (case-insensitive) or uuid; a clear error names the known ones."""
        folded = name.casefold()
        for coder in self.coders():
            if coder.name.casefold() == folded or coder.uuid == name:
                return coder
        known = ", ".join(c.name for c in self.coders()) or "none yet"
        raise UserError(f"{self.path}: no coder named '{name}' (coders: {known})")

    def assigned_documents(self, coder_uuid: str) -> set[str]:
        """Document uuids assigned to a coder (empty when nothing was assigned yet)."""
        return coders_repo.assignments(self.db).get(coder_uuid, set())


class Project(StudyFile):
    """The lead's project file: every coder's values, resolutions, merges."""

    role = FileRole.PROJECT

    @classmethod
    def create(
        cls,
        path: Path,
        codebook: Codebook,
        *,
        title: str = "",
        actor: str = "unknown",
        passphrase: str | None = None,
        recovery_key: bytes | None = None,
    ) -> Project:
        """Create a new project file holding ``codebook`` (refuses to overwrite anything); with
        ``passphrase``, encrypted (``store.cipher``), and with ``recovery_key`` too, holding the key
        its encrypted packages are made with (never in a plain project, where anyone could read it)."""
        if recovery_key is not None and passphrase is None:
            raise UserError(f"{path}: a recovery key is only for an encrypted project")
        project_uuid = str(_uuid.uuid4())
        at = now()

        def populate(db: Database) -> None:
            codebook_repo.upsert_variables(db, codebook.variables)
            audit_repo.append(
                db, at=at, actor=actor, action="create project", origin="system", new=title or Path(path).stem
            )

        meta = {
            "project_uuid": project_uuid,
            "title": title or Path(path).stem,
            "codebook_version": "1",
            "created_at": at,
            "created_by": actor,
            "created_with": f"ictool {__version__}",
        }
        if recovery_key is not None:
            meta[cipher.RECOVERY_META] = recovery_key.hex()
        create_file(Path(path), FileRole.PROJECT, meta, populate, passphrase=passphrase)
        return cls.open(path, actor=actor)


class CoderPackage(StudyFile):
    """One coder's package: the codebook, their documents and only their own values."""

    role = FileRole.PACKAGE

    def _actor(self, actor: str | None) -> str:
        # The person acting in a package is its coder, whatever the OS user is called.
        return self.meta("coder_name") or actor or "coder"

    def _committing(self) -> None:
        revision = meta_repo.bump_int(self.db, "package_revision")
        lineage_repo.extend(self.db, revision)

    @property
    def owner(self) -> Coder:
        """The one coder whose file this is."""
        return Coder(uuid=self.info.coder_uuid or "", name=self.meta("coder_name") or "coder")

    @property
    def revision(self) -> int:
        """Package revision: grows with every saved change of the coder."""
        return int(self.meta("package_revision") or 0)


def open_study_file(
    path: Path, *, actor: str | None = None, readonly: bool = False
) -> Project | CoderPackage:
    """Open a file a person chose, whichever kind it is (the GUI, ``info``, ``import-codes``)."""
    db, info = open_file(Path(path), readonly=readonly)
    kind: type[Project] | type[CoderPackage] = Project if info.role is FileRole.PROJECT else CoderPackage
    return kind(db, info, actor, readonly)


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``: which file it is, not just where; None if none is there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def open_for_work(path: Path, *, actor: str | None = None) -> Project | CoderPackage:
    """Open a file a person will work in (the desktop app): writable only when that is safe.

    Writable needs three things, else the file opens read-only with ``readonly_reason`` saying why:
    the file and its folder can be written to, no other window or program holds it open for work
    (the one-writer lock, ``store.locks``; it is held until ``close``), and a backup copy could be
    written beside it (a full disk would fail the first save anyway, and every change after that).
    A file of an older format must be upgraded before it can be read; that needs writing, so an
    unwritable one is refused with what to do.
    """
    path = Path(path)
    # a foreign or newer file is refused here, untouched; every page is checked once, by the open below
    info = inspect_file(path, whole=False)
    reason = write_problem(path)
    lock: locks.FileLock | None = None
    if reason is None:
        try:
            got = locks.acquire(path, actor or "unknown")
        except locks.LockUnavailable as exc:
            reason = f"its folder cannot be written to ({exc})"
        else:
            if isinstance(got, locks.LockHolder):
                reason = (
                    f"it is open for work by {got.describe()}; only one window may change a file at a "
                    f"time. If that window is no longer open (its computer crashed), delete "
                    f"{locks.lock_path(path).name} beside the file and open it again"
                )
            else:
                lock = got
    if reason is None:
        assert lock is not None
        try:
            file = open_study_file(path, actor=actor)
        except BaseException:
            lock.release()
            raise
        file.lock = lock
        try:
            file.backup(unless_unchanged=True)
        except UserError as exc:
            file.close()
            reason = (
                "no backup copy could be written beside it, so a change could not be saved either "
                f"({' '.join(exc.problems)}). Free some space, then open it again"
            )
        else:
            return file
    if info.schema_version < SCHEMA_VERSION:
        raise UserError(
            f"{path}: written by an older ictool; it must be upgraded before it can be opened, which "
            f"needs writing to it, but {reason}. Copy it to a folder you can write to and open the copy"
        )
    file = open_study_file(path, actor=actor, readonly=True)
    file.readonly_reason = reason
    return file
