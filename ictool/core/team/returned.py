"""What a returned coder package says, read once and read-only, and whether it may be merged.

Everything here only reads: the package through a ``mode=ro`` connection after the header checks
of :func:`inspect_file`, the project through its open connection. A package is merged only if

- **this project issued it, to the coder it names, for the documents it holds** (provenance: the
  project's ``packages`` table, written when the package was handed out);
- **it continues what the project last merged from it** (lineage: the chain of digests the package
  carries, see ``store/lineage_repo``) — an older copy and a fork (two copies coded apart) are told
  apart and refused with a sentence naming both copies;
- **every value, evidence span, memo and status in it is valid** against the project's codebook and
  document texts.

Every problem is a sentence naming the file, the document by its id and the variable by its name;
nothing here raises anything but ``UserError``, whatever the file holds.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path

from ictool.core.codebook.model import Variable
from ictool.core.codebook.values import decode_value, encode_value, validate_value
from ictool.core.errors import UserError, ValidationError
from ictool.core.project import Project
from ictool.core.records import Evidence, Memo, Status
from ictool.core.store import codebook_repo, codings_repo, documents_repo, lineage_repo, packages_repo
from ictool.core.store.files import FileRole, inspect_file, integrity_problem, is_encrypted, open_readonly


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
    lineage: dict[int, str] = field(default_factory=dict)  # revision -> digest; empty before lineage
    #: The values as the project stores them, filled by :func:`check_content` as it validates them.
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    #: Exactly this revision was merged before (set by the merge, from :func:`check_order`).
    already_merged: bool = False


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _integer(path: Path, meta: dict[str, str], key: str, default: str) -> int:
    try:
        return int(meta.get(key, default))
    except ValueError:
        raise UserError(f"{path}: damaged or edited package (its {key} is not a number)") from None


#: Held while a package's rows become Python objects: that part needs the GIL row by row, and threads
#: taking turns at it row by row were slower than one after the other (the hash and the integrity
#: check, without the GIL, still run side by side).
_ROWS = threading.Lock()


@dataclass(frozen=True)
class _Issuer:
    """What a package is checked against before it is read, taken from the project once: packages are
    read on threads (:func:`read_packages`), and a SQLite connection belongs to the thread that made it."""

    uuid: str
    title: str
    file_name: str
    coders: dict[str, str]  # uuid -> name


def _issuer(project: Project) -> _Issuer:
    return _Issuer(project.uuid, project.title, project.path.name, {c.uuid: c.name for c in project.coders()})


def read_package(project: Project, path: Path) -> PackageState:
    """Validate ``path`` as a package of this project and read its state (read-only)."""
    return _read(_issuer(project), Path(path))


def read_packages(project: Project, paths: Sequence[Path]) -> Iterator[PackageState | UserError]:
    """Read each of ``paths`` as :func:`read_package` does: its state, or the refusal of that one file,
    in the order given, each as soon as it is read.

    Why on threads: much of reading a package is its integrity check and its file hash, which run
    without holding the GIL, so on a computer with several cores the packages of a batch are read side
    by side, from the call on: the caller does its own preparations meanwhile, and checks the first
    package while the others are still being read. Nothing else changes: each file is read and checked
    exactly as alone, only reading (``mode=ro``), and an unforeseen error is raised for the first file
    in the order given, as reading them in turn would. An encrypted package is first opened on the
    calling thread, in the order given, where its passphrase may be asked for; once its passphrase is
    known, it is read on a thread as a plain one is.
    """
    issuer = _issuer(project)

    def read(path: Path) -> PackageState | UserError:
        try:
            return _read(issuer, path)
        except UserError as exc:
            return exc

    paths = [Path(p) for p in paths]
    if len(paths) < 2 or (os.cpu_count() or 1) < 2:
        return (read(p) for p in paths)
    pool = ThreadPoolExecutor(max_workers=min(len(paths), 8))
    futures: dict[int, Future[PackageState | UserError]] = {}
    refused: dict[int, UserError] = {}
    failed: dict[int, Exception] = {}  # raised in its turn, as reading the files in turn would
    encrypted = {i for i, p in enumerate(paths) if is_encrypted(p)}
    for i, path in enumerate(paths):
        if i not in encrypted:
            futures[i] = pool.submit(read, path)
    for i in encrypted:
        try:
            inspect_file(paths[i], whole=False)  # asks for the passphrase here, and remembers it
        except UserError as exc:
            refused[i] = exc
        except Exception as exc:
            failed[i] = exc
        else:
            futures[i] = pool.submit(read, paths[i])
    pool.shutdown(wait=False)  # its threads end with their files

    def in_order() -> Iterator[PackageState | UserError]:
        for i in range(len(paths)):
            if i in failed:
                raise failed[i]
            yield refused[i] if i in refused else futures[i].result()

    return in_order()


def _read(project: _Issuer, path: Path) -> PackageState:
    info = inspect_file(path, whole=False)  # every page is checked once, by the integrity check below
    if info.role is not FileRole.PACKAGE:
        raise UserError(f"{path}: is a project file, not a coder package; merge the coders' package files")
    if info.project_uuid != project.uuid:
        raise UserError(
            f"{path}: is a coder package of another project ('{info.title}', id {info.project_uuid[:8]}), "
            f"not of this project ('{project.title}' in {project.file_name}, id {project.uuid[:8]})"
        )
    coder_uuid = info.coder_uuid or ""
    known = project.coders
    if coder_uuid not in known:
        raise UserError(
            f"{path}: its coder ('{info.meta.get('coder_name', '?')}') is not a coder of this project"
        )
    revision = _integer(path, info.meta, "package_revision", "0")
    codebook_version = _integer(path, info.meta, "codebook_version", "1")
    sha = file_sha256(path)
    db = open_readonly(path)
    try:
        damage = integrity_problem(db.conn)
        if damage is not None:
            raise UserError(f"{path}: the package is damaged ({damage}); ask the coder for a backup copy")
        with _ROWS:
            docs = documents_repo.text_hashes(db)
            variables = codebook_repo.variable_uuids(db)
            rows = codings_repo.raw_codings(db)
            if any(row[0] != coder_uuid for row in rows):
                raise UserError(f"{path}: holds values of another coder; it is not a valid coder package")
            codings = {(doc, var): value for _, doc, var, value, _ in rows}
            updated = {(doc, var): at for _, doc, var, _, at in rows}
            evidence = {e.uuid: e for e in codings_repo.list_evidence(db)}
            memos = {m.document_uuid: m for m in codings_repo.list_memos(db) if m.coder_uuid == coder_uuid}
            status = {d: s for (c, d), s in codings_repo.all_status(db).items() if c == coder_uuid}
            links = lineage_repo.chain(db)
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
        raise UserError(f"{path}: the package is damaged or was edited outside ictool ({exc})") from exc
    finally:
        db.conn.close()
    if any(e.coder_uuid != coder_uuid for e in evidence.values()):
        raise UserError(f"{path}: holds evidence of another coder; it is not a valid coder package")
    return PackageState(
        path=path,
        sha256=sha,
        package_uuid=info.package_uuid or "",
        coder_uuid=coder_uuid,
        coder_name=known[coder_uuid],
        revision=revision,
        codebook_version=codebook_version,
        documents=docs,
        variables=variables,
        codings=codings,
        updated=updated,
        evidence=evidence,
        memos=memos,
        status=status,
        lineage=links,
    )


class ProjectFacts:
    """What checking a package reads of the project, read once for a batch of packages: the codebook
    with its retired variables, the documents' ids, hashes and texts, and the verdict on each distinct
    (variable, value text) met so far (the same text always gets the same verdict).

    Why: checking each of a batch's packages read them all again (three 600-document packages: the
    texts three times over); nothing in the project changes while a batch is checked.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._texts: dict[str, str] = {}
        self.verdicts: dict[tuple[str, str], tuple[str, bool]] = {}  # (variable, text) -> _verdict

    @cached_property
    def variables(self) -> dict[str, Variable]:
        """variable uuid -> variable, retired ones included: what old values may still refer to."""
        return {v.uuid: v for v in self.project.full_codebook()}

    @cached_property
    def ids(self) -> dict[str, str]:
        return documents_repo.document_ids(self.project.db)

    @cached_property
    def hashes(self) -> dict[str, str]:
        return documents_repo.text_hashes(self.project.db)

    def read_now(self) -> None:
        """Read the codebook and the documents' ids and hashes now (while packages are read on threads)."""
        _ = self.variables, self.ids, self.hashes

    def texts(self, document_uuids: set[str]) -> dict[str, str]:
        """document uuid -> text of those of ``document_uuids`` the project has."""
        missing = document_uuids - self._texts.keys()
        if missing:
            self._texts.update(documents_repo.texts(self.project.db, sorted(missing)))
        return {d: self._texts[d] for d in document_uuids if d in self._texts}


