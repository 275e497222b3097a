"""The disagreement queue: every (document, variable) where coders differ, with what the lead needs.

Which cells are in disagreement is decided by
:func:`ictool.core.codebook.disagreement.values_disagree` only — the same function the reliability
report counts with, so the queue and the report never differ by one. Each item carries the coders'
values side by side, their evidence quotes for that variable and their memos on the document, and
the lead's resolution if there is one: a resolved item stays in the queue (status ``resolved``) so
decisions can be reviewed and changed.

Only variables of the current codebook are queued: a retired variable is not part of the final
dataset, so there is nothing to decide about it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ictool.core.codebook.disagreement import values_disagree
from ictool.core.codebook.model import Codebook, Value, Variable
from ictool.core.codebook.values import format_value
from ictool.core.errors import UserError
from ictool.core.reconcile.final import CellStatus, FinalCell
from ictool.core.reconcile.resolutions import Resolution
from ictool.core.reconcile.sorting import RESOLVED, UNRESOLVED
from ictool.core.reconcile.sorting import SORT_KEYS as SORT_KEYS
from ictool.core.reconcile.sorting import check_sort as check_sort
from ictool.core.reconcile.sorting import sorted_queue as sorted_queue
from ictool.core.reconcile.stream import DocumentCells, Outline, open_stream
from ictool.core.records import CodingRow, Evidence

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = [
    "SORT_KEYS",
    "CoderValue",
    "Disagreement",
    "DocumentQueue",
    "Quote",
    "disagreements",
    "json_value",
]


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


#: What a document's queue items show beside the values: (evidence, memos by coder uuid), for the
#: given coders on the given document (:meth:`~ictool.core.reconcile.stream.DocumentStream.context`).
Context = Callable[[str, Sequence[str]], tuple[Sequence[Evidence], Mapping[str, str]]]

_SETTLED = (CellStatus.AGREED, CellStatus.COMBINED, CellStatus.SINGLE, CellStatus.NOT_CODED)


class DocumentQueue:
    """The queue items of one document at a time, for the variables asked for (codebook order).

    ``final_row`` (the document's final cells, in :attr:`variables` order) saves comparing a cell
    twice: a cell found agreed or single-coded cannot be in disagreement, an unresolved one is; only
    resolved cells still go through :func:`values_disagree`.
    """

    def __init__(self, outline: Outline, variables: Sequence[Variable], context: Context) -> None:
        self.outline = outline
        self.variables = tuple(variables)
        self._context = context

    def items(
        self,
        doc: DocumentCells,
        *,
        unresolved_only: bool = False,
        final_row: Sequence[FinalCell] | None = None,
    ) -> list[Disagreement]:
        cells = doc.agreement
        found: list[tuple[Variable, Sequence[CodingRow], Resolution | None]] = []
        for index, var in enumerate(self.variables):
            rows = cells.get(var.uuid, ())
            if len(rows) < 2:
                continue
            status = final_row[index].status if final_row is not None else None
            if status in _SETTLED:
                continue
            if status is not CellStatus.UNRESOLVED and not values_disagree(var, [r.value for r in rows]):
                continue
            resolution = doc.resolutions.get(var.uuid)
            if not (unresolved_only and resolution is not None):
                found.append((var, rows, resolution))
        if not found:
            return []
        coders = list(dict.fromkeys(r.coder_uuid for _, rows, _ in found for r in rows))
        evidence, memos = self._context(doc.document.uuid, coders)
        quotes = self._quotes(evidence)
        return [self._item(doc, var, rows, res, quotes, memos) for var, rows, res in found]

    def _quotes(self, evidence: Iterable[Evidence]) -> dict[tuple[str, str], list[Quote]]:
        names = self.outline.coder_names
        out: dict[tuple[str, str], list[Quote]] = defaultdict(list)
        for ev in sorted(evidence, key=lambda e: (e.start, e.end)):
            name = names.get(ev.coder_uuid, ev.coder_uuid)
            out[(ev.variable_uuid, ev.coder_uuid)].append(Quote(name, ev.quote, ev.start, ev.end))
        return out

    def _item(
        self,
        doc: DocumentCells,
        var: Variable,
        rows: Sequence[CodingRow],
        resolution: Resolution | None,
        quotes: Mapping[tuple[str, str], Sequence[Quote]],
        memos: Mapping[str, str],
    ) -> Disagreement:
        return Disagreement(
            document_uuid=doc.document.uuid,
            document=doc.document.doc_id,
            document_position=doc.position,
            variable=self.outline.full_variable(var.uuid) or var,
            variable_position=self.outline.variable_positions.get(var.uuid, -1),
            values=tuple(CoderValue(r.coder, r.coder_uuid, r.value, r.updated_at) for r in rows),
            evidence=tuple(q for r in rows for q in quotes.get((var.uuid, r.coder_uuid), ())),
            memos=tuple((r.coder, memos[r.coder_uuid]) for r in rows if r.coder_uuid in memos),
            resolution=resolution,
        )


def queue_variables(codebook: Codebook, variable: str | None) -> list[Variable]:
    """The variables the queue covers: the current codebook, or the one named (else UserError)."""
    if variable is None:
        return list(codebook)
    chosen = codebook.get(variable)
    if chosen is None:
        raise UserError(f"no variable named '{variable}' in the current codebook")
    return [chosen]


def disagreements(
    project: Project,
    *,
    variable: str | None = None,
    unresolved_only: bool = False,
    sort: Sequence[str] = ("variable", "document"),
    progress: Callable[[int, int], None] | None = None,
) -> list[Disagreement]:
    """The queue of an open project file, read a document at a time: ``variable`` keeps one variable
    (by name), ``sort`` names keys of :data:`SORT_KEYS`. ``progress(done, total)`` is called after
    each document (the GUI reads the queue in a worker and stops it there when asked)."""
    check_sort(sort)
    with open_stream(project) as stream:
        variables = queue_variables(stream.outline.codebook, variable)
        queue = DocumentQueue(stream.outline, variables, stream.context)
        items: list[Disagreement] = []
        total = len(stream.outline.documents)
        for done, doc in enumerate(stream.documents(), 1):
            items += queue.items(doc, unresolved_only=unresolved_only)
            if progress is not None:
                progress(done, total)
    return sorted_queue(items, sort)
