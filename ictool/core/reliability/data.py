"""Reliability data as integer-coded observations: the one shape every statistic here reads.

A reliability matrix in Krippendorff's orientation (rows = coders, columns = units) is mostly empty
in real projects (overlap samples, missing codes), and a units × values table is quadratic in the
worst case. So the data are kept as three parallel integer arrays — unit, coder, value index — one
entry per value actually recorded. Everything downstream (coincidences, kappas, subsets of coders)
is sorting and counting on these arrays, which keeps memory linear in the number of values.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from ictool.core.codebook.model import Level
from ictool.core.errors import UserError
from ictool.core.reliability.distinct import count_distinct, distinct, distinct_inverse
from ictool.core.reliability.values import ValueKey, as_level, domain_for, is_missing, key_label, value_key

IntArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class ReliabilityData:
    """Coded observations of one variable: ``value[i]`` given by ``coder[i]`` to ``unit[i]``.

    ``domain`` lists the value keys in their order (the explicit order, or sorted); ``value`` indexes
    it. ``numbers`` holds the numeric value of each domain entry where every entry is a number (NaN
    otherwise). Labels keep what the caller called units and coders, for reports.
    """

    level: Level
    unit: IntArray
    coder: IntArray
    value: IntArray
    domain: tuple[ValueKey, ...]
    unit_labels: tuple[Hashable, ...]
    coder_labels: tuple[Hashable, ...]
    numbers: FloatArray = field(repr=False)
    #: How many values the caller gave that were missing (None/NaN); for reports only.
    missing: int = 0
    #: Coders in the data set, including any whose values are all missing (KALPHA's "judges").
    coder_count: int = -1

    def __post_init__(self) -> None:
        if self.coder_count < 0:
            object.__setattr__(self, "coder_count", len(self.coder_labels))

    @cached_property
    def labels(self) -> tuple[Hashable, ...]:
        """The domain as people read it (``1`` rather than ``(0, 1.0)``)."""
        return tuple(key_label(k) for k in self.domain)

    @property
    def active_coders(self) -> IntArray:
        """Indices of coders who recorded at least one value."""
        return distinct(self.coder)

    def with_coders(self, coders: Iterable[int]) -> ReliabilityData:
        """Only the values of the given coder indices (for pairwise and leave-one-out alpha)."""
        chosen = np.fromiter(coders, dtype=np.intp)
        wanted = np.zeros(len(self.coder_labels), dtype=bool)
        wanted[chosen] = True
        keep = wanted[self.coder]
        return ReliabilityData(
            level=self.level,
            unit=self.unit[keep],
            coder=self.coder[keep],
            value=self.value[keep],
            domain=self.domain,
            unit_labels=self.unit_labels,
            coder_labels=self.coder_labels,
            numbers=self.numbers,
            missing=self.missing,
            coder_count=len(chosen),
        )


def _numbers(domain: Sequence[ValueKey]) -> FloatArray:
    return np.array([k[1] if k[0] == 0 else np.nan for k in domain], dtype=np.float64)


def from_codes(
    level: Level,
    unit: IntArray,
    coder: IntArray,
    keys: Sequence[ValueKey],
    key_index: IntArray,
    order: Sequence[object] | None,
    unit_labels: tuple[Hashable, ...],
    coder_labels: tuple[Hashable, ...],
    missing: int = 0,
    *,
    coder_count: int = -1,
) -> ReliabilityData:
    """Reliability data from already indexed observations: observation i has value ``keys[key_index[i]]``.

    For callers that index units and coders themselves (the project report); ``keys`` are distinct
    value keys, mapped here onto the level's ordered domain (which checks them, as everywhere else).
    ``coder_count`` is the number of coders of this data set when the labels list more (default: all).
    """
    domain = domain_for(level, keys, order)
    position = {k: i for i, k in enumerate(domain)}
    remap = np.array([position[k] for k in keys], dtype=np.intp)
    value = remap[key_index] if len(key_index) else np.zeros(0, dtype=np.intp)
    return ReliabilityData(
        level,
        unit,
        coder,
        value,
        tuple(domain),
        unit_labels,
        coder_labels,
        _numbers(domain),
        missing,
        coder_count,
    )


def from_matrix(
    matrix: npt.ArrayLike,
    level: Level | str = Level.NOMINAL,
    *,
    order: Sequence[object] | None = None,
    coders: Sequence[Hashable] | None = None,
    units: Sequence[Hashable] | None = None,
) -> ReliabilityData:
    """Reliability data from a matrix in Krippendorff's orientation: rows = coders, columns = units.

    None, NaN and ``pd.NA`` are missing. A numeric array takes a vectorised path (no Python loop per
    cell), which is what keeps 100,000 × 5 matrices fast; object arrays are read cell by cell.
    """
    lvl = as_level(level)
    arr = np.asarray(matrix, dtype=object if _is_ragged_or_text(matrix) else None)
    if arr.ndim != 2:
        raise UserError("reliability data must be a two-dimensional table (rows = coders, columns = units)")
    n_coders, n_units = arr.shape
    coder_labels = tuple(coders) if coders is not None else tuple(range(n_coders))
    unit_labels = tuple(units) if units is not None else tuple(range(n_units))
    if len(coder_labels) != n_coders or len(unit_labels) != n_units:
        raise UserError("the number of coder or unit labels does not match the data")
    if arr.dtype.kind in "iuf":
        values = arr.astype(np.float64, copy=False)
        present = ~np.isnan(values)
        if np.isinf(values[present]).any():
            raise UserError("the data contain an infinite number")
        coder_idx, unit_idx = np.nonzero(present)
        uniques, inverse = distinct_inverse(values[present])
        keys = [(0, float(u)) for u in uniques]
        return from_codes(
            lvl,
            unit_idx.astype(np.intp),
            coder_idx.astype(np.intp),
            keys,
            inverse,
            order,
            unit_labels,
            coder_labels,
            int((~present).sum()),
        )
    records = ((u, c, arr[c, u]) for c in range(n_coders) for u in range(n_units))
    return _from_records(lvl, records, order, unit_labels, coder_labels, by_index=True)


def _is_ragged_or_text(matrix: npt.ArrayLike) -> bool:
    """Lists that mix None with numbers must stay objects (numpy would refuse or stringify them)."""
    if isinstance(matrix, np.ndarray):
        return False
    try:
        arr = np.asarray(matrix)
    except ValueError:
        return True
    return arr.dtype.kind not in "iufb"


def from_long(
    records: Iterable[tuple[Hashable, Hashable, object]],
    level: Level | str = Level.NOMINAL,
    *,
    order: Sequence[object] | None = None,
) -> ReliabilityData:
    """Reliability data from ``(unit, coder, value)`` triples; a repeated (unit, coder) is refused."""
    return _from_records(as_level(level), records, order, None, None, by_index=False)


def _from_records(
    level: Level,
    records: Iterable[tuple[Hashable, Hashable, object]],
    order: Sequence[object] | None,
    unit_labels: tuple[Hashable, ...] | None,
    coder_labels: tuple[Hashable, ...] | None,
    *,
    by_index: bool,
) -> ReliabilityData:
    units: dict[Hashable, int] = {}
    coders: dict[Hashable, int] = {}
    keys: dict[ValueKey, int] = {}
    unit_idx: list[int] = []
    coder_idx: list[int] = []
    key_idx: list[int] = []
    missing = 0
    for unit, coder, raw in records:
        u = unit if by_index else units.setdefault(unit, len(units))
        c = coder if by_index else coders.setdefault(coder, len(coders))
        if is_missing(raw):
            missing += 1
            continue
        unit_idx.append(u)  # type: ignore[arg-type]
        coder_idx.append(c)  # type: ignore[arg-type]
        key_idx.append(keys.setdefault(value_key(raw), len(keys)))
    u_arr = np.array(unit_idx, dtype=np.intp)
    c_arr = np.array(coder_idx, dtype=np.intp)
    if not by_index:
        unit_labels, coder_labels = tuple(units), tuple(coders)
        if len(u_arr):
            pair = u_arr * len(coders) + c_arr
            if count_distinct(pair) != len(pair):
                raise UserError("a coder has more than one value for the same unit")
    assert unit_labels is not None and coder_labels is not None
    return from_codes(
        level,
        u_arr,
        c_arr,
        list(keys),
        np.array(key_idx, dtype=np.intp),
        order,
        unit_labels,
        coder_labels,
        missing,
    )
