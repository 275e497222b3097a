"""A project's codings as the reliability report reads them: one data set per scored variable or option.

Why integers: the report needs every value at once (alpha is computed over all documents), but only
who coded which document, variable and value. :class:`ReliabilityInput` holds each coding as four
32-bit integers into small tables of documents, coders, variables and distinct values — 16 bytes per
value instead of a record with its strings (several hundred) — filled a block at a time (one coder's
codings of one document, as arrays), so the project read never makes an object per value, the export
can fill it a document at a time, and the report works on arrays (numpy) rather than objects.

This is where the three kinds of missing data (ARCHITECTURE.md, "Data model") are told apart:
*not coded yet* (no row) is simply absent; a *declared missing code* is dropped from alpha and
counted in ``excluded_missing``; a *substantive* "not mentioned" category is a value like any other.
Values that cannot be read at the variable's level (a code not in the codebook, text in a number
variable) are dropped and counted in ``excluded_invalid`` rather than guessed at. A coder whose values
were all dropped still counts as a coder of the variable.

Units are documents and coders are the coders who coded the variable, both numbered in the order
they first appear in the codings (the bootstrap resamples by these numbers, so the order is part of
the result). Codes are mapped as the level requires: ordinal choices by their codebook position,
interval/ratio choices by their numeric code, nominal choices by the code itself. A multi-select
variable becomes one binary nominal line per option, ``variable=code``: chosen or not, where a coder
who coded the variable but chose nothing has "not chosen" for every option.

Only *distinct* values are converted in Python. Equal numbers are one value (``1`` and ``1.0``), as
alpha and the disagreement rule have it; truth values are not numbers, so they are kept apart.
"""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

import numpy as np
import numpy.typing as npt

from ictool.core.codebook.disagreement import disagreement_key, value_disagreement_key
from ictool.core.codebook.model import Code, Codebook, Kind, Level, Value, Variable
from ictool.core.errors import UserError
from ictool.core.records import CodingRow
from ictool.core.reliability.data import IntArray, ReliabilityData, from_codes
from ictool.core.reliability.distinct import count_distinct, distinct, distinct_inverse
from ictool.core.reliability.values import ValueKey, value_key

__all__ = ["ReliabilityInput", "ScoredLine", "count_disagreements"]

_MISSING = -1  # index of a declared missing code (a value for disagreement, not for alpha)
_INVALID = -2  # index of a value that cannot be read at the variable's level
_BINARY: tuple[ValueKey, ValueKey] = ((0, 0.0), (0, 1.0))
Int32s = npt.NDArray[np.int32]


@dataclass(frozen=True, eq=False)
class ScoredLine:
    """What one line of the reliability report is computed from: a variable, or one option of a
    multi-select variable, with its data set and the counts that qualify it."""

    name: str
    label: str
    variable: Variable
    option: Code | None
    level: Level
    data: ReliabilityData | None
    error: str | None
    categories: int | None
    disagreements: int
    variable_disagreements: int
    excluded_missing: int
    excluded_invalid: int
    not_coded: int | None


