"""Coincidence matrices of reliability data, built sparse or from a small dense count table.

A unit u with m_u ≥ 2 values adds n_uc · (n_uk − [c = k]) / (m_u − 1) to o_ck (Krippendorff 2011),
where n_uc counts value c in unit u. Two exact constructions produce the same cells:

* **sparse** (any domain size): the (unit, value) counts are sorted, and within each unit every
  distinct value is paired with the later ones — work Σ_u k_u (k_u − 1) / 2 for k_u distinct values,
  memory linear in the values recorded. 10,000 distinct values cost nothing extra.
* **dense** (at most :data:`DENSE_VALUES` values and a small units × values table): one ``bincount``
  gives the counts C (units × values) and o = (C·w)ᵀ C with w_u = 1 / (m_u − 1), a handful of numpy
  calls instead of dozens. This is what keeps a 150-variable project report fast.

In both, the diagonal is computed as Σ_u w_u n_uc (n_uc − 1), a sum of non-negative terms, so a cell
that should be empty is exactly 0.0 (the bootstrap counts non-empty cells; a rounding residue of a
subtraction would change its number of draws).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ictool.core.reliability.data import FloatArray, IntArray, ReliabilityData
from ictool.core.reliability.distinct import distinct_counts, distinct_inverse

DENSE_VALUES = 64
_DENSE_CELLS = 1 << 20


@dataclass(frozen=True, eq=False)
class Coincidences:
    """The non-empty cells of the upper triangle (c ≤ k) of the coincidence matrix.

    The matrix is symmetric, so ``counts[i]`` is o_ck = o_kc of the cell (``rows[i]``, ``cols[i]``);
    ``delta[i]`` is its δ²_ck. ``totals`` are the n_c over the whole value domain. This is all the
    bootstrap needs.
    """

    rows: IntArray
    cols: IntArray
    counts: FloatArray
    delta: FloatArray
    totals: FloatArray
    #: lcm of the (m_u − 1) of the pairable units: every o_ck · scale is a whole number (0 if unknown).
    scale: int = 0

    @property
    def nonzero_cells(self) -> int:
        """Non-empty cells of the *full* matrix (off-diagonal cells count twice), KALPHA's q."""
        off = int(np.count_nonzero(self.rows != self.cols))
        return 2 * off + (len(self.rows) - off)

    def dense(self) -> FloatArray:
        """The full V × V matrix, for display and tests on small domains only."""
        size = len(self.totals)
        out = np.zeros((size, size))
        out[self.rows, self.cols] = self.counts
        out[self.cols, self.rows] = self.counts
        return out


@dataclass(frozen=True, eq=False)
class Tabulation:
    """Coincidence cells (without δ yet) and the counts alpha reports next to them."""

    rows: IntArray
    cols: IntArray
    counts: FloatArray
    totals: FloatArray
    units: int  # pairable units
    values: float  # n, the pairable values
    all_pairs: float  # Σ_u m_u (m_u − 1): ordered pairs of values within pairable units
    same_pairs: float  # Σ_u Σ_c n_uc (n_uc − 1): the agreeing ones
    scale: int


def tabulate(data: ReliabilityData) -> Tabulation | None:
    """The coincidences of ``data``, or None when no unit has two values."""
    size = len(data.domain)
    if size <= DENSE_VALUES and len(data.unit_labels) * size <= _DENSE_CELLS:
        return _dense(data, size)
    return _sparse(data, size)


def _scale(m_u: npt.NDArray[np.int64]) -> int:
    """lcm of the distinct m_u − 1 (m_u are small whole numbers: the coders of a unit)."""
    return math.lcm(*(int(m) - 1 for m in np.flatnonzero(np.bincount(m_u))))


@lru_cache(maxsize=DENSE_VALUES)
def _upper(size: int) -> tuple[IntArray, IntArray]:
    rows, cols = np.triu_indices(size)
    return rows.astype(np.intp), cols.astype(np.intp)


def _dense(data: ReliabilityData, size: int) -> Tabulation | None:
    units = len(data.unit_labels)
    m_all = np.bincount(data.unit, minlength=units)
    pairable = m_all >= 2
    if not pairable.any():
        return None
    # all units stay in the table; weight 0 leaves out those with fewer than two values
    counts = np.bincount(data.unit * size + data.value, minlength=units * size).reshape(units, size)
    counts = counts.astype(np.float64)
    weight = np.zeros(units)
    np.divide(1.0, m_all - 1.0, out=weight, where=pairable)
    same = counts * (counts - 1.0)  # 0 in units with a single value
    matrix = (counts * weight[:, np.newaxis]).T @ counts
    matrix[np.diag_indices(size)] = weight @ same
    m_u = m_all[pairable]
    upper_rows, upper_cols = _upper(size)
    upper = matrix[upper_rows, upper_cols]
    filled = upper != 0.0
    return Tabulation(
        upper_rows[filled],
        upper_cols[filled],
        upper[filled],
        pairable.astype(np.float64) @ counts,
        len(m_u),
        float(m_u.sum()),
        float(np.dot(m_u, m_u - 1)),
        float(same.sum()),
        _scale(m_u),
    )


def _sparse(data: ReliabilityData, size: int) -> Tabulation | None:
    unit_value, count = distinct_counts(data.unit.astype(np.int64) * size + data.value)
    unit_of = unit_value // size
    value_of = (unit_value - unit_of * size).astype(np.intp)
    starts = np.flatnonzero(np.concatenate(([True], unit_of[1:] != unit_of[:-1])))
    per_unit = np.add.reduceat(count, starts)  # m_u
    distinct = np.diff(np.append(starts, len(unit_of)))  # k_u, distinct values in u
    pairable = per_unit >= 2
    if not pairable.any():
        return None
    keep = np.repeat(pairable, distinct)
    cnt = count[keep].astype(np.float64)
    val = value_of[keep]
    m_int = per_unit[pairable]
    m_u = m_int.astype(np.float64)
    k_u = distinct[pairable]
    inv = np.repeat(1.0 / (m_u - 1.0), k_u)
    diag = np.bincount(val, weights=cnt * (cnt - 1.0) * inv, minlength=size)
    diag_idx = np.flatnonzero(diag)
    # pair each distinct value of a unit with the later ones: entry i has k_u - 1 - (position in unit)
    block_start = np.repeat(np.cumsum(k_u) - k_u, k_u)
    later = np.repeat(k_u, k_u) - 1 - (np.arange(len(val)) - block_start)
    left = np.repeat(np.arange(len(val)), later)
    right = left + 1 + (np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later))
    cell_key, where = distinct_inverse(val[left].astype(np.int64) * size + val[right])
    off = np.bincount(where, weights=cnt[left] * cnt[right] * inv[left], minlength=len(cell_key))
    return Tabulation(
        np.concatenate((diag_idx, cell_key // size)).astype(np.intp),
        np.concatenate((diag_idx, cell_key % size)).astype(np.intp),
        np.concatenate((diag[diag_idx], off)).astype(np.float64),
        np.bincount(val, weights=cnt, minlength=size).astype(np.float64),
        int(pairable.sum()),
        float(m_u.sum()),
        float(np.dot(m_u, m_u - 1.0)),
        float(np.dot(cnt, cnt - 1.0)),
        _scale(m_int),
    )
