"""Bringing in the values of a forked copy, explicitly and value by value.

When one package was copied to two laptops and both were coded, the project merges one copy; the
other is refused as a fork, because merging it as a package (the coder's full state) would undo the
first copy's work. The lead may still want the second copy's work: this adds what the project does
not have yet for that coder and lists every conflict — a value, memo or status the two copies
disagree on — without changing it, so nothing is lost silently and the lead decides the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.store import codings_repo
from ictool.core.store.clock import now
from ictool.core.team.returned import check_package, read_package


@dataclass
class ForkReport:
    package: Path
    coder: str
    values_added: int = 0
    evidence_added: int = 0
    memos_added: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary_line(self) -> str:
        return (
            f"{self.package.name}: {self.coder} (values of a forked copy) — values added "
            f"{self.values_added}, evidence added {self.evidence_added}, memos added {self.memos_added}, "
            f"unchanged {self.unchanged}, conflicts left as they were {len(self.conflicts)}"
        )


def merge_fork(project: Project, path: Path) -> ForkReport:
    """Add the forked copy's values the project lacks; list, never overwrite, the ones that differ."""
    state = read_package(project, Path(path))
    problems = check_package(project, state)
    if problems:
        raise UserError(problems)
    report = ForkReport(state.path, state.coder_name)
    values = state.values
    full = project.full_codebook()
    ids = {d.uuid: d.doc_id for d in project.documents()}
    db = project.db
    coder = state.coder_uuid
    at = now()
    names = {v.uuid: v.name for v in full}
    with project.transaction():
        current = codings_repo.coder_values(db, coder)  # one query, as a merge reads them
        added: list[tuple[str, str, str, str, str]] = []
        for (doc, var_uuid), new in sorted(values.items()):
            old = current.get((doc, var_uuid))
            if old == new:
                report.unchanged += 1
            elif old is None:
                added.append((coder, doc, var_uuid, new, state.updated.get((doc, var_uuid), at)))
            else:
                name = names.get(var_uuid, var_uuid)
                report.conflicts.append(f"{ids.get(doc, doc)} {name}: project has {old}, this copy has {new}")
        codings_repo.put_values_text(db, added)
        project.audit_many(
            (at, "merge fork value", "merged", coder, doc, var_uuid, None, new)
            for coder, doc, var_uuid, new, _ in added
        )
        report.values_added = len(added)
        present = {e.uuid for e in codings_repo.list_evidence(db, coder)}
        for ev in state.evidence.values():
            if ev.uuid not in present:
                codings_repo.insert_evidence(db, ev)
                report.evidence_added += 1
                project.audit(
                    "merge fork evidence",
                    origin="merged",
                    coder=coder,
                    document=ev.document_uuid,
                    variable=ev.variable_uuid,
                    new=f"{ev.start}-{ev.end}: {ev.quote}",
                    at=at,
                )
        memos = {m.document_uuid: m for m in codings_repo.list_memos(db, coder)}
        for doc, memo in state.memos.items():
            old_memo = memos.get(doc)
            if old_memo is None:
                codings_repo.put_memo(db, memo)
                report.memos_added += 1
                project.audit(
                    "merge fork memo", origin="merged", coder=coder, document=doc, new=memo.text, at=at
                )
            elif old_memo.text != memo.text:
                report.conflicts.append(f"{ids.get(doc, doc)} memo: the two copies' memos differ")
        statuses = {d: s for (_, d), s in codings_repo.all_status(db, coder).items()}
        for doc, status in state.status.items():
            old_status = statuses.get(doc)
            if old_status is not None and old_status != status:
                report.conflicts.append(
                    f"{ids.get(doc, doc)} status: project has {old_status}, this copy {status}"
                )
        project.audit(
            "merge fork",
            origin="merged",
            coder=coder,
            new=f"{state.path.name} revision {state.revision}: +{report.values_added} values, "
            f"{len(report.conflicts)} conflicts",
            at=at,
        )
    return report