class ReliabilityInput:
    """Every coding of a project, as integer columns, for the report on ``codebook``.

    Give the codings at once (``ReliabilityInput(codebook, rows)``) or in turn (:meth:`add`, a
    document at a time); the order matters only as the order in which documents and coders first
    appear. Codings of variables the report does not score (text, or not in ``codebook``) are not
    kept, but they still count for who coded which documents (``not coded`` and the coders' document
    counts).
    """

    def __init__(self, codebook: Codebook, codings: Iterable[CodingRow] = ()) -> None:
        self.codebook = codebook
        scored = [v for v in codebook if v.kind is not Kind.TEXT]
        self._variable_index = {v.uuid: i for i, v in enumerate(scored)}
        self._documents: dict[str, int] = {}
        self._coders: dict[str, int] = {}
        #: Coder uuid → name (the name of its first coding), in order of first appearance.
        self.coder_names: dict[str, str] = {}
        self._value_index: dict[Hashable, int] = {}
        self._values: list[Value] = []  # the distinct values of scored codings, by index
        self._pairs: set[tuple[int, int]] = set()  # (coder, document) with any coding
        # blocks of rows: (document, coder, variable indices, value indices); joined by _arrays
        self._blocks: list[tuple[int, int, Int32s, Int32s]] = []
        self._joined: tuple[Int32s, ...] | None = None
        self.add(codings)

    def add(self, codings: Iterable[CodingRow]) -> None:
        """Append codings; a None or NaN value means not coded and is skipped."""
        variable_index = self._variable_index.get
        for (coder_uuid, document_uuid), rows in groupby(codings, key=itemgetter(0, 2)):
            block = list(rows)
            variables = np.fromiter((variable_index(r[4], -1) for r in block), np.int32, len(block))
            values = np.fromiter(
                (self._index_if(v >= 0, r[5]) for v, r in zip(variables.tolist(), block, strict=True)),
                np.int32,
                len(block),
            )
            self.add_block(coder_uuid, block[0][1], document_uuid, variables, values)

    def _index_if(self, scored: bool, value: Value | None) -> int:
        """The value's index if it is scored; else only whether it is coded (0) or not (-1)."""
        if scored:
            return self.value_index(value)
        return -1 if value is None or (value.__class__ is float and value != value) else 0

    def add_block(
        self, coder_uuid: str, coder: str, document_uuid: str, variables: Int32s, values: Int32s
    ) -> None:
        """Append one coder's codings of one document, already as integers.

        ``variables`` holds :meth:`variable_indices` (-1: a variable the report does not score) and
        ``values`` :meth:`value_index` (-1: not coded). Documents and coders are numbered here, in the
        order of their first block with a coded value; unscored values count for them all the same.
        """
        coded = values >= 0
        if not coded.all():
            variables, values = variables[coded], values[coded]
        if not len(values):
            return
        d = self._documents.setdefault(document_uuid, len(self._documents))
        c = self._coders.get(coder_uuid)
        if c is None:
            c = self._coders[coder_uuid] = len(self._coders)
            self.coder_names[coder_uuid] = coder
        self._pairs.add((c, d))
        scored = variables >= 0
        if not scored.all():
            variables, values = variables[scored], values[scored]
        if len(values):
            self._blocks.append((d, c, variables, values))
            self._joined = None

    def variable_indices(self, uuids: Sequence[str]) -> Int32s:
        """The scored-variable index of each variable uuid (-1 for one the report does not score)."""
        index = self._variable_index.get
        return np.fromiter((index(u, -1) for u in uuids), np.int32, len(uuids))

    def value_index(self, value: Value | None) -> int:
        """The index of ``value`` among the distinct values (-1 for None or NaN: not coded).

        Keyed by value, so 1 and 1.0 are one value; truth values apart (True == 1 in Python).
        """
        if value is None or (value.__class__ is float and value != value):
            return -1
        key = (bool, value) if value.__class__ is bool else value
        x = self._value_index.get(key, -1)
        if x < 0:
            x = self._value_index[key] = len(self._values)
            self._values.append(value)
        return x

    def __len__(self) -> int:
        return sum(len(block[3]) for block in self._blocks)

    @property
    def coder_documents(self) -> dict[str, int]:
        """Coder uuid → how many documents the coder coded anything on (scored or not)."""
        per_coder = Counter(c for c, _ in self._pairs)
        return {uuid: per_coder[c] for uuid, c in self._coders.items()}

    @property
    def line_count(self) -> int:
        """How many lines :meth:`lines` gives (one per scored variable, or per option)."""
        return sum(
            sum(1 for c in v.choices if not v.is_missing_code(c.code)) if v.kind is Kind.MULTI else 1
            for v in self.codebook
            if v.uuid in self._variable_index
        )

    def lines(self) -> Iterator[ScoredLine]:
        """The lines of the reliability report, in codebook order (text variables are not scored).

        Made one variable at a time: a line's data set holds three indices per value, so holding every
        line at once would cost more than the whole input.
        """
        table, variables = self._table()
        order = np.argsort(variables, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(variables, minlength=len(self._variable_index)))))
        for variable in self.codebook:
            index = self._variable_index.get(variable.uuid)
            if index is None:
                continue
            yield from _lines_of(_Variable(variable, table, order[bounds[index] : bounds[index + 1]]))

    def line(self, name: str) -> ScoredLine | None:
        """The line of :meth:`lines` called ``name`` (a variable, or ``variable=code``), or None.

        For a view that shows one variable's diagnostics: it cuts out that variable's rows only
        (the same rows, in the same order, as :meth:`lines`), so its alpha is the report's.
        """
        for variable in self.codebook:
            index = self._variable_index.get(variable.uuid)
            multi = variable.kind is Kind.MULTI
            if index is None or not (
                name.startswith(f"{variable.name}=") if multi else name == variable.name
            ):
                continue
            table, variables = self._table()
            indexed = _Variable(variable, table, np.flatnonzero(variables == index))
            return next((line for line in _lines_of(indexed) if line.name == name), None)
        return None

    def _table(self) -> tuple[_Table, npt.NDArray[np.int32]]:
        """The shared columns, and each value's variable index."""
        documents, coders, variables, values = self._arrays()
        table = _Table(
            document=documents,
            coder=coders,
            value=values,
            values=self._values,
            value_keys=[_key_or_none(v) for v in self._values],
            number_keys=[_number_key(v) for v in self._values],
            plain_keys=[value_disagreement_key(v, multi=False) for v in self._values],
            document_labels=tuple(self._documents),
            coder_labels=tuple(self._coders),
            touched_pairs=len(self._pairs),
        )
        return table, variables

    def _arrays(self) -> tuple[Int32s, ...]:
        """The blocks as four columns: document, coder, variable, value (made once, then kept)."""
        if self._joined is None:
            blocks = self._blocks
            sizes = np.fromiter((len(b[3]) for b in blocks), np.intp, len(blocks))
            self._joined = (
                np.repeat(np.fromiter((b[0] for b in blocks), np.int32, len(blocks)), sizes),
                np.repeat(np.fromiter((b[1] for b in blocks), np.int32, len(blocks)), sizes),
                np.concatenate([b[2] for b in blocks]).astype(np.int32, copy=False)
                if blocks
                else np.empty(0, np.int32),
                np.concatenate([b[3] for b in blocks]).astype(np.int32, copy=False)
                if blocks
                else np.empty(0, np.int32),
            )
        return self._joined


