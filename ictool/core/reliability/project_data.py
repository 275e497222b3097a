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

A project has about 10⁵ coding rows, so conversions are memoised per distinct raw value (keyed with
the value's type: ``True``, ``1`` and ``1.0`` are equal dict keys but not the same code).
"""

from __future__ import annotations

import numbers
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from ictool.core.codebook.model import Code, Codebook, Kind, Level, Variable
from ictool.core.disagreement import disagreement_key
from ictool.core.errors import UserError
from ictool.core.records import CodingRow
from ictool.core.reliability.data import ReliabilityData, from_codes
from ictool.core.reliability.values import ValueKey, value_key

_MISSING = -1  # key index of a value left out of alpha
_DECLARED_MISSING = object()  # what a declared missing code converts to
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


def _memo(convert: Callable[[object], object]) -> Callable[[object], object]:
    cache: dict[tuple[type, object], object] = {}

    def get(value: object) -> object:
        try:
            key = (type(value), value)
            return cache[key]
        except KeyError:
            result = cache[key] = convert(value)
            return result
        except TypeError:  # unhashable (a list from a careless caller): convert every time
            return convert(value)

    return get


def _key_or_none(value: object) -> ValueKey | None:
    try:
        return value_key(value)
    except UserError:
        return None


class _Variable:
    """One variable's rows, indexed: document and coder positions, and the disagreement count."""

    def __init__(self, variable: Variable, rows: Sequence[CodingRow]) -> None:
        self.variable = variable
        self.rows = rows
        docs: dict[str, int] = {}
        coders: dict[str, int] = {}
        self.unit = np.array([docs.setdefault(r.document_uuid, len(docs)) for r in rows], dtype=np.intp)
        self.coder = np.array([coders.setdefault(r.coder_uuid, len(coders)) for r in rows], dtype=np.intp)
        self.unit_labels: tuple[Hashable, ...] = tuple(docs)
        self.coder_labels: tuple[Hashable, ...] = tuple(coders)
        key = _memo(lambda v: disagreement_key(variable, v))  # type: ignore[arg-type]
        self.disagreements = count_disagreements(self.unit, [key(r.value) for r in rows])

    def data(
        self, level: Level, keys: Sequence[ValueKey], key_index: list[int], order: Sequence[object] | None
    ) -> tuple[ReliabilityData | None, str | None]:
        index = np.array(key_index, dtype=np.intp)
        keep = index != _MISSING
        try:
            data = from_codes(level, self.unit[keep], self.coder[keep], keys, index[keep], order,
                              self.unit_labels, self.coder_labels, int((~keep).sum()))  # fmt: skip
        except UserError as exc:
            return None, "; ".join(exc.problems)
        return data, None


def count_disagreements(units: npt.NDArray[np.intp], keys: Sequence[Hashable]) -> int:
    """Documents whose values are not all equal, from per-value disagreement keys.

    Two distinct keys in a document imply two values, so counting documents with more than one
    distinct key is exactly "at least two values and they differ".
    """
    if len(units) == 0:
        return 0
    ids: dict[Hashable, int] = {}
    key_id = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    distinct = np.unique(units.astype(np.int64) * len(ids) + key_id) // len(ids)
    return int(np.count_nonzero(np.bincount(distinct) > 1))


def scored_rows(codebook: Codebook, codings: Sequence[CodingRow]) -> ProjectRows:
    """The rows of the reliability table, in codebook order (text variables are not scored)."""
    by_variable: dict[str, list[CodingRow]] = defaultdict(list)
    touched: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in codings:
        if row.value is None:
            continue
        by_variable[row.variable_uuid].append(row)
        touched[row.coder_uuid].add(row.document_uuid)
        names.setdefault(row.coder_uuid, row.coder)
    out: list[ScoredRow] = []
    for variable in codebook:
        if variable.kind is Kind.TEXT:
            continue
        indexed = _Variable(variable, by_variable.get(variable.uuid, []))
        not_coded = _not_coded(indexed, touched) if touched else None
        if variable.kind is Kind.MULTI:
            out.extend(_option_rows(indexed, not_coded))
        else:
            out.append(_single_row(indexed, not_coded))
    documents = {coder: len(docs) for coder, docs in touched.items()}
    return ProjectRows(tuple(out), names, documents)


def _not_coded(indexed: _Variable, touched: dict[str, set[str]]) -> int:
    """Documents a coder worked on (coded anything in) but left this variable without a value."""
    coded: dict[str, set[str]] = defaultdict(set)
    for r in indexed.rows:
        coded[r.coder_uuid].add(r.document_uuid)
    return sum(len(docs - coded[coder]) for coder, docs in touched.items())


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


def _single_row(indexed: _Variable, not_coded: int | None) -> ScoredRow:
    variable = indexed.variable
    level = variable.level
    choices = [c.code for c in variable.choices if not variable.is_missing_code(c.code)]
    position = {k: i for i, c in enumerate(choices) if (k := _key_or_none(c)) is not None}

    def convert(value: object) -> object:
        """A level value, the missing marker for a declared missing code, or None when unusable."""
        if variable.is_missing_code(value):
            return _DECLARED_MISSING
        if variable.kind is Kind.NUMBER:
            return _number(value)
        key = _key_or_none(value)
        if key is None or key not in position:
            return None
        if level is Level.ORDINAL:
            return position[key]
        return value if level is Level.NOMINAL else _number(value)

    def key_of(value: object) -> object:
        level_value = convert(value)
        if level_value is _DECLARED_MISSING or level_value is None:
            return level_value
        return value_key(level_value)

    converted = _memo(key_of)
    keys: dict[object, int] = {}
    index: list[int] = []
    missing = invalid = 0
    for r in indexed.rows:
        key = converted(r.value)
        if key is _DECLARED_MISSING or key is None:
            missing += key is _DECLARED_MISSING
            invalid += key is None
            index.append(_MISSING)
            continue
        index.append(keys.setdefault(key, len(keys)))
    order: Sequence[object] | None = (
        choices if variable.kind is Kind.SINGLE and level is Level.NOMINAL else None
    )
    data, error = indexed.data(level, list(keys), index, order)  # type: ignore[arg-type]
    categories = len(choices) if variable.kind is Kind.SINGLE else None
    return ScoredRow(variable.name, variable.display_label, variable, None, level, data, error, categories,
                     indexed.disagreements, indexed.disagreements, missing, invalid, not_coded)  # fmt: skip


def _option_rows(indexed: _Variable, not_coded: int | None) -> list[ScoredRow]:
    variable = indexed.variable
    options = [c for c in variable.choices if not variable.is_missing_code(c.code)]

    def chosen_set(value: object) -> frozenset[ValueKey] | None:
        items = value if isinstance(value, tuple | list) else (value,)
        if any(variable.is_missing_code(v) for v in items):
            return None  # a missing code: a value for disagreement, not for alpha
        return frozenset(k for v in items if (k := _key_or_none(v)) is not None)

    chosen = _memo(chosen_set)
    sets = cast("list[frozenset[ValueKey] | None]", [chosen(r.value) for r in indexed.rows])
    missing = sum(1 for s in sets if s is None)
    out = []
    for option in options:
        key = _key_or_none(option.code)
        index = [_MISSING if s is None else int(key in s) for s in sets]
        data, error = indexed.data(Level.NOMINAL, _BINARY, index, [0, 1])
        disagreements = count_disagreements(indexed.unit, index)
        name = f"{variable.name}={option.code}"
        label = f"{variable.display_label}: {option.label or option.code}"
        out.append(ScoredRow(name, label, variable, option.code, Level.NOMINAL, data, error, 2, disagreements,
                             indexed.disagreements, missing, 0, not_coded))  # fmt: skip
    return out