def check_provenance(project: Project, state: PackageState) -> list[str]:
    """Did this project issue this package, to this coder, for these documents?"""
    issued = packages_repo.issued_package(project.db, state.package_uuid)
    if issued is None:
        return [
            f"{state.path}: this project never issued a package with this id ({state.package_uuid[:8]}); "
            "it may come from a backup of the project older than the package, or have been edited"
        ]
    issued_coder, _ = issued
    if issued_coder != state.coder_uuid:
        names = {c.uuid: c.name for c in project.coders()}
        return [
            f"{state.path}: this package was issued to {names.get(issued_coder, '?')}, but it says it "
            f"belongs to {state.coder_name}; it was edited outside ictool and is not merged"
        ]
    allowed = packages_repo.issued_documents(project.db, state.package_uuid)
    extra = sorted(set(state.documents) - allowed)
    if extra:
        ids = {d.uuid: d.doc_id for d in project.documents()}
        shown = ", ".join(ids.get(d, d[:8]) for d in extra[:5])
        return [f"{state.path}: holds documents that were not issued in this package ({shown})"]
    return []


def check_against_project(project: Project, state: PackageState, facts: ProjectFacts) -> list[str]:
    """Reasons to refuse the whole package: unknown or changed documents, a newer codebook."""
    problems = []
    hashes = facts.hashes
    for doc_uuid, sha in state.documents.items():
        known = hashes.get(doc_uuid)
        if known is None:
            problems.append(f"{state.path}: holds a document the project does not have ({doc_uuid})")
        elif known != sha:
            problems.append(
                f"{state.path}: the text of document '{facts.ids[doc_uuid]}' differs from the project's"
            )
    if state.codebook_version > project.codebook_version:
        problems.append(
            f"{state.path}: built from codebook version {state.codebook_version}, newer than the project's "
            f"({project.codebook_version}); is this the right project file?"
        )
    return problems


