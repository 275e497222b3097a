"""Whole-project oracles: the queue, the final dataset and the codings of a project, computed the
plain way — every coding in memory, one cell at a time — to check what the core builds a document at
a time from one read (:mod:`ictool.core.reconcile.stream`).

They share only the per-cell rules with the core (:func:`~ictool.core.reconcile.final_cell` and
:func:`~ictool.core.codebook.disagreement.values_disagree`, tested on their own), not the reading,
grouping, ordering or context lookups, which are what streaming could get wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ictool.core import coding
from ictool.core.codebook.disagreement import values_disagree
from ictool.core.project import Project
from ictool.core.reconcile import (
    CoderValue,
    Disagreement,
    FinalCell,
    Quote,
    final_cell,
    get_resolution,
)
from ictool.core.reconcile.queue import check_sort, queue_variables, sorted_queue
from ictool.core.records import CodingRow


def codings_in_stream_order(project: Project) -> list[CodingRow]:
    """Every coding: by document, then coder name (case-insensitive), then the store's order."""
    position = {d.uuid: i for i, d in enumerate(project.documents())}
    rows = coding.all_values(project)  # by document, coder name (case-sensitive), variable uuid
    return sorted(rows, key=lambda r: (position[r.document_uuid], r.coder.casefold(), r.coder_uuid))


def cells(project: Project) -> dict[tuple[str, str], list[CodingRow]]:
    """(document uuid, variable uuid) → its codings, coders in name order."""
    out: dict[tuple[str, str], list[CodingRow]] = defaultdict(list)
    for row in codings_in_stream_order(project):
        out[(row.document_uuid, row.variable_uuid)].append(row)
    return out


def final_rows(project: Project) -> list[tuple[FinalCell, ...]]:
    """The final dataset's rows (documents in project order, active variables in codebook order)."""
    by_cell = cells(project)
    return [
        tuple(
            final_cell(
                var, by_cell.get((doc.uuid, var.uuid), []), get_resolution(project, doc.uuid, var.uuid)
            )
            for var in project.codebook
        )
        for doc in project.documents()
    ]


def disagreement_queue(
    project: Project,
    *,
    variable: str | None = None,
    unresolved_only: bool = False,
    sort: Sequence[str] = ("variable", "document"),
) -> list[Disagreement]:
    """The queue, with the arguments of :func:`ictool.core.reconcile.disagreements`."""
    check_sort(sort)
    full = project.full_codebook()
    positions = {v.uuid: i for i, v in enumerate(full)}
    by_cell = cells(project)
    items = []
    for doc_position, doc in enumerate(project.documents()):
        for var in queue_variables(project.codebook, variable):
            rows = by_cell.get((doc.uuid, var.uuid), [])
            if not values_disagree(var, [r.value for r in rows]):
                continue
            resolution = get_resolution(project, doc.uuid, var.uuid)
            if unresolved_only and resolution is not None:
                continue
            quotes = []
            for r in rows:
                found = coding.evidence(project, r.coder_uuid, doc.uuid)
                for ev in sorted(found, key=lambda e: (e.start, e.end)):
                    if ev.variable_uuid == var.uuid:
                        quotes.append(Quote(r.coder, ev.quote, ev.start, ev.end))
            memos = [(r.coder, m) for r in rows if (m := coding.memo(project, r.coder_uuid, doc.uuid))]
            items.append(
                Disagreement(
                    document_uuid=doc.uuid,
                    document=doc.doc_id,
                    document_position=doc_position,
                    variable=full.by_uuid(var.uuid) or var,
                    variable_position=positions[var.uuid],
                    values=tuple(CoderValue(r.coder, r.coder_uuid, r.value, r.updated_at) for r in rows),
                    evidence=tuple(quotes),
                    memos=tuple(memos),
                    resolution=resolution,
                )
            )
    return sorted_queue(items, sort)
