"""Cohen's kappa, Fleiss' kappa and Gwet's AC1 for nominal data, from the same coded observations.

Reviewers still ask for the kappa family next to alpha, so it is computed from the identical data
(the same missing-value handling), each on the units its definition allows:

* **Cohen's kappa** (Cohen 1960): exactly two coders, units both coded. κ = (p_o − p_e) / (1 − p_e)
  with p_e = Σ_k p_{A,k} p_{B,k} from each coder's own marginals.
* **Fleiss' kappa** (Fleiss 1971): the units every coder coded (a constant number r of ratings).
  P_i = (Σ_k n_ik² − r) / (r (r − 1)), p_k = Σ_i n_ik / (N r), κ = (P̄ − Σ p_k²) / (1 − Σ p_k²).
* **Gwet's AC1** (Gwet 2008; multi-rater form with missing ratings from Gwet 2014, Handbook of
  Inter-Rater Reliability, 4th ed., as in his irrCAC package): p_a averages, over units with r_i ≥ 2
  ratings, Σ_k r_ik (r_ik − 1) / (r_i (r_i − 1)); π_k averages r_ik / r_i over all units with at least
  one rating; p_e = Σ_k π_k (1 − π_k) / (q − 1) for q categories. q is the size of the category set
  (codebook choices, or the explicit order), defaulting to the number of distinct values observed.

Each returns None where its definition does not apply (wrong number of coders, no eligible unit,
p_e = 1, fewer than two categories).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ictool.core.reliability.data import ReliabilityData
from ictool.core.reliability.distinct import count_distinct, distinct, distinct_counts, distinct_inverse

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class KappaResult:
    cohen_kappa: float | None
    fleiss_kappa: float | None
    gwet_ac1: float | None


@dataclass(frozen=True, eq=False)
class _UnitCounts:
    """Sparse r_ik: one entry per (unit, value) that occurs, with the unit's total r_i alongside."""

    unit: npt.NDArray[np.intp]  # compact unit index 0..units-1 of each entry
    value: npt.NDArray[np.intp]
    count: FloatArray
    per_unit: FloatArray  # r_i of each compact unit

    @property
    def units(self) -> int:
        return len(self.per_unit)


def _unit_counts(data: ReliabilityData) -> _UnitCounts:
    size = len(data.domain)
    keys, count = distinct_counts(data.unit.astype(np.int64) * size + data.value)
    unit = keys // size
    value = (keys - unit * size).astype(np.intp)
    _, compact = distinct_inverse(unit)
    per_unit = np.bincount(compact, weights=count).astype(np.float64)
    return _UnitCounts(compact, value, count.astype(np.float64), per_unit)


def cohen_kappa(data: ReliabilityData) -> float | None:
    coders = distinct(data.coder)
    if len(coders) != 2:
        return None
    # each coder's value per unit (-1: none); a unit both coded is in the comparison, in unit order
    grid = np.full((2, len(data.unit_labels)), -1, dtype=np.intp)
    grid[(data.coder == coders[1]).astype(np.intp), data.unit] = data.value
    both = (grid >= 0).all(axis=0)
    if not both.any():
        return None
    size = len(data.domain)
    va, vb = grid[0, both], grid[1, both]
    count = len(va)
    observed = float(np.mean(va == vb))
    pa = np.bincount(va, minlength=size) / count
    pb = np.bincount(vb, minlength=size) / count
    expected = float(np.dot(pa, pb))
    return _chance_corrected(observed, expected)


def fleiss_kappa(data: ReliabilityData, counts: _UnitCounts | None = None) -> float | None:
    coders = count_distinct(data.coder)
    if coders < 2:
        return None
    counts = counts or _unit_counts(data)
    complete_unit = counts.per_unit == coders
    entry = complete_unit[counts.unit]
    units = int(complete_unit.sum())
    if units == 0:
        return None
    r = float(coders)
    cnt = counts.count[entry]
    agreement = (float(np.dot(cnt, cnt)) - units * r) / (units * r * (r - 1.0))
    p = np.bincount(counts.value[entry], weights=cnt, minlength=len(data.domain)) / (units * r)
    return _chance_corrected(agreement, float(np.dot(p, p)))


def gwet_ac1(
    data: ReliabilityData, categories: int | None = None, counts: _UnitCounts | None = None
) -> float | None:
    if len(data.value) == 0:
        return None
    counts = counts or _unit_counts(data)
    observed = count_distinct(data.value)
    q = max(len(data.domain) if categories is None else categories, observed)
    if q < 2:
        return None
    r = counts.per_unit
    rated = r >= 2
    if not rated.any():
        return None
    r_entry = r[counts.unit]
    entry = rated[counts.unit]
    same = np.bincount(
        counts.unit[entry], weights=counts.count[entry] * (counts.count[entry] - 1.0), minlength=counts.units
    )[rated]
    agreement = float(np.mean(same / (r[rated] * (r[rated] - 1.0))))
    pi = np.bincount(counts.value, weights=counts.count / r_entry, minlength=len(data.domain)) / counts.units
    chance = float(np.dot(pi, 1.0 - pi)) / (q - 1)
    return _chance_corrected(agreement, chance)


def kappas(data: ReliabilityData, categories: int | None = None) -> KappaResult:
    """All three coefficients (each None where undefined)."""
    if len(data.value) == 0:
        return KappaResult(None, None, None)
    counts = _unit_counts(data)
    return KappaResult(cohen_kappa(data), fleiss_kappa(data, counts), gwet_ac1(data, categories, counts))


def _chance_corrected(observed: float, expected: float) -> float | None:
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)
