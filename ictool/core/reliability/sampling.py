"""Exact, fast sums of M draws from a discrete distribution, for R bootstrap replicates at once.

The bootstrap needs, per replicate, S = Σ_{i=1..M} δ(X_i) with X_i drawn independently with
probabilities p over coincidence cells. Only S matters, so cells with equal δ are merged first
(nominal data collapse to two groups: agree / disagree). Three exact samplers then cover the cases,
chosen by cost, never by approximation:

* **multinomial** — counts over G groups per replicate (``Generator.multinomial``), O(R · G); best
  when there are few distinct δ (nominal, ordinal, interval with small ranges).
  Otherwise the two per-draw samplers below are used, O(R · M · (1 − p₀)) (see :class:`DeltaSampler`).
* **slots** — when every probability is an integer multiple of 1/T (coincidences are sums of
  1/(m_u − 1), so T = n · lcm(m_u − 1) when that is small), a uniform integer in [0, T) indexes a
  table of T δ-values: the probabilities are then represented *exactly*, O(R · M).
* **guide table** — otherwise, inversion of the cumulative distribution with a guide table of K
  equal slots of [0, 1); draws landing in the few slots that straddle a boundary are resolved by
  binary search, so the result is exactly inverse-CDF sampling (what KALPHA does), O(R · M).

Per-draw samplers work on blocks of about 2¹⁶ draws so that the temporaries stay in cache; block
sizes depend only on M, so results are reproducible for a given seed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ictool.core.reliability.distinct import distinct_inverse

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: Largest slot table (entries) the exact integer sampler builds.
MAX_SLOTS = 1 << 20
_BLOCK_DRAWS = 1 << 16
#: One multinomial category costs about as much as 10 individual draws (measured on numpy 2), and
#: per-draw sampling has a fixed cost of about 25 categories per replicate.
_DRAWS_PER_CATEGORY = 10
_PER_DRAW_OVERHEAD = 25


def block_rows(draws: int) -> int:
    """Replicates per block: about 2¹⁶ draws, so a block's temporaries fit in cache."""
    return max(1, _BLOCK_DRAWS // max(draws, 1))


def merge_equal(values: FloatArray, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Sum the weights of entries with identical values (the draws' sum only sees the value)."""
    keep = weights > 0
    uniq, where = distinct_inverse(values[keep])
    merged = np.bincount(where, weights=weights[keep], minlength=len(uniq)).astype(np.float64)
    return uniq, merged


class DeltaSampler:
    """Draws R × M values with the given probabilities and returns the R row sums, exactly.

    ``slot_weights`` are integer weights proportional to the probabilities (or None when the
    probabilities are not known to be rational with a small denominator).

    Per-draw samplers skip the agreeing pairs: the number of draws with δ > 0 in a replicate is
    Binomial(M, 1 − p₀) (p₀: probability of δ = 0, the diagonal), and given that number those draws
    are independent draws from the distribution restricted to δ > 0. Only they are sampled, so
    reliable data (large p₀) cost little.
    """

    def __init__(
        self, values: FloatArray, probabilities: FloatArray, draws: int, slot_weights: FloatArray | None
    ):
        self.draws = draws
        self.values, probs = merge_equal(values, probabilities)
        self.probabilities = probs / probs.sum()
        groups = len(self.values)
        self.method = "multinomial"
        self._zero = float(self.probabilities[0]) if self.values[0] == 0.0 else 0.0
        start = 1 if self._zero > 0.0 else 0
        self._nonzero = self.values[start:]  # the groups per-draw samplers draw from
        self._table: FloatArray = self.values
        self._cdf: FloatArray = np.zeros(0)
        self._scale = 0.0
        if groups <= self._per_draw_cost() or len(self._nonzero) == 0:
            return
        if slot_weights is not None:
            _, slots = merge_equal(values, slot_weights)
            rounded = np.rint(slots)
            if float(rounded.sum()) <= MAX_SLOTS and np.allclose(rounded, slots, rtol=0.0, atol=1e-6):
                self.method = "slots"
                self._table = np.repeat(self._nonzero, rounded[start:].astype(np.intp))
                return
        self.method = "guide"
        self._build_guide(self.probabilities[start:] / self.probabilities[start:].sum())

    def _per_draw_cost(self) -> float:
        """Cost of per-draw sampling, in multinomial categories (measured: ≈ 10 draws each + overhead)."""
        return self.draws * (1.0 - self._zero) / _DRAWS_PER_CATEGORY + _PER_DRAW_OVERHEAD

    def _build_guide(self, probabilities: FloatArray) -> None:
        groups = len(self._nonzero)
        size = 1 << max(10, int(np.ceil(np.log2(16 * groups))))
        cdf = np.concatenate(([0.0], np.cumsum(probabilities)))
        cdf[-1] = 1.0
        edges = np.arange(size + 1, dtype=np.float64) / size
        first = np.searchsorted(cdf, edges[:-1], side="right") - 1  # group holding the slot's start
        last = np.searchsorted(cdf, edges[1:], side="left") - 1  # group holding points just below its end
        table = self._nonzero[np.minimum(first, groups - 1)].copy()
        table[first != last] = np.nan  # straddles a boundary: resolved by binary search
        self._table = table
        self._cdf = cdf
        self._scale = float(size)

    def sums(self, rng: np.random.Generator, rows: int) -> FloatArray:
        """Row sums of ``rows`` replicates of ``self.draws`` draws each."""
        if self.method == "multinomial":
            if len(self.values) == 1:
                return np.full(rows, self.values[0] * self.draws)
            counts = rng.multinomial(self.draws, self.probabilities, size=rows)
            return np.asarray(counts @ self.values, dtype=np.float64)
        if self._zero > 0.0:
            per_row = rng.binomial(self.draws, 1.0 - self._zero, size=rows)
        else:
            per_row = np.full(rows, self.draws)
        total = int(per_row.sum())
        if self.method == "slots":
            drawn = self._table[rng.integers(0, len(self._table), size=total)]
        else:
            drawn = self._guide_draws(rng, total)
        # segment sums; the appended 0.0 keeps a trailing empty segment's start in range
        starts = np.cumsum(per_row) - per_row
        out = np.add.reduceat(np.append(drawn, 0.0), starts)
        out[per_row == 0] = 0.0  # reduceat returns the element at an empty segment's start
        return np.asarray(out, dtype=np.float64)

    def _guide_draws(self, rng: np.random.Generator, count: int) -> FloatArray:
        u = rng.random(count)
        u *= self._scale  # exact: the scale is a power of two
        drawn = self._table[u.astype(np.intp)]
        unresolved = np.flatnonzero(np.isnan(drawn))
        if len(unresolved):
            group = np.searchsorted(self._cdf, u[unresolved] / self._scale, side="right") - 1
            drawn[unresolved] = self._nonzero[np.minimum(group, len(self._nonzero) - 1)]
        return np.asarray(drawn, dtype=np.float64)


def sample_sums(
    sampler: DeltaSampler,
    rng: np.random.Generator,
    replicates: int,
    on_block: Callable[[int], None] | None = None,
) -> FloatArray:
    """All replicates' sums, block by block; ``on_block(done)`` runs after each block."""
    out = np.empty(replicates, dtype=np.float64)
    step = block_rows(sampler.draws)
    for start in range(0, replicates, step):
        rows = min(step, replicates - start)
        out[start : start + rows] = sampler.sums(rng, rows)
        if on_block is not None:
            on_block(start + rows)
    return out
