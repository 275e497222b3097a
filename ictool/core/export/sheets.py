"""The data tables of an export as plain rows, shared by the xlsx, CSV and SPSS writers.

Why plain rows: the writers differ only in how a cell is written (string cell, quoted CSV field,
SPSS value), never in *what* is written, so the column names, the order of rows and the reading of
each value are decided once, here. Where a table can be large (the long Codings table of a big
project has hundreds of thousands of rows) its rows are made a document at a time, as the project is
read (:class:`~ictool.core.reconcile.stream.DocumentStream`), and handed on to the writer, so nothing
holds the whole table.

Final-dataset columns are named for statistics software: ``document``, then one column per variable
named by the variable (SPSS/R/Stata-safe by the codebook rules), and for a multi-select variable one
0/1 column per option named ``variable_code`` (a negative code ``-1`` becomes ``m1``, characters other
than letters, digits and ``_`` become ``_``; a clash gets ``_2``). Options retired from the codebook get
a column only if some final value still uses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import TypeVar

from ictool.core.codebook.model import Code, Kind, Value, Variable
from ictool.core.codebook.names import NAME_MAX_LENGTH
from ictool.core.codebook.values import encode_value, format_value
from ictool.core.export.cells import UNRESOLVED, CellValue
from ictool.core.reconcile.final import CellStatus, FinalCell, FinalDataset, exact_key
from ictool.core.reconcile.stream import DocumentCells, Outline
from ictool.core.records import Evidence, Memo

__all__ = [
    "CODINGS_HEADER",
    "CodingsRows",
    "FinalColumn",
    "Table",
    "coded_cell",
    "evidence_table",
    "final_cells",
    "final_columns",
    "final_header",
    "final_table",
    "label_cell",
    "memos_table",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9_]", re.ASCII)


@dataclass(frozen=True, eq=False)
class Table:
    """A sheet: a name, a header row and data rows (a one-shot iterable where it is large)."""

    name: str
    header: tuple[str, ...]
    rows: Iterable[Sequence[CellValue]]
    frozen_columns: int = 0  # besides the header row, columns kept in view (``document`` in Final)


@dataclass(frozen=True)
class FinalColumn:
    """One column of the final dataset: a variable, or one option of a multi-select variable."""

    name: str
    variable: Variable  # with retired categories, so old codes still have their labels
    option: Code | None = None

    @property
    def label(self) -> str:
        base = self.variable.display_label
        return base if self.option is None else f"{base}: {self.variable.label_of(self.option)}"


def _suffix(code: Code) -> str:
    if isinstance(code, int):
        return str(code) if code >= 0 else f"m{-code}"
    return _UNSAFE.sub("_", code)


class _Names:
    """Unique column names, compared ignoring case (SPSS does), at most 64 characters."""

    def __init__(self, reserved: Iterable[str]) -> None:
        self.used = {name.casefold() for name in reserved}

    def take(self, name: str) -> str:
        candidate, n = name[:NAME_MAX_LENGTH], 1
        while candidate.casefold() in self.used:
            n += 1
            tail = f"_{n}"
            candidate = name[: NAME_MAX_LENGTH - len(tail)] + tail
        self.used.add(candidate.casefold())
        return candidate


def final_columns(outline: Outline, final: FinalDataset) -> tuple[tuple[FinalColumn, ...], ...]:
    """For each variable of the final dataset (in order), its column(s)."""
    names = _Names(["document", *(v.name for v in final.variables if v.kind is not Kind.MULTI)])
    out: list[tuple[FinalColumn, ...]] = []
    for index, var in enumerate(final.variables):
        full = outline.full_variable(var.uuid) or var
        if var.kind is not Kind.MULTI:
            # Only a variable called "document" can clash with another plain column.
            name = names.take(var.name) if var.name.casefold() == "document" else var.name
            out.append((FinalColumn(name, full),))
            continue
        used = {code for row in final.rows for code in _codes(row[index].value)}
        active = {c.uuid for c in var.choices}
        codes = [c.code for c in full.choices if c.uuid in active or c.code in used]
        codes += sorted((c for c in used if full.category(c) is None), key=str)
        out.append(tuple(FinalColumn(names.take(f"{var.name}_{_suffix(c)}"), full, c) for c in codes))
    return tuple(out)


def _codes(value: Value | None) -> tuple[Code, ...]:
    return value if isinstance(value, tuple) else ()


def final_cells(cell: FinalCell, columns: Sequence[FinalColumn], labels: bool) -> list[CellValue]:
    """The cell(s) one final value fills: marker when unresolved, empty when not coded."""
    if cell.status is CellStatus.UNRESOLVED:
        return [UNRESOLVED] * len(columns)
    value = cell.value
    if value is None:
        return [None] * len(columns)
    first = columns[0]
    if first.option is not None:
        chosen = set(_codes(value))
        return [1 if col.option in chosen else 0 for col in columns]
    var = first.variable
    if isinstance(value, tuple):
        return [format_value(var, value, labels)]
    if labels and var.kind is Kind.SINGLE and not isinstance(value, float):
        return [var.label_of(value)]
    return [value]


def final_header(columns: Sequence[Sequence[FinalColumn]]) -> tuple[str, ...]:
    return ("document", *(col.name for group in columns for col in group))


def final_table(final: FinalDataset, columns: Sequence[Sequence[FinalColumn]], labels: bool = False) -> Table:
    """Wide: one row per document; codes (or labels with ``labels``); multi-select as 0/1."""

    def rows() -> Iterator[list[CellValue]]:
        for doc, row in zip(final.documents, final.rows, strict=True):
            out: list[CellValue] = [doc.doc_id]
            for cell, group in zip(row, columns, strict=True):
                out.extend(final_cells(cell, group, labels))
            yield out

    return Table("Final", final_header(columns), rows(), frozen_columns=1)


def coded_cell(variable: Variable | None, value: Value) -> CellValue:
    """One coded value in a long table: codes and numbers as they are, multi-select as ``1|3``."""
    if variable is None:
        return encode_value(value)
    if isinstance(value, tuple):
        return format_value(variable, value)
    return value


def label_cell(variable: Variable | None, value: Value) -> CellValue:
    """The label of a categorical value; nothing for numbers and text (the value says it all)."""
    if variable is None or not variable.is_categorical:
        return None
    return format_value(variable, value, labels=True)


CODINGS_HEADER = ("document", "variable", "coder", "value", "label", "updated")


class CodingsRows:
    """The long Codings sheet, a document at a time: every coder's value, retired variables included,
    in variable (codebook), then coder order.

    Code and label of a categorical value are worked out once per distinct value of a variable (a few
    hundred), not once per row (hundreds of thousands).
    """

    def __init__(self, outline: Outline) -> None:
        self.variables = list(outline.full_codebook)
        self._categorical = {v.uuid for v in self.variables if v.is_categorical}
        self._shown: dict[tuple[str, Hashable], tuple[CellValue, CellValue]] = {}

    def _cells(self, var: Variable, value: Value) -> tuple[CellValue, CellValue]:
        if var.uuid not in self._categorical:
            return coded_cell(var, value), None  # numbers and texts: the value, no label
        exact = exact_key(value)
        if exact is None:
            return coded_cell(var, value), label_cell(var, value)
        key = (var.uuid, exact)
        pair = self._shown.get(key)
        if pair is None:
            pair = self._shown[key] = (coded_cell(var, value), label_cell(var, value))
        return pair

    def rows(self, doc: DocumentCells) -> Iterator[tuple[CellValue, ...]]:
        by_variable, doc_id = doc.cells, doc.document.doc_id
        for var in self.variables:
            for r in by_variable.get(var.uuid, ()):
                coded, label = self._cells(var, r.value)
                yield (doc_id, var.name, r.coder, coded, label, r.updated_at)


T = TypeVar("T", Evidence, Memo)


def _by_document(items: Iterable[T], key: Callable[[T], tuple[object, ...]]) -> Iterator[T]:
    """Items that come a document at a time, each document's sorted by ``key`` (a stable sort)."""
    for _, group in groupby(items, key=attrgetter("document_uuid")):
        yield from sorted(group, key=key)


