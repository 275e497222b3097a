"""Merging returned coder packages into the project, without losing or mixing up a value.

The rules, and why:
- **Validate before touching anything.** A foreign, damaged or wrong-kind file, a package of
  another project, of an unknown coder or with a text that differs from the project's is
  refused with a sentence, and the project is not opened for writing at all.
- **A package is its coder's full state for the documents it holds.** After the merge the
  project holds exactly the package's values, evidence, memo and status for that coder on
  those documents: a value the coder cleared is cleared, removed evidence is removed.
  Variables the package's codebook did not have yet (added later) are left alone.
- **Identity is by UUID**, so renamed variables and coders still merge.
- **Idempotent and ordered.** The same file merged twice changes nothing; a package older
  (by revision) than one already merged from the same lineage, or superseded by a later
  package of the same coder that was merged, is refused.
- **Crash-safe.** A backup of the project is taken first, and each package is applied in one
  transaction: a kill at any moment leaves the project as before or fully merged.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ictool.core.codebook.model import Codebook
from ictool.core.codebook.values import decode_value, encode_value, validate_value
from ictool.core.errors import UserError, ValidationError
from ictool.core.project import Project
from ictool.core.records import Evidence, Memo
from ictool.core.store import coders_repo, codings_repo, packages_repo
from ictool.core.store.clock import now
from ictool.core.store.files import FileRole, inspect_file

BACKUPS_KEPT = 5


@dataclass
class MergeReport:
    package: Path
    coder: str = ""
    revision: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    evidence_added: int = 0
    evidence_removed: int = 0
    memos_changed: int = 0
    documents: int = 0
    documents_done: int = 0
    already_merged: bool = False
    refused: list[str] = field(default_factory=list)  # items refused inside an accepted package
    notes: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        if self.already_merged:
            return (
                f"{self.package.name}: {self.coder} revision {self.revision} was already merged; "
                "nothing changed"
            )
        return (
            f"{self.package.name}: {self.coder} (revision {self.revision}) — codings added {self.added}, "
            f"changed {self.changed}, cleared {self.removed}, unchanged {self.unchanged}; evidence +"
            f"{self.evidence_added}/−{self.evidence_removed}; memos changed {self.memos_changed}; "
            f"documents {self.documents} ({self.documents_done} done)"
        )

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "evidence_added": self.evidence_added,
            "evidence_removed": self.evidence_removed,
            "memos_changed": self.memos_changed,
            "documents": self.documents,
            "documents_done": self.documents_done,
        }


@dataclass
class _PackageState:
    """Everything a package says about its coder's work, read once, read-only."""

    path: Path
    sha256: str
    package_uuid: str
    coder_uuid: str
    coder_name: str
    revision: int
    codebook_version: int
    documents: dict[str, str]  # uuid -> sha256 of text
    variables: set[str]
    codings: dict[tuple[str, str], str]  # (document, variable) -> value JSON
    updated: dict[tuple[str, str], str]
    evidence: dict[str, Evidence]
    memos: dict[str, Memo]
    status: dict[str, str]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_package(project: Project, path: Path) -> _PackageState:
    """Validate ``path`` as a package of this project and read its state (read-only)."""
    path = Path(path)
    info = inspect_file(path)
    if info.role is not FileRole.PACKAGE:
        raise UserError(f"{path}: is a project file, not a coder package; merge the coders' package files")
    if info.project_uuid != project.uuid:
        raise UserError(
            f"{path}: is a coder package of another project ('{info.title}'), not of '{project.title}'"
        )
    coder_uuid = info.coder_uuid or ""
    known = {c.uuid: c.name for c in project.coders()}
    if coder_uuid not in known:
        raise UserError(
            f"{path}: its coder ('{info.meta.get('coder_name', '?')}') is not a coder of this project"
        )
    sha = file_sha256(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError(f"{path}: cannot be read ({exc})") from exc
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        if check != [("ok",)]:
            raise UserError(
                f"{path}: the package is damaged ({check[0][0]}); ask the coder for a backup copy"
            )
        from sqlite_utils import Database

        db = Database(conn)
        docs = {r[0]: r[1] for r in conn.execute("SELECT uuid, sha256 FROM documents")}
        variables = {r[0] for r in conn.execute("SELECT uuid FROM variables")}
        codings: dict[tuple[str, str], str] = {}
        updated: dict[tuple[str, str], str] = {}
        for c, _, doc, _, var, value, at in codings_repo.all_codings(db):
            if c != coder_uuid:
                raise UserError(f"{path}: holds values of another coder; it is not a valid coder package")
            codings[(doc, var)] = value
            updated[(doc, var)] = at
        evidence = {e.uuid: e for e in codings_repo.list_evidence(db) if e.coder_uuid == coder_uuid}
        memos = {m.document_uuid: m for m in codings_repo.list_memos(db) if m.coder_uuid == coder_uuid}
        status = {d: s for (c, d), s in codings_repo.all_status(db).items() if c == coder_uuid}
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path}: the package is damaged or truncated ({exc})") from exc
    finally:
        conn.close()
    return _PackageState(
        path=path,
        sha256=sha,
        package_uuid=info.package_uuid or "",
        coder_uuid=coder_uuid,
        coder_name=known[coder_uuid],
        revision=int(info.meta.get("package_revision", "0")),
        codebook_version=int(info.meta.get("codebook_version", "1")),
        documents=docs,
        variables=variables,
        codings=codings,
        updated=updated,
        evidence=evidence,
        memos=memos,
        status=status,
    )


