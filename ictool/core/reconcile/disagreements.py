"""The disagreement queue: every (document, variable) where coders differ, with what the lead needs.

Which cells are in disagreement is decided by :func:`ictool.core.disagreement.values_disagree` only —
the same function the reliability report counts with, so the queue and the report never differ by
one. Each item carries the coders' values side by side, their evidence quotes for that variable and
their memos on the document, and the lead's resolution if there is one: a resolved item stays in the
queue (status ``resolved``) so decisions can be reviewed and changed.

Only variables of the current codebook are queued: a retired variable is not part of the final
dataset, so there is nothing to decide about it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ictool.core.codebook.model import Value, Variable
from ictool.core.codebook.values import format_value
from ictool.core.disagreement import values_disagree
from ictool.core.errors import UserError
from ictool.core.reconcile.final import CellStatus, FinalDataset
from ictool.core.reconcile.resolutions import Resolution
from ictool.core.reconcile.snapshot import ProjectData, load_project_data

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = [
    "SORT_KEYS",
    "CoderValue",
    "Disagreement",
    "Quote",
    "disagreements",
    "find_disagreements",
    "json_value",
]

UNRESOLVED = "unresolved"
RESOLVED = "resolved"


def json_value(value: Value | None) -> object:
    """A value as JSON shows it: multi-select as a list, everything else as is."""
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class CoderValue:
    coder: str
    coder_uuid: str
    value: Value
    updated_at: str = ""


@dataclass(frozen=True)
class Quote:
    """An evidence quote one coder attached for this variable on this document."""

    coder: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Disagreement:
    """One queued (document, variable); ``values`` in coder-name order."""

    document_uuid: str
    document: str
    document_position: int
    variable: Variable
    variable_position: int
    values: tuple[CoderValue, ...]
    evidence: tuple[Quote, ...] = ()
    memos: tuple[tuple[str, str], ...] = ()  # (coder, memo on the document)
    resolution: Resolution | None = None

    @property
    def status(self) -> str:
        return RESOLVED if self.resolution is not None else UNRESOLVED

    def code(self, value: Value | None) -> str:
        return format_value(self.variable, value)

    def label(self, value: Value | None) -> str:
        return format_value(self.variable, value, labels=True)

    def to_json_dict(self) -> dict[str, Any]:
        res = self.resolution
        evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for q in self.evidence:
            evidence[q.coder].append({"quote": q.quote, "start": q.start, "end": q.end})
        return {
            "document": self.document,
            "variable": self.variable.name,
            "status": self.status,
            "values": {v.coder: json_value(v.value) for v in self.values},
            "labels": {v.coder: self.label(v.value) for v in self.values},
            "evidence": dict(evidence),
            "memo": dict(self.memos),
            "resolution": None if res is None else json_value(res.value),
            "resolution_label": None if res is None else self.label(res.value),
            "note": None if res is None else res.note,
            "resolved_by": None if res is None else res.resolved_by,
            "resolved_at": None if res is None else res.resolved_at,
        }


SORT_KEYS: dict[str, Callable[[Disagreement], Any]] = {
    "variable": lambda d: d.variable_position,
    "document": lambda d: d.document_position,
    "status": lambda d: d.status != UNRESOLVED,  # unresolved first
}


def find_disagreements(
    data: ProjectData,
    *,
    variable: str | None = None,
    unresolved_only: bool = False,
    sort: Sequence[str] = ("variable", "document"),
    final: FinalDataset | None = None,
) -> list[Disagreement]:
    """The queue of a snapshot; ``variable`` filters by name, ``sort`` names keys of :data:`SORT_KEYS`.

    ``final``, the final dataset of the same snapshot, saves comparing every cell twice: cells it
    found agreed or single-coded are skipped, the rest still go through ``values_disagree``.
    """
    unknown = [key for key in sort if key not in SORT_KEYS]
    if unknown:
        raise UserError(f"cannot sort by {', '.join(unknown)} (use: {', '.join(SORT_KEYS)})")
    variables = list(data.codebook)
    if variable is not None:
        chosen = data.codebook.get(variable)
        if chosen is None:
            raise UserError(f"no variable named '{variable}' in the current codebook")
        variables = [chosen]
    wanted = {v.uuid: v for v in variables}
    items: list[Disagreement] = []
    quotes = _quotes(data)
    memos = {(m.coder_uuid, m.document_uuid): m.text for m in data.memos}
    settled = _settled_cells(final) if final is not None else None
    for (doc_uuid, var_uuid), rows in data.by_cell.items():
        var = wanted.get(var_uuid)
        if var is None or len(rows) < 2 or (settled is not None and (doc_uuid, var_uuid) in settled):
            continue
        if not values_disagree(var, [r.value for r in rows]):
            continue
        resolution = data.resolutions.get((doc_uuid, var_uuid))
        if unresolved_only and resolution is not None:
            continue
        coders = [r.coder_uuid for r in rows]
        items.append(
            Disagreement(
                document_uuid=doc_uuid,
                document=rows[0].document,
                document_position=data.document_positions.get(doc_uuid, -1),
                variable=data.full_variable(var_uuid) or var,
                variable_position=data.variable_positions.get(var_uuid, -1),
                values=tuple(CoderValue(r.coder, r.coder_uuid, r.value, r.updated_at) for r in rows),
                evidence=tuple(q for c in coders for q in quotes.get((doc_uuid, var_uuid, c), ())),
                memos=tuple(
                    (r.coder, memos[(r.coder_uuid, doc_uuid)])
                    for r in rows
                    if (r.coder_uuid, doc_uuid) in memos
                ),
                resolution=resolution,
            )
        )
    items.sort(key=lambda d: tuple(SORT_KEYS[key](d) for key in (*sort, "variable", "document")))
    return items


def _settled_cells(final: FinalDataset) -> set[tuple[str, str]]:
    """Cells the final dataset already found in agreement (they cannot be in disagreement)."""
    agreed = (CellStatus.AGREED, CellStatus.COMBINED, CellStatus.SINGLE, CellStatus.NOT_CODED)
    return {
        (doc.uuid, var.uuid)
        for doc, row in zip(final.documents, final.rows, strict=True)
        for var, cell in zip(final.variables, row, strict=True)
        if cell.status in agreed
    }


def _quotes(data: ProjectData) -> dict[tuple[str, str, str], list[Quote]]:
    names = data.coder_names
    out: dict[tuple[str, str, str], list[Quote]] = defaultdict(list)
    for ev in sorted(data.evidence, key=lambda e: (e.start, e.end)):
        name = names.get(ev.coder_uuid, ev.coder_uuid)
        out[(ev.document_uuid, ev.variable_uuid, ev.coder_uuid)].append(
            Quote(name, ev.quote, ev.start, ev.end)
        )
    return out


def disagreements(
    project: Project,
    *,
    variable: str | None = None,
    unresolved_only: bool = False,
    sort: Sequence[str] = ("variable", "document"),
) -> list[Disagreement]:
    """The queue of an open project file (refused in a coder package)."""
    return find_disagreements(
        load_project_data(project), variable=variable, unresolved_only=unresolved_only, sort=sort
    )