def check_content(project: Project, state: PackageState, facts: ProjectFacts) -> list[str]:
    """Every value, evidence span, memo and status against the codebook and the document texts.

    The valid values are kept in ``state.values`` as the project stores them, so that applying the
    package does not decode and validate each of them a second time. A package holds a few thousand
    distinct answers among hundreds of thousands of values, so each distinct (variable, value text)
    is validated once and its verdict reused: the same text always gets the same verdict.
    """
    by_uuid = facts.variables
    ids = facts.ids
    where = str(state.path)

    def doc_name(doc: str) -> str:
        return f"document {ids.get(doc, doc[:8])}"

    problems = _check_values(state, by_uuid, doc_name, facts.verdicts)
    texts = facts.texts(
        {ev.document_uuid for ev in state.evidence.values() if ev.document_uuid in state.documents}
    )
    for ev in sorted(state.evidence.values(), key=lambda e: (e.document_uuid, e.start, e.uuid)):
        var = by_uuid.get(ev.variable_uuid)
        if ev.document_uuid not in state.documents:
            problems.append(f"{where}: evidence on a document the package does not hold")
            continue
        if var is None:
            problems.append(
                f"{where}: {doc_name(ev.document_uuid)}: evidence for a variable unknown to the project"
            )
            continue
        if ev.document_uuid not in texts:
            texts[ev.document_uuid] = project.text(ev.document_uuid)  # raises: not the project's
        text = texts[ev.document_uuid]
        if not (
            isinstance(ev.start, int) and isinstance(ev.end, int) and 0 <= ev.start < ev.end <= len(text)
        ):
            label = f"{where}: {doc_name(ev.document_uuid)}, variable {var.name}: evidence"
            problems.append(f"{label} span {ev.start}–{ev.end} lies outside the document (0–{len(text)})")
        elif text[ev.start : ev.end] != ev.quote:
            label = f"{where}: {doc_name(ev.document_uuid)}, variable {var.name}: evidence"
            problems.append(f"{label} at {ev.start}–{ev.end} quotes text that is not the document's there")
    for doc in state.memos:
        if doc not in state.documents:
            problems.append(f"{where}: a memo on a document the package does not hold")
    known_status = {s.value for s in Status}
    for doc, status in state.status.items():
        if doc not in state.documents:
            problems.append(f"{where}: a status for a document the package does not hold")
        elif status not in known_status:
            problems.append(f"{where}: {doc_name(doc)}: unknown document status '{status}'")
    return problems