def _check_against_project(project: Project, state: _PackageState) -> list[str]:
    """Reasons to refuse the whole package (documents unknown or with a different text)."""
    problems = []
    project_docs = {d.uuid: d for d in project.documents()}
    for doc_uuid, sha in state.documents.items():
        doc = project_docs.get(doc_uuid)
        if doc is None:
            problems.append(f"{state.path}: holds a document the project does not have ({doc_uuid})")
        elif doc.sha256 != sha:
            problems.append(f"{state.path}: the text of document '{doc.doc_id}' differs from the project's")
    if state.codebook_version > project.codebook_version:
        problems.append(
            f"{state.path}: built from codebook version {state.codebook_version}, newer than the project's "
            f"({project.codebook_version}); is this the right project file?"
        )
    return problems


def _check_order(project: Project, state: _PackageState) -> bool:
    """Raise if the package is older or superseded; return True if exactly this file was merged."""
    merged = packages_repo.merges_of(project.db, state.package_uuid)
    for revision, sha in merged:
        if revision == state.revision and sha == state.sha256:
            return True
    newest = max((r for r, _ in merged), default=None)
    if newest is not None and state.revision < newest:
        raise UserError(
            f"{state.path}: revision {state.revision} of {state.coder_name}'s package is older than "
            f"revision {newest}, which was already merged; ask the coder for the latest file"
        )
    if newest is not None and state.revision == newest:
        raise UserError(
            f"{state.path}: a different copy of {state.coder_name}'s package with the same revision "
            f"({newest}) was already merged; ask the coder which file is the latest"
        )
    superseding = packages_repo.later_merged_package(project.db, state.package_uuid, state.coder_uuid)
    if superseding is not None:
        raise UserError(
            f"{state.path}: superseded — {state.coder_name} was issued a newer package on {superseding} "
            "and it has been merged; merge the newer package instead"
        )
    return False