@dataclass(frozen=True, eq=False)
class _Table:
    """The columns every variable's data set is cut from, and the project-wide facts they share."""

    document: npt.NDArray[np.int32]
    coder: npt.NDArray[np.int32]
    value: npt.NDArray[np.int32]
    values: Sequence[Value]  # the distinct values, by index
    # what each distinct value's loop would otherwise work out once per variable it occurs in:
    value_keys: Sequence[ValueKey | None]  # its ``value_key`` (None: not a value alpha can use)
    number_keys: Sequence[ValueKey | None]  # the key of it as a number (None: it is not one)
    plain_keys: Sequence[Hashable]  # its ``disagreement_key`` for a variable that is not multi-select
    document_labels: tuple[Hashable, ...]
    coder_labels: tuple[Hashable, ...]
    touched_pairs: int


class _Variable:
    """One variable's rows: document and coder indices, raw value indices, disagreements."""

    def __init__(self, variable: Variable, codings: _Table, rows: IntArray) -> None:
        self.variable = variable
        self.codings = codings
        self.unit = codings.document[rows].astype(np.intp)
        self.coder = codings.coder[rows].astype(np.intp)
        # raw values of this variable, renumbered 0..k-1 over the distinct ones present
        self.distinct, self.raw = distinct_inverse(codings.value[rows])
        self.coders = count_distinct(self.coder)
        if variable.kind is Kind.MULTI:
            keys = [disagreement_key(variable, codings.values[i]) for i in self.distinct]
        else:
            keys = [codings.plain_keys[i] for i in self.distinct.tolist()]
        ids: dict[Hashable, int] = {}
        key_ids = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.intp)
        self.disagreements = count_disagreements(self.unit, key_ids[self.raw] if len(keys) else self.raw)
        doc_count = max(len(codings.document_labels), 1)
        pairs = count_distinct(self.coder.astype(np.int64) * doc_count + self.unit)
        self.not_coded = codings.touched_pairs - pairs

    def raw_values(self) -> list[object]:
        return [self.codings.values[i] for i in self.distinct]

    def data(
        self, level: Level, keys: Sequence[ValueKey], per_distinct: IntArray, order: Sequence[object] | None
    ) -> tuple[ReliabilityData | None, str | None]:
        """Data set from a key index per distinct raw value (or _MISSING / _INVALID)."""
        index = per_distinct[self.raw] if len(per_distinct) else self.raw
        keep = index >= 0
        try:
            data = from_codes(
                level,
                self.unit[keep],
                self.coder[keep],
                keys,
                index[keep],
                order,
                self.codings.document_labels,
                self.codings.coder_labels,
                int((~keep).sum()),
                coder_count=self.coders,
            )
        except UserError as exc:
            return None, "; ".join(exc.problems)
        return data, None

    def count(self, per_distinct: IntArray, marker: int) -> int:
        """Values (rows) whose distinct raw value maps to ``marker``."""
        return int(np.count_nonzero(per_distinct[self.raw] == marker)) if len(per_distinct) else 0