def _check_values(
    state: PackageState,
    by_uuid: dict[str, Variable],
    doc_name: Callable[[str], str],
    verdicts: dict[tuple[str, str], tuple[str, bool]],
) -> list[str]:
    """Fill ``state.values`` with the package's valid values as the project stores them; the problems
    of the others, by document and variable.

    Nearly always every value is valid and stored as the project stores it (ictool wrote it), so the
    distinct (variable, text) pairs are judged first; when all pass, the values are taken as they are
    in one step, which is what the value-by-value reading below gives them then.
    """
    documents = state.documents
    values = state.values
    codings = state.codings
    pairs = set(zip(map(itemgetter(1), codings), codings.values(), strict=True))  # distinct (variable, text)
    if set(map(itemgetter(0), codings)) <= documents.keys() and all(
        (var := by_uuid.get(pair[0])) is not None and _judged(verdicts, var, pair[1]) == (pair[1], True)
        for pair in pairs
    ):
        values.update(codings)
        return []
    where = str(state.path)
    found: list[tuple[tuple[str, str], str]] = []  # sorted by (document, variable) uuid before adding
    for key, text in codings.items():
        doc, var_uuid = key
        var = by_uuid.get(var_uuid)
        if doc not in documents:
            found.append((key, f"{where}: a value for a document the package does not hold ({doc[:8]})"))
        elif var is None:
            found.append((key, f"{where}: {doc_name(doc)}: a value for a variable unknown to the project"))
        else:
            stored, valid = _judged(verdicts, var, text)
            if valid:
                values[key] = stored
            else:
                found.append((key, f"{where}: {doc_name(doc)}, variable {var.name}: {stored}"))
    return [problem for _, problem in sorted(found)]


def _judged(verdicts: dict[tuple[str, str], tuple[str, bool]], var: Variable, text: str) -> tuple[str, bool]:
    """:func:`_verdict`, reached once per (variable, text) in ``verdicts``."""
    verdict = verdicts.get((var.uuid, text))
    if verdict is None:
        verdict = verdicts[(var.uuid, text)] = _verdict(var, text)
    return verdict


def _verdict(var: Variable, text: str) -> tuple[str, bool]:
    """(the value as the project stores it, True), or (why it is refused, False)."""
    try:
        return encode_value(validate_value(var, decode_value(text))), True
    except (ValidationError, ValueError, TypeError) as exc:
        return ("; ".join(exc.problems) if isinstance(exc, UserError) else "not a readable value"), False