def backup_project(project: Project) -> Path:
    """Copy the project (SQLite online backup: consistent even while open) and keep the last few."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = project.path.with_name(f"{project.path.name}.before-merge-{stamp}.bak")
    dest = sqlite3.connect(str(target))
    try:
        project.db.conn.backup(dest)
    finally:
        dest.close()
    backups = sorted(project.path.parent.glob(f"{project.path.name}.before-merge-*.bak"))
    for old in backups[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def merge_packages(
    project: Project,
    paths: Sequence[Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[MergeReport]:
    """Validate every package first (all or nothing for refusals), back up, then apply each."""
    if project.is_package:
        raise UserError(f"{project.path}: merge packages into the project file, not into a package")
    states: list[_PackageState] = []
    problems: list[str] = []
    for path in paths:
        try:
            state = read_package(project, Path(path))
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(_check_against_project(project, state))
        states.append(state)
    if problems:
        raise UserError(problems)
    reports: list[MergeReport] = []
    backed_up = False
    for i, state in enumerate(states):
        if progress is not None:
            progress(i, len(states), state.path.name)
        report = MergeReport(state.path, state.coder_name, state.revision, documents=len(state.documents))
        if _check_order(project, state):
            report.already_merged = True
            reports.append(report)
            continue
        if not backed_up:
            report.notes.append(f"backup: {backup_project(project).name}")
            backed_up = True
        _apply(project, state, report)
        reports.append(report)
    if progress is not None:
        progress(len(states), len(states), "")
    return reports


def _apply(project: Project, state: _PackageState, report: MergeReport) -> None:
    db = project.db
    coder = state.coder_uuid
    full: Codebook = project.full_codebook()
    at = now()
    with project.transaction():
        for doc in state.documents:
            current = codings_repo.values_for(db, coder, doc)
            for var_uuid in sorted(state.variables | set(current)):
                if var_uuid not in state.variables:
                    continue  # a variable added after the package was built: not the package's business
                new = state.codings.get((doc, var_uuid))
                old = current.get(var_uuid, (None, ""))[0]
                if new is not None:
                    new = _validated(full, var_uuid, new, state, report, doc)
                    if new is None:
                        continue
                if new == old:
                    if new is not None:
                        report.unchanged += 1
                    continue
                if new is None:
                    codings_repo.delete_value(db, coder, doc, var_uuid)
                    report.removed += 1
                else:
                    stamp = state.updated.get((doc, var_uuid), at)
                    codings_repo.put_value_text(db, coder, doc, var_uuid, new, stamp)
                    if old is None:
                        report.added += 1
                    else:
                        report.changed += 1
                project.audit(
                    "merge value",
                    origin="merged",
                    coder=coder,
                    document=doc,
                    variable=var_uuid,
                    old=old,
                    new=new,
                    at=at,
                )
            _merge_evidence(project, state, doc, report, at)
            _merge_memo(project, state, doc, report, at)
            _merge_status(project, state, doc, report, at)
        coders_repo.add_assignments(db, [(coder, d) for d in state.documents], at)
        packages_repo.record_merge(
            db, state.package_uuid, coder, state.revision, state.sha256, at, project.actor, report.counts
        )
        project.audit(
            "merge package",
            origin="merged",
            coder=coder,
            new=f"{state.path.name} revision {state.revision}: {report.counts}",
            at=at,
        )


def _validated(
    full: Codebook, var_uuid: str, text: str, state: _PackageState, report: MergeReport, doc: str
) -> str | None:
    var = full.by_uuid(var_uuid)
    if var is None:
        report.refused.append(f"a value for a variable unknown to the project ({var_uuid}) on document {doc}")
        return None
    try:
        return encode_value(validate_value(var, decode_value(text)))
    except (ValidationError, ValueError) as exc:
        report.refused.append(f"{var.name} on document {doc}: {exc}")
        return None


def _merge_evidence(project: Project, state: _PackageState, doc: str, report: MergeReport, at: str) -> None:
    db = project.db
    current = {e.uuid: e for e in codings_repo.list_evidence(db, state.coder_uuid, doc)}
    wanted = {u: e for u, e in state.evidence.items() if e.document_uuid == doc}
    for uuid in current.keys() - wanted.keys():
        ev = current[uuid]
        codings_repo.delete_evidence(db, uuid)
        report.evidence_removed += 1
        project.audit(
            "merge evidence removed",
            origin="merged",
            coder=ev.coder_uuid,
            document=doc,
            variable=ev.variable_uuid,
            old=f"{ev.start}-{ev.end}: {ev.quote}",
            at=at,
        )
    for uuid in wanted.keys() - current.keys():
        ev = wanted[uuid]
        codings_repo.insert_evidence(db, ev)
        report.evidence_added += 1
        project.audit(
            "merge evidence added",
            origin="merged",
            coder=ev.coder_uuid,
            document=doc,
            variable=ev.variable_uuid,
            new=f"{ev.start}-{ev.end}: {ev.quote}",
            at=at,
        )


def _merge_memo(project: Project, state: _PackageState, doc: str, report: MergeReport, at: str) -> None:
    db = project.db
    old = codings_repo.get_memo(db, state.coder_uuid, doc)
    new = state.memos.get(doc)
    if (old.text if old else None) == (new.text if new else None):
        return
    if new is None:
        codings_repo.delete_memo(db, state.coder_uuid, doc)
    else:
        codings_repo.put_memo(db, new)
    report.memos_changed += 1
    project.audit(
        "merge memo",
        origin="merged",
        coder=state.coder_uuid,
        document=doc,
        old=old.text if old else None,
        new=new.text if new else None,
        at=at,
    )


def _merge_status(project: Project, state: _PackageState, doc: str, report: MergeReport, at: str) -> None:
    db = project.db
    new = state.status.get(doc)
    if new == "done":
        report.documents_done += 1
    old = codings_repo.get_status(db, state.coder_uuid, doc)
    if old == new:
        return
    if new is None:
        codings_repo.delete_status(db, state.coder_uuid, doc)
    else:
        codings_repo.put_status(db, state.coder_uuid, doc, new, at)
    project.audit(
        "merge status", origin="merged", coder=state.coder_uuid, document=doc, old=old, new=new, at=at
    )
