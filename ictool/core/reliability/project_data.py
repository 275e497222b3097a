"""From a project's coding rows to one reliability data set per scored variable (or option).

This is where the three kinds of missing data in DESIGN.md ("Missing data") are told apart:
*not coded yet* (no row) is simply absent; a *declared missing code* is dropped from alpha and
counted in ``excluded_missing``; a *substantive* "not mentioned" category is a value like any other.
Values that cannot be read at the variable's level (a code not in the codebook, text in a number
variable) are dropped and counted in ``excluded_invalid`` rather than guessed at. A coder whose values
were all dropped still counts as a coder of the variable.

Units are documents and coders are the coders who coded the variable. Codes are mapped as the level
requires: ordinal choices by their codebook position, interval/ratio choices by their numeric code,
nominal choices by the code itself. A multi-select variable becomes one binary nominal row per
option, ``variable=code``: chosen or not, where a coder who coded the variable but chose nothing has
"not chosen" for every option.

A project holds about 10⁵ coding rows, so they are factorised once (pandas' C hash tables) and only
*distinct* values are converted in Python. ``pd.factorize`` treats ``1`` and ``1.0`` as one value —
as alpha and the disagreement rule do — but would also merge ``True`` with ``1``, which they do not,
so truth values are tagged before factorising.
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import numpy.typing as npt
import pandas as pd

from ictool.core.codebook.disagreement import disagreement_key
from ictool.core.codebook.model import Code, Codebook, Kind, Level, Variable
from ictool.core.errors import UserError
from ictool.core.records import CodingRow
from ictool.core.reliability.data import IntArray, ReliabilityData, from_codes
from ictool.core.reliability.values import ValueKey, value_key

_MISSING = -1  # index of a declared missing code (a value for disagreement, not for alpha)
_INVALID = -2  # index of a value that cannot be read at the variable's level
_BINARY: tuple[ValueKey, ValueKey] = ((0, 0.0), (0, 1.0))


@dataclass(frozen=True, eq=False)
class ScoredRow:
    """One line of the reliability table: a variable, or one option of a multi-select variable."""

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


@dataclass(frozen=True)
class ProjectRows:
    """The scored rows, plus who the coders are (data label coders by UUID; people read names)."""

    rows: tuple[ScoredRow, ...]
    coder_names: dict[str, str]
    coder_documents: dict[str, int]


class _BoolTag(tuple[str, bool]):
    """A truth value wrapped so that factorising does not merge it with 1 or 0."""


class _Codings:
    """All coding rows as integer columns, grouped by variable."""

    def __init__(self, codings: Sequence[CodingRow]) -> None:
        values = list(map(attrgetter("value"), codings))
        if bool in set(map(type, values)):
            values = [_BoolTag(("bool", v)) if type(v) is bool else v for v in values]
        value_codes, uniques = pd.factorize(np.fromiter(values, dtype=object, count=len(values)))
        present = value_codes >= 0  # None / NaN: not coded
        self.values: list[object] = [v[1] if isinstance(v, _BoolTag) else v for v in uniques]
        self.value = value_codes[present].astype(np.intp)
        doc, self.doc_labels = self._factorize(codings, "document_uuid", present)
        coder, coder_labels = self._factorize(codings, "coder_uuid", present)
        var, var_labels = self._factorize(codings, "variable_uuid", present)
        self.doc, self.coder, self.coder_labels = doc, coder, coder_labels
        names = np.fromiter(map(attrgetter("coder"), codings), dtype=object, count=len(codings))[present]
        first = np.unique(coder, return_index=True)[1]
        self.coder_names = {str(coder_labels[coder[i]]): str(names[i]) for i in first}
        touched = np.unique(coder.astype(np.int64) * max(len(self.doc_labels), 1) + doc)
        self.touched_pairs = len(touched)
        per_coder = np.bincount(touched // max(len(self.doc_labels), 1), minlength=len(coder_labels))
        self.coder_documents = {str(label): int(n) for label, n in zip(coder_labels, per_coder, strict=True)}
        order = np.argsort(var, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(var, minlength=len(var_labels)))))
        self.rows_of = {str(u): order[bounds[i] : bounds[i + 1]] for i, u in enumerate(var_labels)}

    @staticmethod
    def _factorize(
        codings: Sequence[CodingRow], name: str, present: npt.NDArray[np.bool_]
    ) -> tuple[IntArray, tuple[Hashable, ...]]:
        column = np.fromiter(map(attrgetter(name), codings), dtype=object, count=len(codings))[present]
        codes, uniques = pd.factorize(column)
        return codes.astype(np.intp), tuple(uniques)


class _Variable:
    """One variable's rows: document and coder indices, raw value indices, disagreements."""

    def __init__(self, variable: Variable, codings: _Codings) -> None:
        self.variable = variable
        self.codings = codings
        rows = codings.rows_of.get(variable.uuid, np.zeros(0, dtype=np.intp))
        self.unit = codings.doc[rows]
        self.coder = codings.coder[rows]
        # raw values of this variable, renumbered 0..k-1 over the distinct ones present
        self.distinct, self.raw = np.unique(codings.value[rows], return_inverse=True)
        self.raw = self.raw.ravel().astype(np.intp)
        self.coders = len(np.unique(self.coder))
        keys = [disagreement_key(variable, codings.values[i]) for i in self.distinct]
        ids: dict[Hashable, int] = {}
        key_ids = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.intp)
        self.disagreements = count_disagreements(self.unit, key_ids[self.raw] if len(keys) else self.raw)
        doc_count = max(len(codings.doc_labels), 1)
        pairs = len(np.unique(self.coder.astype(np.int64) * doc_count + self.unit))
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
                self.codings.doc_labels,
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
    distinct_units = np.unique(units.astype(np.int64) * width + key_ids) // width
    return int(np.count_nonzero(np.bincount(distinct_units) > 1))


