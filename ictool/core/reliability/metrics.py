"""Krippendorff's squared difference functions δ²_ck, evaluated only where they are needed.

Two sums need δ²: over the non-empty coincidence cells (observed disagreement) and over all pairs of
values weighted by their marginal frequencies (expected disagreement). The first is sparse by nature.
The second is a V × V sum, which for 10,000 distinct interval values would be 10⁸ terms; it has
closed forms for three of the four levels, so only ratio data pay for the double sum, and then in
bounded blocks.

Ordinal data use Krippendorff's rank metric on the marginal frequencies n_g of the pairable values::

    δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²

which equals (r_k − r_c)² for the mid-ranks r_c = Σ_{g<c} n_g + n_c / 2. Ordinal alpha is therefore
interval alpha on mid-ranks, and shares its closed form. Interval: (c − k)². Ratio: ((c − k)/(c + k))²,
with 0 for the pair (0, 0). Nominal: 1 when c ≠ k.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ictool.core.codebook.model import Level

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Largest block of the ratio double sum held in memory at once (values × values entries).
_RATIO_BLOCK = 1 << 22


def positions(level: Level, totals: FloatArray, numbers: FloatArray) -> FloatArray:
    """The coordinate each domain value has under the metric: numbers, or mid-ranks for ordinal."""
    if level is Level.ORDINAL:
        return np.asarray(np.cumsum(totals) - totals / 2.0, dtype=np.float64)
    return numbers


def cell_distances(level: Level, rows: IntArray, cols: IntArray, coords: FloatArray) -> FloatArray:
    """δ²_ck for each listed cell (``rows[i]``, ``cols[i]``) of the coincidence matrix."""
    if level is Level.NOMINAL:
        return np.asarray(rows != cols, dtype=np.float64)
    a = coords[rows]
    b = coords[cols]
    if level is Level.RATIO:
        total = a + b
        ratio = np.divide(a - b, total, out=np.zeros_like(total), where=total != 0)
        return np.asarray(ratio * ratio, dtype=np.float64)
    diff = a - b
    return np.asarray(diff * diff, dtype=np.float64)


def expected_pair_sum(level: Level, totals: FloatArray, coords: FloatArray) -> float:
    """Σ_c Σ_k n_c n_k δ²_ck over the marginal frequencies ``totals`` (n_c) of the pairable values.

    Divided by n(n − 1) it is the expected disagreement D_e. For squared differences the double sum
    is 2n Σ n_c (x_c − x̄)²; centring before squaring avoids the cancellation of the textbook
    ``n Σ n x² − (Σ n x)²`` form for large values.
    """
    used = totals > 0
    n_c = totals[used]
    n = float(n_c.sum())
    if level is Level.NOMINAL:
        return float(n * n - np.dot(n_c, n_c))
    x = coords[used]
    if level is Level.RATIO:
        return _ratio_pair_sum(n_c, x)
    mean = float(np.dot(n_c, x)) / n
    centred = x - mean
    return float(2.0 * n * np.dot(n_c, centred * centred))


def _ratio_pair_sum(n_c: FloatArray, x: FloatArray) -> float:
    """The ratio double sum in blocks of rows, so memory stays bounded for many distinct values."""
    size = len(x)
    step = max(1, _RATIO_BLOCK // max(size, 1))
    total = 0.0
    for start in range(0, size, step):
        a = x[start : start + step, np.newaxis]
        s = a + x[np.newaxis, :]
        r = np.divide(a - x[np.newaxis, :], s, out=np.zeros_like(s), where=s != 0)
        total += float(n_c[start : start + step] @ (r * r) @ n_c)
    return total
