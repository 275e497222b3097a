"""The facade the GUI and the CLI call: an open project file or coder package.

Why a facade: widgets and commands must not know SQL or the file layout. Every public
method that changes something runs in exactly one transaction (``Project.transaction``),
appends to the audit trail inside it, and in a coder package bumps the package revision
so the lead can refuse an older copy of the same package.
"""

from __future__ import annotations

import sqlite3
import uuid as _uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from sqlite_utils import Database

from ictool import __version__
from ictool.core.codebook.model import Codebook
from ictool.core.errors import StorageError, UserError
from ictool.core.records import Coder, DocumentInfo
from ictool.core.store import audit_repo, codebook_repo, coders_repo, documents_repo, meta_repo
from ictool.core.store.clock import now
from ictool.core.store.files import FileInfo, FileRole, create_file, open_file


@dataclass
class ImportReport:
    """What an import did: ids imported, and files refused (only with ``skip_bad``)."""

    imported: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class Project:
    """An open ictool file. Use as a context manager so the file is always closed cleanly."""

    def __init__(
        self, db: Database, info: FileInfo, actor: str | None = None, readonly: bool = False
    ) -> None:
        self.db = db
        self.info = info
        self.path = info.path
        self.readonly = readonly
        self.closed = False
        self._codebook: Codebook | None = None
        if self.is_package:
            self.actor = self.meta("coder_name") or actor or "coder"
        else:
            self.actor = actor or "unknown"
        # Imported lazily: the coding service needs the values module, which needs the codebook.
        from ictool.core.coding.service import CodingService

        self.coding = CodingService(self)

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, codebook: Codebook, *, title: str = "", actor: str = "unknown") -> Project:
        """Create a new project file holding ``codebook`` (refuses to overwrite anything)."""
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
        create_file(Path(path), FileRole.PROJECT, meta, populate)
        return cls.open(path, actor=actor)

    @classmethod
    def open(cls, path: Path, *, actor: str | None = None, readonly: bool = False) -> Project:
        db, info = open_file(Path(path), readonly=readonly)
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

    def __enter__(self) -> Project:
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
        try:
            with self.db.atomic():
                yield self.db
                if outermost and self.is_package:
                    meta_repo.bump_int(self.db, "package_revision")
        except sqlite3.OperationalError as exc:
            raise StorageError(
                f"{self.path}: the change could not be saved ({exc}). Nothing of it was written; "
                "values saved before are intact. Check that the drive is present, writable and not full."
            ) from exc

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

    # -- identity ----------------------------------------------------------------------

    @property
    def is_package(self) -> bool:
        return self.info.role is FileRole.PACKAGE

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
    def revision(self) -> int:
        """Package revision: grows with every saved change of the coder."""
        return int(self.meta("package_revision") or 0)

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

    def import_documents(self, paths: Sequence[Path], *, skip_bad: bool = False) -> ImportReport:
        """Import transcripts all-or-nothing (or, with ``skip_bad``, the good ones)."""
        from ictool.core.documents import check_against_existing, collect_transcripts, without_clashes

        if self.is_package:
            raise UserError(f"{self.path}: documents are imported into the project, not a coder package")
        batch = collect_transcripts(list(paths), skip_bad=skip_bad)
        existing = {d.doc_id for d in self.documents()}
        clashes = check_against_existing(batch.documents, existing)
        refused = list(batch.problems)
        docs = list(batch.documents)
        if clashes:
            if not skip_bad:
                raise UserError(clashes)
            refused += clashes
            docs = without_clashes(docs, existing)
        if not docs:
            if refused:
                raise UserError([*refused, "no document was imported"])
            raise UserError("no transcripts found to import")
        at = now()
        with self.transaction():
            uuids = [str(_uuid.uuid4()) for _ in docs]
            documents_repo.insert_documents(self.db, docs, uuids, at)
            for doc, doc_uuid in zip(docs, uuids, strict=True):
                self.audit(
                    "import document", origin="imported", document=doc_uuid, new=doc.source_name, at=at
                )
        return ImportReport(imported=[d.doc_id for d in docs], refused=refused)

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

    def add_coders(self, names: Sequence[str]) -> list[Coder]:
        """Add coders in one transaction; names are the handles people type, UUIDs the identity."""
        if self.is_package:
            raise UserError(f"{self.path}: coders are added in the project, not in a coder package")
        problems = []
        existing = {c.name.casefold() for c in self.coders()}
        seen: set[str] = set()
        for name in names:
            clean = name.strip()
            if not clean:
                problems.append("a coder name cannot be empty")
            elif len(clean) > 80:
                problems.append(f"coder name '{clean[:20]}…' is longer than 80 characters")
            elif clean.casefold() in existing:
                problems.append(f"{self.path}: a coder named '{clean}' already exists")
            elif clean.casefold() in seen:
                problems.append(f"coder '{clean}' is named twice")
            seen.add(clean.casefold())
        if problems:
            raise UserError(problems)
        added = [Coder(uuid=str(_uuid.uuid4()), name=n.strip()) for n in names]
        at = now()
        with self.transaction():
            for coder in added:
                coders_repo.insert_coder(self.db, coder, at)
                self.audit("add coder", origin="typed", coder=coder.uuid, new=coder.name, at=at)
        return added

    def assigned_documents(self, coder_uuid: str) -> set[str]:
        """Document uuids assigned to a coder (empty when nothing was assigned yet)."""
        return coders_repo.assignments(self.db).get(coder_uuid, set())

    def package_coder(self) -> Coder:
        """In a coder package: the one coder whose file this is."""
        if not self.is_package or not self.info.coder_uuid:
            raise UserError(f"{self.path}: not a coder package")
        return Coder(uuid=self.info.coder_uuid, name=self.meta("coder_name") or "coder")
