"""Coder packages: one coder's slice of the project, in a file of its own.

Why a package is built as a brand-new file rather than a copy of the project with rows
deleted: SQLite keeps deleted rows in free pages, so a "cleaned" copy could still hold other
coders' values byte for byte. Here nothing that is not this coder's ever enters the file, so
blind coding is guaranteed by what the file contains, not by a view filter.

A package carries the ids that tie it to the project (project, coder, package uuid and
codebook version) and a revision number that grows with every change the coder saves;
the project records every package it issued, which is what merge later checks against.
"""

from __future__ import annotations

import contextlib
import uuid as _uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ictool import __version__
from ictool.core.errors import UserError
from ictool.core.paths import safe_file_stem
from ictool.core.project import Project
from ictool.core.rounds.membership import find_round, round_documents
from ictool.core.store import (
    audit_repo,
    cipher,
    codebook_repo,
    coders_repo,
    codings_repo,
    documents_repo,
    lineage_repo,
    packages_repo,
)
from ictool.core.store.clock import now
from ictool.core.store.database import Database
from ictool.core.store.files import FileRole, create_file


@dataclass(frozen=True)
class PackageInfo:
    path: Path
    package_uuid: str
    coder: str
    documents: int
    codings: int
    revision: int


def starting_revision(project: Project, coder_uuid: str) -> int:
    """A re-issued package continues the coder's revision count, so revisions stay comparable."""
    merged = packages_repo.latest_merged_revision(project.db, coder_uuid)
    return max(merged.values(), default=0)


def build_package(
    project: Project,
    coder_name: str,
    out: Path,
    *,
    round: str | None = None,
    passphrase: str | cipher.Key | None = None,
) -> PackageInfo:
    """Write ``out``: the codebook, this coder's assigned documents and only this coder's work.

    With ``passphrase`` the package is encrypted (the lead tells the coder the passphrase by another
    channel than the file's), whether or not the project is; a ``Key`` from :func:`recoverable_key`
    is one the project's recovery key opens.

    With ``round``, only the documents of that round the coder is assigned: a pilot package holds the
    pilot and nothing else. The rounds themselves stay in the project (a coder needs none of them);
    the package's ``meta`` names its round, and merge checks its documents as for any package.
    """
    coder = project.coder(coder_name)
    assigned = coders_repo.assignments(project.db).get(coder.uuid, set())
    round_name = None
    if round is not None:
        round_name = find_round(project, round).name
        assigned = assigned & round_documents(project, round)
    doc_uuids = sorted(assigned, key={d.uuid: d.position for d in project.documents()}.__getitem__)
    if not doc_uuids:
        if round_name is not None:
            raise UserError(
                f"{project.path}: no documents of round {round_name} are assigned to {coder.name}; "
                f"run 'ictool assign {project.path} --round {round_name}' first"
            )
        raise UserError(
            f"{project.path}: no documents are assigned to {coder.name}; "
            f"run 'ictool assign {project.path}' first"
        )
    out = Path(out)
    package_uuid = str(_uuid.uuid4())
    at = now()
    revision = starting_revision(project, coder.uuid)
    src = project.db
    codebook = project.codebook
    known_vars = {v.uuid for v in codebook}
    counts = {"codings": 0}

    def populate(db: Database) -> None:
        codebook_repo.upsert_variables(db, codebook.variables)
        coders_repo.insert_coder(db, coder, at)
        documents_repo.copy_documents(src, db, doc_uuids)
        coders_repo.add_assignments(db, [(coder.uuid, d) for d in doc_uuids], at)
        wanted = set(doc_uuids)
        for _, _, doc, _, var, value, updated in codings_repo.all_codings(src, coder.uuid):
            if doc in wanted and var in known_vars:
                codings_repo.put_value_text(db, coder.uuid, doc, var, value, updated)
                counts["codings"] += 1
        for ev in codings_repo.list_evidence(src, coder.uuid):
            if ev.document_uuid in wanted and ev.variable_uuid in known_vars:
                codings_repo.insert_evidence(db, ev)
        for memo in codings_repo.list_memos(src, coder.uuid):
            if memo.document_uuid in wanted:
                codings_repo.put_memo(db, memo)
        for (c, doc), status in codings_repo.all_status(src, coder.uuid).items():
            if doc in wanted:
                codings_repo.put_status(db, c, doc, status, at)
        audit_repo.append(
            db,
            at=at,
            actor=project.actor,
            action="issue package",
            origin="system",
            coder=coder.uuid,
            new=f"{len(doc_uuids)} documents",
        )
        lineage_repo.start(db, package_uuid, revision)

    meta = {
        "project_uuid": project.uuid,
        "title": project.title,
        "coder_uuid": coder.uuid,
        "coder_name": coder.name,
        "package_uuid": package_uuid,
        "codebook_version": str(project.codebook_version),
        "package_revision": str(revision),
        "issued_at": at,
        "issued_by": project.actor,
        "created_with": f"ictool {__version__}",
    }
    if round_name is not None:
        meta["round"] = round_name
    create_file(out, FileRole.PACKAGE, meta, populate, passphrase=passphrase)
    try:
        with project.transaction():
            packages_repo.record_issue(
                project.db, package_uuid, coder.uuid, at, project.actor, project.codebook_version, doc_uuids
            )
            project.audit(
                "issue package",
                origin="system",
                coder=coder.uuid,
                new=f"{package_uuid} → {out.name}" + (f" (round {round_name})" if round_name else ""),
            )
    except BaseException:
        # The project does not know this package, so it must not exist either.
        with contextlib.suppress(OSError):
            out.unlink()
        raise
    return PackageInfo(out, package_uuid, coder.name, len(doc_uuids), counts["codings"], revision)