def count_disagreements(units: IntArray, key_ids: IntArray) -> int:
    """Documents with more than one distinct disagreement key (i.e. two values that differ)."""
    if len(units) == 0:
        return 0
    width = int(key_ids.max()) + 1
    distinct_units = distinct(units.astype(np.int64) * width + key_ids) // width
    return int(np.count_nonzero(np.bincount(distinct_units) > 1))


def _number(value: object) -> float | None:
    if type(value) is int or type(value) is float:  # the common kinds, without the abstract-class check
        return float(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def _number_key(value: object) -> ValueKey | None:
    number = _number(value)
    return None if number is None else _key_or_none(number)


def _key_or_none(value: object) -> ValueKey | None:
    try:
        return value_key(value)
    except UserError:
        return None


def _lines_of(indexed: _Variable) -> list[ScoredLine]:
    return _option_lines(indexed) if indexed.variable.kind is Kind.MULTI else [_single_line(indexed)]


def _single_line(indexed: _Variable) -> ScoredLine:
    variable = indexed.variable
    level = variable.level
    choices = [c.code for c in variable.choices if not variable.is_missing_code(c.code)]
    position = {k: i for i, c in enumerate(choices) if (k := _key_or_none(c)) is not None}
    keys: dict[ValueKey, int] = {}
    per_distinct = []
    number = variable.kind is Kind.NUMBER
    values, value_keys, number_keys = (
        indexed.codings.values,
        indexed.codings.value_keys,
        indexed.codings.number_keys,
    )
    for i in indexed.distinct.tolist():
        value = values[i]
        if variable.is_missing_code(value):
            per_distinct.append(_MISSING)
            continue
        level_key: ValueKey | None
        if number:
            level_key = number_keys[i]
        else:
            key = value_keys[i]
            if key is None or key not in position:
                level_key = None
            elif level is Level.ORDINAL:
                level_key = (0, float(position[key]))  # ordinal choices rank by codebook position
            elif level is Level.NOMINAL:
                level_key = key
            else:
                level_key = number_keys[i]
        per_distinct.append(_INVALID if level_key is None else keys.setdefault(level_key, len(keys)))
    mapping = np.array(per_distinct, dtype=np.intp)
    nominal_choice = variable.kind is Kind.SINGLE and level is Level.NOMINAL
    data, error = indexed.data(level, list(keys), mapping, choices if nominal_choice else None)
    return ScoredLine(
        variable.name,
        variable.display_label,
        variable,
        None,
        level,
        data,
        error,
        len(choices) if variable.kind is Kind.SINGLE else None,
        indexed.disagreements,
        indexed.disagreements,
        indexed.count(mapping, _MISSING),
        indexed.count(mapping, _INVALID),
        indexed.not_coded,
    )


def _option_lines(indexed: _Variable) -> list[ScoredLine]:
    variable = indexed.variable
    options = [c for c in variable.choices if not variable.is_missing_code(c.code)]
    chosen: list[frozenset[ValueKey] | None] = []
    for value in indexed.raw_values():
        items = value if isinstance(value, tuple | list) else (value,)
        if any(variable.is_missing_code(v) for v in items):
            chosen.append(None)  # a missing code: a value for disagreement, not for alpha
        else:
            chosen.append(frozenset(k for v in items if (k := _key_or_none(v)) is not None))
    missing = indexed.count(np.array([_MISSING if s is None else 0 for s in chosen], dtype=np.intp), _MISSING)
    out = []
    for option in options:
        key = _key_or_none(option.code)
        mapping = np.array([_MISSING if s is None else int(key in s) for s in chosen], dtype=np.intp)
        data, error = indexed.data(Level.NOMINAL, _BINARY, mapping, [0, 1])
        per_row = mapping[indexed.raw] if len(mapping) else indexed.raw
        disagreements = count_disagreements(indexed.unit, per_row + 1)  # shift: ids must be ≥ 0
        name = f"{variable.name}={option.code}"
        label = f"{variable.display_label}: {option.label or option.code}"
        out.append(
            ScoredLine(
                name,
                label,
                variable,
                option.code,
                Level.NOMINAL,
                data,
                error,
                2,
                disagreements,
                indexed.disagreements,
                missing,
                0,
                indexed.not_coded,
            )
        )
    return out