def evidence_table(outline: Outline, evidence: Iterable[Evidence]) -> Table:
    """Every quote: document, variable, coder, then position in the text.

    ``evidence`` must come a document at a time in document order, as
    :meth:`~ictool.core.reconcile.stream.DocumentStream.evidence` streams it; only one document's
    quotes are sorted in memory.
    """
    docs = {d.uuid: d.doc_id for d in outline.documents}
    var_pos, coders = outline.variable_positions, outline.coder_names

    def key(e: Evidence) -> tuple[object, ...]:
        name = coders.get(e.coder_uuid, "").casefold()
        return (var_pos.get(e.variable_uuid, -1), name, e.start, e.end)

    rows = (
        (
            docs.get(e.document_uuid, e.document_uuid),
            _variable_name(outline, e.variable_uuid),
            coders.get(e.coder_uuid, e.coder_uuid),
            e.quote,
            e.start,
            e.end,
        )
        for e in _by_document(evidence, key)
    )
    return Table("Evidence", ("document", "variable", "coder", "quote", "start", "end"), rows)


def memos_table(outline: Outline, memos: Iterable[Memo]) -> Table:
    """Every memo: document, then coder name. ``memos`` come a document at a time, in order."""
    docs = {d.uuid: d.doc_id for d in outline.documents}
    coders = outline.coder_names

    def key(m: Memo) -> tuple[object, ...]:
        return (coders.get(m.coder_uuid, "").casefold(),)

    rows = (
        (docs.get(m.document_uuid, m.document_uuid), coders.get(m.coder_uuid, m.coder_uuid), m.text)
        for m in _by_document(memos, key)
    )
    return Table("Memos", ("document", "coder", "memo"), rows)


def _variable_name(outline: Outline, variable_uuid: str) -> str:
    var = outline.full_variable(variable_uuid)
    return var.name if var is not None else variable_uuid