def scored_rows(codebook: Codebook, codings: Sequence[CodingRow]) -> ProjectRows:
    """The rows of the reliability table, in codebook order (text variables are not scored)."""
    table = _Codings(codings)
    out: list[ScoredRow] = []
    for variable in codebook:
        if variable.kind is Kind.TEXT:
            continue
        indexed = _Variable(variable, table)
        if variable.kind is Kind.MULTI:
            out.extend(_option_rows(indexed))
        else:
            out.append(_single_row(indexed))
    return ProjectRows(tuple(out), table.coder_names, table.coder_documents)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def _key_or_none(value: object) -> ValueKey | None:
    try:
        return value_key(value)
    except UserError:
        return None


def _single_row(indexed: _Variable) -> ScoredRow:
    variable = indexed.variable
    level = variable.level
    choices = [c.code for c in variable.choices if not variable.is_missing_code(c.code)]
    position = {k: i for i, c in enumerate(choices) if (k := _key_or_none(c)) is not None}
    keys: dict[ValueKey, int] = {}
    per_distinct = []
    for value in indexed.raw_values():
        if variable.is_missing_code(value):
            per_distinct.append(_MISSING)
            continue
        if variable.kind is Kind.NUMBER:
            converted: object = _number(value)
        else:
            key = _key_or_none(value)
            if key is None or key not in position:
                converted = None
            elif level is Level.ORDINAL:
                converted = position[key]  # ordinal choices rank by codebook position
            else:
                converted = value if level is Level.NOMINAL else _number(value)
        level_key = _key_or_none(converted) if converted is not None else None
        per_distinct.append(_INVALID if level_key is None else keys.setdefault(level_key, len(keys)))
    mapping = np.array(per_distinct, dtype=np.intp)
    nominal_choice = variable.kind is Kind.SINGLE and level is Level.NOMINAL
    data, error = indexed.data(level, list(keys), mapping, choices if nominal_choice else None)
    return ScoredRow(
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


def _option_rows(indexed: _Variable) -> list[ScoredRow]:
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
            ScoredRow(
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
