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

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.records import Evidence, Memo
from ictool.core.store import cipher, coders_repo, codings_repo, lineage_repo, packages_repo
from ictool.core.store.audit_repo import NewEntry
from ictool.core.store.clock import now
from ictool.core.store.database import Database
from ictool.core.team.returned import (
    PackageState,
    ProjectFacts,
    check_order,
    check_package,
    read_packages,
)


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


def merge_packages(
    project: Project,
    paths: Sequence[Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[MergeReport]:
    """Validate every package fully, then back up once and apply them all in one transaction.

    Any problem in any package refuses the whole batch: nothing is written, not even a backup.
    """
    with _no_cycle_collection():
        return _merge_packages(project, paths, progress)


def _merge_packages(
    project: Project, paths: Sequence[Path], progress: Callable[[int, int, str], None] | None
) -> list[MergeReport]:
    states: list[PackageState] = []
    problems: list[str] = []
    for state, found in _checked(project, [Path(p) for p in paths]):
        problems.extend(found)
        if state is not None:
            states.append(state)
    problems.extend(_copies_in_one_batch(states))
    if problems:
        raise UserError(problems)
    return _merge_states(project, states, progress)


@dataclass
class PackageOutcome:
    """What became of one file of :func:`merge_each`: merged (or already merged), or refused and why."""

    path: Path
    report: MergeReport | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.report is None


def merge_each(
    project: Project,
    paths: Sequence[Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[PackageOutcome]:
    """Merge every package that passes on its own; refuse the others, each with its own reasons.

    Why not one batch: an inbox folder collects whatever the coders sent, and one foreign, damaged
    or older file must not keep everyone else's work out. Each file is validated alone, exactly as
    a batch of one would be; two copies of one package are both refused (which one the lead means
    is theirs to say). The accepted ones are then merged as one batch — one backup, one
    transaction — and a refused file changes nothing. ``progress`` counts the checks, then the merges.
    """
    with _no_cycle_collection():
        return _merge_each(project, paths, progress)


def _merge_each(
    project: Project, paths: Sequence[Path], progress: Callable[[int, int, str], None] | None
) -> list[PackageOutcome]:
    outcomes = [PackageOutcome(Path(p)) for p in paths]
    accepted: list[tuple[PackageOutcome, PackageState]] = []
    checked = _checked(project, [o.path for o in outcomes], progress)
    for outcome, (state, problems) in zip(outcomes, checked, strict=True):
        outcome.problems = problems
        if state is not None and not outcome.problems:
            accepted.append((outcome, state))
    by_package: dict[str, list[tuple[PackageOutcome, PackageState]]] = {}
    for outcome, state in accepted:
        by_package.setdefault(state.package_uuid, []).append((outcome, state))
    for same in by_package.values():
        if len(same) > 1:
            problem = _copies_in_one_batch([s for _, s in same])
            for outcome, _ in same:
                outcome.problems = list(problem)
    good = [(o, s) for o, s in accepted if not o.problems]
    reports = _merge_states(project, [s for _, s in good], progress)
    for (outcome, _), report in zip(good, reports, strict=True):
        outcome.report = report
    return outcomes


def _checked(
    project: Project, paths: list[Path], progress: Callable[[int, int, str], None] | None = None
) -> Iterator[tuple[PackageState | None, list[str]]]:
    """Each package, read (on threads, from the call) and checked against the project's facts, in the
    order given: its state and every problem found (none: mergeable). ``progress`` counts the checks."""
    _prepare_keys(project, paths)
    read = iter(read_packages(project, paths))
    facts = ProjectFacts(project)
    facts.read_now()
    for i, path in enumerate(paths):
        if progress is not None:
            progress(i, len(paths), f"checking {path.name}")
        yield _validated(project, next(read), facts)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's collector of reference cycles paused for the merge, as it was before afterwards.

    Why: a merge makes hundreds of thousands of tuples and dictionaries (a value, its key, its row and
    its audit entry each), and the collector, run every few hundred new objects, went through the
    growing heap again and again to find nothing: none of them refers back to another (30 ms of a
    0.55 s merge of three 600-document packages). Memory is freed as before, by reference counts;
    cycles made meanwhile anywhere in the process wait for the next collection after the merge.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _prepare_keys(project: Project, paths: Sequence[Path]) -> None:
    """Open the packages the project's recovery key made without asking, and derive the keys of the
    encrypted ones together on threads (0.14 s each, one after the other, was most of what an
    encrypted merge cost beyond a plain one)."""
    recovery_key = project.recovery_key
    if recovery_key is not None:
        cipher.use_recovery_key(recovery_key)
    cipher.derive_keys([Path(p) for p in paths])


def _validated(
    project: Project, read: PackageState | UserError, facts: ProjectFacts
) -> tuple[PackageState | None, list[str]]:
    """Check one package as read against the project: its state, and every problem (none: mergeable)."""
    if isinstance(read, UserError):
        return None, list(read.problems)
    state = read
    found = check_package(project, state, facts)
    if not found:
        order = check_order(project, state)
        state.already_merged = order.already_merged
        found = [order.problem] if order.problem else []
    return state, found


def _merge_states(
    project: Project, states: Sequence[PackageState], progress: Callable[[int, int, str], None] | None
) -> list[MergeReport]:
    """Apply validated packages: one backup and one transaction for all of them."""
    reports: list[MergeReport] = []
    todo: list[tuple[PackageState, MergeReport]] = []
    for state in states:
        report = MergeReport(state.path, state.coder_name, state.revision, documents=len(state.documents))
        report.already_merged = state.already_merged
        reports.append(report)
        if not report.already_merged:
            todo.append((state, report))
    if todo:
        todo[0][1].notes.append(f"backup: {project.backup(tag='before-merge')}")
        with project.transaction():
            for i, (state, report) in enumerate(todo):
                if progress is not None:
                    progress(i, len(todo), state.path.name)
                _apply(project, state, report)
    if progress is not None:
        progress(len(todo), len(todo), "")
    return reports


def _copies_in_one_batch(states: Sequence[PackageState]) -> list[str]:
    """Two copies of one package in one batch: which one the lead means is theirs to say."""
    by_package: dict[str, list[PackageState]] = {}
    for state in states:
        by_package.setdefault(state.package_uuid, []).append(state)
    return [
        f"{', '.join(str(s.path) for s in same)}: copies of {same[0].coder_name}'s one package in one batch "
        f"(revisions {', '.join(str(s.revision) for s in same)}); merge the one to keep on its own"
        for same in by_package.values()
        if len(same) > 1
    ]


def _apply(project: Project, state: PackageState, report: MergeReport) -> None:
    """Make the project hold exactly the package's work for its coder on its documents.

    What the project holds is read in one query per table, the changes are worked out in memory and
    written as batches, and every change gets its audit entry, in the order of a document at a time
    (values, evidence, memo, status): one package is hundreds of thousands of values, and a query
    and an insert per value were most of a merge's time.
    """
    db = project.db
    coder = state.coder_uuid
    at = now()
    entries: list[NewEntry] = []
    puts: list[tuple[str, str, str, str, str]] = []
    deletes: list[tuple[str, str, str]] = []
    quotes: list[tuple[str, Evidence]] = []  # ("insert" | "delete", evidence), in the order to apply
    statuses_put: list[tuple[str, str, str, str]] = []
    statuses_cleared: list[tuple[str, str]] = []
    values, updated = state.values, state.updated
    variables = sorted(state.variables)  # variables added after the package was built are left alone
    wanted = _by_document(state.evidence.values())
    with project.transaction():
        current = codings_repo.coder_values(db, coder)
        held = _by_document(codings_repo.list_evidence(db, coder))
        memos = {m.document_uuid: m for m in codings_repo.list_memos(db, coder)}
        statuses = {doc: s for (_, doc), s in codings_repo.all_status(db, coder).items()}
        counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
        first = not current  # the coder's first merge: every value of the package is added
        for doc in sorted(state.documents):  # key order: the codings are queued already sorted
            if first:
                counts["added"] += _add_values(coder, doc, variables, values, updated, at, puts, entries)
            else:
                _diff_values(
                    coder, doc, variables, values, current, updated, at, puts, deletes, entries, counts
                )
            _merge_evidence(quotes, held.get(doc, {}), wanted.get(doc, {}), report, entries, at)
            _merge_memo(db, state, memos.get(doc), doc, report, entries, at)
            _merge_status(statuses_put, statuses_cleared, state, statuses.get(doc), doc, report, entries, at)
        report.added, report.changed = counts["added"], counts["changed"]
        report.removed, report.unchanged = counts["removed"], counts["unchanged"]
        # The tables a package changes are written each in one go (many rows to a statement), in the
        # order the changes were found: the same rows as writing them one by one, document by document.
        codings_repo.change_evidence(db, quotes)
        codings_repo.delete_statuses(db, statuses_cleared)
        codings_repo.put_statuses(db, statuses_put)
        codings_repo.delete_values(db, deletes)
        # In key order: each row then lands next to the previous one in the table and its index
        # instead of on a page of its own (a third of writing the codings; the rows are the same).
        puts.sort()
        codings_repo.put_values_text(db, puts)
        project.audit_many(entries)
        coders_repo.add_assignments(db, [(coder, d) for d in state.documents], at)
        packages_repo.record_merge(
            db,
            state.package_uuid,
            coder,
            state.revision,
            state.sha256,
            at,
            project.actor,
            report.counts,
            file_name=state.path.name,
        )
        lineage_repo.record_merged(db, state.package_uuid, state.lineage)
        project.audit(
            "merge package",
            origin="merged",
            coder=coder,
            new=f"{state.path.name} revision {state.revision}: {report.counts}",
            at=at,
        )


def _diff_values(
    coder: str,
    doc: str,
    variables: list[str],
    values: dict[tuple[str, str], str],
    current: dict[tuple[str, str], str],
    updated: dict[tuple[str, str], str],
    at: str,
    puts: list[tuple[str, str, str, str, str]],
    deletes: list[tuple[str, str, str]],
    entries: list[NewEntry],
    counts: dict[str, int],
) -> None:
    """Queue the writes and audit entries that make one document's values the package's.

    The innermost loop of a merge (every variable of every document of every package), hence the
    local names and the counts kept in a dictionary rather than on the report.
    """
    put, delete, audit = puts.append, deletes.append, entries.append
    added = changed = removed = unchanged = 0
    for var_uuid in variables:
        key = (doc, var_uuid)
        new = values.get(key)
        old = current.get(key)
        if new == old:
            if new is not None:
                unchanged += 1
            continue
        if new is None:
            delete((coder, doc, var_uuid))
            removed += 1
        else:
            put((coder, doc, var_uuid, new, updated.get(key, at)))
            if old is None:
                added += 1
            else:
                changed += 1
        audit((at, "merge value", "merged", coder, doc, var_uuid, old, new))
    counts["added"] += added
    counts["changed"] += changed
    counts["removed"] += removed
    counts["unchanged"] += unchanged


def _add_values(
    coder: str,
    doc: str,
    variables: list[str],
    values: dict[tuple[str, str], str],
    updated: dict[tuple[str, str], str],
    at: str,
    puts: list[tuple[str, str, str, str, str]],
    entries: list[NewEntry],
) -> int:
    """:func:`_diff_values` when the project holds no value of the coder (their first merge): each of
    the package's values is added, with the same row and audit entry. Returns how many.

    Why apart: a first merge is the largest (every value is new), and this loop does a third less.
    """
    put, audit = puts.append, entries.append
    added = 0
    for var_uuid in variables:
        key = (doc, var_uuid)
        new = values.get(key)
        if new is not None:
            put((coder, doc, var_uuid, new, updated.get(key, at)))
            audit((at, "merge value", "merged", coder, doc, var_uuid, None, new))
            added += 1
    return added


def _by_document(evidence: Iterable[Evidence]) -> dict[str, dict[str, Evidence]]:
    """document uuid -> evidence uuid -> evidence."""
    out: dict[str, dict[str, Evidence]] = {}
    for ev in evidence:
        out.setdefault(ev.document_uuid, {})[ev.uuid] = ev
    return out


def _merge_evidence(
    quotes: list[tuple[str, Evidence]],
    current: dict[str, Evidence],
    wanted: dict[str, Evidence],
    report: MergeReport,
    entries: list[NewEntry],
    at: str,
) -> None:
    # In the dicts' order (the quotes' order as read), not a set's: the audit trail of the same merge
    # is then the same in every run, whatever Python's string-hash seed.
    for uuid, ev in current.items():
        if uuid in wanted:
            continue
        quotes.append(("delete", ev))
        report.evidence_removed += 1
        entries.append(_evidence_entry(at, "merge evidence removed", ev, removed=True))
    for uuid, ev in wanted.items():
        if uuid in current:
            continue
        quotes.append(("insert", ev))
        report.evidence_added += 1
        entries.append(_evidence_entry(at, "merge evidence added", ev, removed=False))


def _evidence_entry(at: str, action: str, ev: Evidence, *, removed: bool) -> NewEntry:
    span = f"{ev.start}-{ev.end}: {ev.quote}"
    old, new = (span, None) if removed else (None, span)
    return (at, action, "merged", ev.coder_uuid, ev.document_uuid, ev.variable_uuid, old, new)


def _merge_memo(
    db: Database,
    state: PackageState,
    old: Memo | None,
    doc: str,
    report: MergeReport,
    entries: list[NewEntry],
    at: str,
) -> None:
    new = state.memos.get(doc)
    if (old.text if old else None) == (new.text if new else None):
        return
    if new is None:
        codings_repo.delete_memo(db, state.coder_uuid, doc)
    else:
        codings_repo.put_memo(db, new)
    report.memos_changed += 1
    was, now_ = (old.text if old else None), (new.text if new else None)
    entries.append((at, "merge memo", "merged", state.coder_uuid, doc, None, was, now_))


def _merge_status(
    put: list[tuple[str, str, str, str]],
    cleared: list[tuple[str, str]],
    state: PackageState,
    old: str | None,
    doc: str,
    report: MergeReport,
    entries: list[NewEntry],
    at: str,
) -> None:
    new = state.status.get(doc)
    if new == "done":
        report.documents_done += 1
    if old == new:
        return
    if new is None:
        cleared.append((state.coder_uuid, doc))
    else:
        put.append((state.coder_uuid, doc, new, at))
    entries.append((at, "merge status", "merged", state.coder_uuid, doc, None, old, new))
