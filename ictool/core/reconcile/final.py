"""The final dataset: one value per (document, variable of the current codebook), never guessed.

Rules, in order:

* a resolution by the lead wins → ``resolved`` (even where the coders agree);
* nobody coded it → ``not coded``, no value;
* one coder coded it → that value, ``single-coded``;
* several coders, same value (:func:`~ictool.core.codebook.disagreement.values_disagree` is False)
  → ``agreed``; the value is the first coder's (coders in name order), which is the same value by
  definition;
* several coders who disagree → ``unresolved`` with **no value**: picking one (majority, first coder)
  would silently turn a reliability problem into data.

Text variables are never "in disagreement" (free text differs in every letter), so they need their
own rule: identical texts (exact, after trimming surrounding spaces) are ``agreed``; different texts
are kept *all*, each prefixed with the coders who wrote it — ``[Amira] …`` then ``[Jonas, Lee] …`` on
separate lines — with status ``combined``, so nothing a coder wrote is lost and nobody mistakes the
result for an agreed answer. A resolution replaces the combination as usual.

Retired variables are left out (they are no longer part of the study); their codings stay in the
long Codings export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ictool.core.codebook.disagreement import values_disagree
from ictool.core.codebook.model import Kind, Value, Variable
from ictool.core.reconcile.resolutions import Resolution
from ictool.core.reconcile.stream import DocumentCells, open_stream
from ictool.core.records import CodingRow, DocumentInfo

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = [
    "CellStatus",
    "FinalCell",
    "FinalDataset",
    "FinalRows",
    "exact_key",
    "final_cell",
    "final_dataset",
]

#: Separates the texts of coders who wrote different things for a text variable.
TEXT_SEPARATOR = "\n"


class CellStatus(StrEnum):
    AGREED = "agreed"
    SINGLE = "single-coded"
    RESOLVED = "resolved"
    COMBINED = "combined"
    UNRESOLVED = "unresolved"
    NOT_CODED = "not coded"


@dataclass(frozen=True, slots=True)
class FinalCell:
    """The final value of one (document, variable) and how it was reached; ``value`` is None unless
    the status is agreed, single-coded, resolved or combined."""

    value: Value | None
    status: CellStatus


_NOT_CODED = FinalCell(None, CellStatus.NOT_CODED)
_UNRESOLVED = FinalCell(None, CellStatus.UNRESOLVED)


def final_cell(variable: Variable, rows: Sequence[CodingRow], resolution: Resolution | None) -> FinalCell:
    """Apply the rules of the module docstring to one cell (``rows``: coders in name order)."""
    if resolution is not None:
        return FinalCell(resolution.value, CellStatus.RESOLVED)
    if not rows:
        return _NOT_CODED
    if len(rows) == 1:
        return FinalCell(rows[0].value, CellStatus.SINGLE)
    if variable.kind is Kind.TEXT:
        return _combine_texts(rows)
    if values_disagree(variable, [r.value for r in rows]):
        return _UNRESOLVED
    return FinalCell(rows[0].value, CellStatus.AGREED)


def _combine_texts(rows: Sequence[CodingRow]) -> FinalCell:
    writers: dict[str, list[str]] = {}
    for row in rows:
        writers.setdefault(str(row.value).strip(), []).append(row.coder)
    if len(writers) == 1:
        return FinalCell(rows[0].value, CellStatus.AGREED)
    text = TEXT_SEPARATOR.join(f"[{', '.join(names)}] {text}" for text, names in writers.items())
    return FinalCell(text, CellStatus.COMBINED)


@dataclass(frozen=True, eq=False)
class FinalDataset:
    """Wide: one row per document (project order), one cell per active variable (codebook order)."""

    variables: tuple[Variable, ...]
    documents: tuple[DocumentInfo, ...]
    rows: tuple[tuple[FinalCell, ...], ...]

    def cell(self, document_uuid: str, variable_uuid: str) -> FinalCell:
        row = next(i for i, d in enumerate(self.documents) if d.uuid == document_uuid)
        column = next(i for i, v in enumerate(self.variables) if v.uuid == variable_uuid)
        return self.rows[row][column]

    def status_counts(self) -> Counter[CellStatus]:
        return Counter(cell.status for row in self.rows for cell in row)

    @property
    def unresolved(self) -> int:
        """How many cells have no value because the coders disagree and the lead has not decided."""
        return sum(1 for row in self.rows for cell in row if cell.status is CellStatus.UNRESOLVED)


class FinalRows:
    """Builds the final dataset a document at a time; equal cells are one shared object.

    Why shared: a 1,000-document final dataset has 150,000 cells but only a few hundred distinct
    (value, status) pairs, so the dataset stays a small table of references that an export can keep
    while it streams everything else.
    """

    def __init__(self, variables: Sequence[Variable]) -> None:
        self.variables = tuple(variables)
        self._shared: dict[tuple[CellStatus, Hashable], FinalCell] = {}
        self._documents: list[DocumentInfo] = []
        self._rows: list[tuple[FinalCell, ...]] = []

    def add(self, doc: DocumentCells) -> tuple[FinalCell, ...]:
        """The final cells of one document (kept for :meth:`dataset`, and returned)."""
        cells, resolutions, shared = doc.agreement, doc.resolutions, self._shared
        out = []
        for var in self.variables:
            cell = final_cell(var, cells.get(var.uuid, ()), resolutions.get(var.uuid))
            key = exact_key(cell.value)
            if key is not None:
                cell = shared.setdefault((cell.status, key), cell)
            out.append(cell)
        row = tuple(out)
        self._documents.append(doc.document)
        self._rows.append(row)
        return row

    def dataset(self) -> FinalDataset:
        """The documents added so far, in the order they were added."""
        return FinalDataset(self.variables, tuple(self._documents), tuple(self._rows))

    def read(self, documents: Iterable[DocumentCells]) -> FinalDataset:
        """Add every document, then give the dataset."""
        for doc in documents:
            self.add(doc)
        return self.dataset()


_SHORT_TEXT = 64  # longer texts are free text: not worth a key


def exact_key(value: Value | None) -> Hashable | None:
    """A key equal only for values of the same type and value (``1``, ``1.0`` and ``True`` are equal
    in Python, not here), for sharing work between equal values; None for values not worth it
    (floats, long texts)."""
    cls = value.__class__
    if cls is int or (cls is str and len(value) <= _SHORT_TEXT):  # type: ignore[arg-type]
        return value
    if cls is tuple and all(v.__class__ is int or v.__class__ is str for v in value):  # type: ignore[union-attr]
        return value
    return None


def final_dataset(project: Project) -> FinalDataset:
    """The final dataset of an open project file, read a document at a time."""
    with open_stream(project) as stream:
        return FinalRows(tuple(stream.outline.codebook)).read(stream.documents())
