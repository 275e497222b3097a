"""What a returned coder package says, read once and read-only, and whether it may be merged.

Everything here only reads: the package through a ``mode=ro`` connection after the header checks
of :func:`inspect_file`, the project through its open connection. A package that fails any check
is refused with a sentence before the project is opened for writing.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.records import Evidence, Memo
from ictool.core.store import codebook_repo, codings_repo, documents_repo, packages_repo
from ictool.core.store.files import FileRole, inspect_file, integrity_problem, open_readonly


@dataclass
class PackageState:
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


def read_package(project: Project, path: Path) -> PackageState:
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
    db = open_readonly(path)
    try:
        damage = integrity_problem(db.conn)
        if damage is not None:
            raise UserError(f"{path}: the package is damaged ({damage}); ask the coder for a backup copy")
        docs = documents_repo.text_hashes(db)
        variables = codebook_repo.variable_uuids(db)
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
        db.conn.close()
    return PackageState(
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


def check_against_project(project: Project, state: PackageState) -> list[str]:
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


def check_order(project: Project, state: PackageState) -> bool:
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