def check_package(project: Project, state: PackageState, facts: ProjectFacts | None = None) -> list[str]:
    """Everything but the order: provenance first (a package not ours is checked no further), then
    the documents against the project's and every value, quote, memo and status. ``facts``: the
    project's, shared by the packages of a batch (read here when not given)."""
    facts = facts or ProjectFacts(project)
    return check_provenance(project, state) or [
        *check_against_project(project, state, facts),
        *check_content(project, state, facts),
    ]


@dataclass(frozen=True)
class Order:
    """Where a package stands against what the project merged of it."""

    already_merged: bool = False
    problem: str | None = None


def check_order(project: Project, state: PackageState) -> Order:
    """Is this copy the one merged, one that continues it, an older copy, or a fork?"""
    merged = packages_repo.merges_of(project.db, state.package_uuid)
    already = (
        bool(merged)
        and merged[-1].revision == state.revision
        and (
            state.lineage.get(state.revision)
            == lineage_repo.merged_chain(project.db, state.package_uuid).get(state.revision)
            if state.lineage
            else merged[-1].sha256 == state.sha256
        )
    )
    superseding = packages_repo.later_merged_package(project.db, state.package_uuid, state.coder_uuid)
    if superseding is not None and not already:
        return Order(
            problem=f"{state.path}: superseded — {state.coder_name} was issued a newer package on "
            f"{superseding} and it has been merged; merge the newer package instead"
        )
    if not merged:
        overtaken = packages_repo.other_merge_since_issue(project.db, state.package_uuid, state.coder_uuid)
        if overtaken is not None:
            issued_at, merged_at, file_name = overtaken
            return Order(
                problem=f"{state.path}: this package of {state.coder_name} was handed out on "
                f"{issued_at[:10]}, before another of their packages "
                f"({file_name or 'an earlier package'}) was merged on {merged_at[:10]}; it does not "
                "hold that work, so merging it would undo it. Bring its values in one by one with: "
                "ictool merge PROJECT FILE --fork"
            )
        return Order()
    last = merged[-1]
    theirs = lineage_repo.merged_chain(project.db, state.package_uuid)
    if state.lineage and theirs:
        head = state.lineage.get(state.revision)
        if theirs.get(state.revision) == head and head is not None:
            if state.revision == last.revision:
                return Order(already_merged=True)
            return Order(
                problem=f"{state.path}: an older copy of {state.coder_name}'s package: revision "
                f"{state.revision} is older than revision {last.revision} "
                f"({last.file_name or 'another file'}), which was already merged on "
                f"{last.merged_at[:10]} and holds everything this copy does"
            )
        if state.lineage.get(last.revision) == theirs.get(last.revision):
            return Order()  # continues what was merged
        common = max((r for r, d in state.lineage.items() if theirs.get(r) == d), default=None)
        parted = f"revision {common}" if common is not None else "the start"
        return Order(
            problem=f"{state.path}: a fork — this copy of {state.coder_name}'s package (revision "
            f"{state.revision}) and the copy merged on {last.merged_at[:10]} "
            f"({last.file_name or 'another file'}, revision {last.revision}) were both coded on from "
            f"{parted}, so merging it would undo the other copy's work; nothing was merged. To bring in "
            "this copy's values one by one, listing every conflict: ictool merge PROJECT FILE --fork"
        )
    # A package from before lineage existed: revision numbers and file hashes only.
    for m in merged:
        if m.revision == state.revision and m.sha256 == state.sha256:
            return Order(already_merged=True)
    if state.revision < last.revision:
        return Order(
            problem=f"{state.path}: revision {state.revision} of {state.coder_name}'s package is older than "
            f"revision {last.revision}, which was already merged; ask the coder for the latest file"
        )
    if state.revision == last.revision:
        return Order(
            problem=f"{state.path}: a different copy of {state.coder_name}'s package with the same revision "
            f"({last.revision}) was already merged; ask the coder which file is the latest"
        )
    return Order()
