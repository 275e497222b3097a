"""What a project or package holds, per coder: the data behind ``ictool info`` and the GUI."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from ictool.core.project import CoderPackage, Project
from ictool.core.records import DocumentInfo
from ictool.core.store import coders_repo, codings_repo, packages_repo, rounds_repo
from ictool.core.text.wording import plural


@dataclass(frozen=True)
class CoderProgress:
    name: str
    uuid: str
    assigned: int
    done: int
    in_progress: int
    values: int


@dataclass(frozen=True)
class DocumentLine:
    """One document as ``info --documents`` lists it: the id commands take, and where it stands."""

    doc_id: str
    title: str
    characters: int
    assigned: int  # coders it is assigned to
    done: int  # coders who marked it done
    rounds: list[str]


@dataclass(frozen=True)
class Summary:
    path: str
    role: str
    title: str
    project_uuid: str
    schema_version: int
    codebook_version: int
    variables: int
    levels: dict[str, int]
    #: Named groups only: variables without a group are counted in ``ungrouped``, not as a group "".
    groups: list[str]
    ungrouped: int
    documents: int
    characters: int
    coders: list[CoderProgress] = field(default_factory=list)
    package_coder: str | None = None
    package_revision: int | None = None
    #: Each document, when asked for (``ictool info --documents``): ids are what the commands take.
    document_list: list[DocumentLine] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(project: Project | CoderPackage, *, documents: bool = False) -> Summary:
    """The file's summary; ``documents`` adds a line per document (:class:`DocumentLine`)."""
    codebook = project.codebook
    docs = project.documents()
    status = codings_repo.all_status(project.db)
    counts = codings_repo.coded_counts(project.db)
    if isinstance(project, CoderPackage):  # a package's coder has every document of it
        coders = [project.owner]
        assigned = {project.owner.uuid: {d.uuid for d in docs}}
    else:
        coders = project.coders()
        assigned = coders_repo.assignments(project.db)
    progress = []
    for coder in coders:
        mine = assigned.get(coder.uuid, set())
        states = Counter(s for (c, _), s in status.items() if c == coder.uuid)
        values = sum(n for (c, _), n in counts.items() if c == coder.uuid)
        progress.append(
            CoderProgress(
                coder.name, coder.uuid, len(mine), states.get("done", 0), states.get("in progress", 0), values
            )
        )
    return Summary(
        path=str(project.path),
        role=project.info.role.value,
        title=project.title,
        project_uuid=project.uuid,
        schema_version=project.info.schema_version,
        codebook_version=project.codebook_version,
        variables=len(codebook),
        levels=dict(Counter(v.level.value for v in codebook)),
        groups=[g for g in codebook.groups if g],
        ungrouped=sum(not v.group for v in codebook),
        documents=len(docs),
        characters=sum(d.length for d in docs),
        coders=progress,
        package_coder=project.owner.name if isinstance(project, CoderPackage) else None,
        package_revision=project.revision if isinstance(project, CoderPackage) else None,
        document_list=_document_lines(project, docs, status, assigned) if documents else None,
    )


def _document_lines(
    project: Project | CoderPackage,
    docs: list[DocumentInfo],
    status: dict[tuple[str, str], str],
    assigned: dict[str, set[str]],
) -> list[DocumentLine]:
    per_document = Counter(doc for mine in assigned.values() for doc in mine)
    done = Counter(doc for (_, doc), state in status.items() if state == "done")
    rounds: dict[str, list[str]] = {}
    for found in rounds_repo.list_rounds(project.db):
        for doc in rounds_repo.round_documents(project.db, found.uuid):
            rounds.setdefault(doc, []).append(found.name)
    return [
        DocumentLine(d.doc_id, d.title, d.length, per_document[d.uuid], done[d.uuid], rounds.get(d.uuid, []))
        for d in docs
    ]


@dataclass(frozen=True)
class CoderActivity:
    """When a coder's work last left and came back: the latest package handed out, the latest merge."""

    issued_at: str | None = None
    merged_at: str | None = None
    merged_revision: int | None = None
    merged_file: str = ""


def activity(project: Project) -> dict[str, CoderActivity]:
    """Coder uuid -> their latest hand-out and merge (coders with neither are left out)."""
    issued = packages_repo.last_issue_per_coder(project.db)
    merged = packages_repo.last_merge_per_coder(project.db)
    out: dict[str, CoderActivity] = {}
    for coder in issued.keys() | merged.keys():
        m = merged.get(coder)
        out[coder] = CoderActivity(
            issued.get(coder),
            m.merged_at if m else None,
            m.revision if m else None,
            m.file_name if m else "",
        )
    return out


def variables_in_groups(variables: int, groups: int, ungrouped: int) -> str:
    """The one wording of ``new`` and ``info``: "3 variables in 2 groups (1 ungrouped)".

    Variables without a group are not a group of their own: counting them as one made a codebook
    with two named groups read "3 groups".
    """
    counted = plural(variables, "variable")
    if groups == 0:
        return f"{counted}, none in a group"
    return f"{counted} in {plural(groups, 'group')}" + (f" ({ungrouped} ungrouped)" if ungrouped else "")


def format_summary(s: Summary) -> str:
    kind = "coder package" if s.role == "coder_package" else "project"
    lines = [
        f"{s.title} — ictool {kind}",
        f"  file          {s.path}",
        f"  project id    {s.project_uuid}",
        f"  format        {s.schema_version} · codebook version {s.codebook_version}",
        f"  codebook      {variables_in_groups(s.variables, len(s.groups), s.ungrouped)}; "
        + ", ".join(f"{n} {lvl}" for lvl, n in sorted(s.levels.items())),
        f"  documents     {s.documents} ({s.characters:,} characters)",
    ]
    if s.package_coder is not None:
        lines.append(f"  coder         {s.package_coder} (package revision {s.package_revision})")
    if s.coders:
        width = max(len(c.name) for c in s.coders)
        lines.append(f"  coders        {len(s.coders)}")
        for c in s.coders:
            lines.append(
                f"    {c.name:<{width}}  assigned {c.assigned:>4}  done {c.done:>4}  "
                f"in progress {c.in_progress:>4}  values {c.values:>6}"
            )
    else:
        lines.append("  coders        none yet (ictool coders add PROJECT NAME...)")
    if s.document_list is not None:
        lines.extend(_format_documents(s.document_list))
    return "\n".join(lines)


_TITLE_WIDTH = 40


def _format_documents(docs: list[DocumentLine]) -> list[str]:
    """The documents as a table: ids first (what ``rounds add`` and ``coders assign`` take)."""
    if not docs:
        return ["  no documents yet (ictool import-docs PROJECT FOLDER)"]
    width = max(len("id"), *(len(d.doc_id) for d in docs))
    lines = ["", f"  {'id':<{width}}  {'title':<{_TITLE_WIDTH}}  characters  done  rounds"]
    for d in docs:
        title = d.title if len(d.title) <= _TITLE_WIDTH else d.title[: _TITLE_WIDTH - 1] + "…"
        lines.append(
            f"  {d.doc_id:<{width}}  {title:<{_TITLE_WIDTH}}  {d.characters:>10,}  "
            f"{d.done:>2}/{d.assigned:<2} {', '.join(d.rounds)}".rstrip()
        )
    return lines