PACKAGE_SUFFIX = ".ictcoder"


def package_file_name(coder_name: str) -> str:
    """``<coder>.ictcoder``, named so that every coder's system accepts it (``paths.safe_file_stem``)."""
    return f"{safe_file_stem(coder_name, 'coder')}{PACKAGE_SUFFIX}"


@dataclass
class HandOut:
    """What :func:`hand_out` wrote, and the coders it left out because nothing is assigned to them."""

    written: list[PackageInfo] = field(default_factory=list)
    without_documents: list[str] = field(default_factory=list)
    #: Coder name → the passphrase generated for their package from the study's recovery key
    #: (``recoverable=True``): the lead tells each coder theirs by another channel.
    passphrases: dict[str, str] = field(default_factory=dict)


def recoverable_key(project: Project) -> cipher.Key | None:
    """The key of a new package of ``project`` that the study's recovery key opens (its passphrase
    generated from the key and the package's salt), or None when the project holds no recovery key."""
    recovery_key = project.recovery_key
    return None if recovery_key is None else cipher.recoverable_key(recovery_key)


def hand_out(
    project: Project,
    folder: Path,
    *,
    coders: Sequence[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    round: str | None = None,
    passphrase: str | None = None,
    recoverable: bool = False,
) -> HandOut:
    """Write each coder's package into ``folder`` as ``<coder>.ictcoder`` (every coder by default).

    Why all at once: the lead hands out to the whole team on one day, and a folder holding exactly
    one file per coder is what they e-mail. Nothing is overwritten: if any target exists, nothing
    is written and every clash is named. Each package is complete and recorded as issued when its
    file appears, so a stop half-way (Cancel) leaves whole packages only. With ``round``, each package
    holds the coder's documents of that round only. With ``passphrase``, every package is encrypted
    with it; with ``recoverable``, each with its own passphrase made from the study's recovery key
    (:func:`recoverable_key`), so the lead can open any of them if a coder forgets theirs.
    """
    folder = Path(folder)
    assigned = coders_repo.assignments(project.db)
    if round is not None:
        in_round = round_documents(project, round)
        assigned = {coder: docs & in_round for coder, docs in assigned.items()}
    chosen = [project.coder(name) for name in coders] if coders is not None else project.coders()
    if not chosen:
        raise UserError(f"{project.path}: no coders yet; add them first")
    result = HandOut(without_documents=[c.name for c in chosen if not assigned.get(c.uuid)])
    todo = [c for c in chosen if assigned.get(c.uuid)]
    if not todo:
        raise UserError(
            f"{project.path}: no documents are assigned to any coder yet; assign them first "
            f"(ictool assign {project.path})"
        )
    if not folder.is_dir():
        raise UserError(f"{folder}: is not a folder")
    targets = {c.name: folder / package_file_name(c.name) for c in todo}
    problems = [
        f"{path}: already exists; packages are never overwritten"
        for path in targets.values()
        if path.exists()
    ]
    seen: dict[str, str] = {}
    for name, path in targets.items():
        other = seen.setdefault(path.name.casefold(), name)
        if other != name:
            problems.append(f"coders '{other}' and '{name}' would both be written to {path.name}; rename one")
    if problems:
        raise UserError(problems)
    if recoverable and passphrase is not None:
        raise UserError(
            "recoverable packages get their passphrases from the recovery key: give no passphrase"
        )
    if recoverable and project.recovery_key is None:
        raise UserError(f"{project.path}: has no recovery key to make the packages' passphrases from")
    for i, coder in enumerate(todo):
        if progress is not None:
            progress(i, len(todo), f"{coder.name}'s package")
        key = recoverable_key(project) if recoverable else None
        if key is not None:
            result.passphrases[coder.name] = key.passphrase
        result.written.append(
            build_package(project, coder.name, targets[coder.name], round=round, passphrase=key or passphrase)
        )
    if progress is not None:
        progress(len(todo), len(todo), "")
    return result
