"""Bootstrap distribution of alpha, as Hayes' KALPHA macro (version 3.0, 2011) computes it.

Sources: Krippendorff, K. (2006, rev. 2011), "Algorithm for bootstrapping a distribution of α"
(manuscript); Hayes, A. F. & Krippendorff, K. (2007), "Answering the call for a standard reliability
measure for coding data", Communication Methods and Measures 1(1), 77–89; and the KALPHA SPSS macro
3.0 (Hayes, 5 Feb 2011), whose matrix code is the operational definition followed here step by step:

1. Units are not resampled. D_e is kept fixed; only D_o varies. Pairs of values are drawn with
   replacement from the coincidence matrix: the unordered pair {c, k} has probability 2·o_ck / n for
   c ≠ k and o_cc / n for c = k (KALPHA's ``pcoinc``), i.e. cell (c, k) of the full matrix o_ck / n.
2. Draws per replicate: M = min(25·q, (m − 1)·n / 2), q = number of non-empty cells of the full
   coincidence matrix (both triangles), m = number of coders, n = pairable values (KALPHA's
   ``bootm2``); m counts the coders with values (KALPHA's judge columns; a sheet's empty column is
   no judge). KALPHA does not round:
   (m − 1)·n / 2 is fractional only when m − 1 and n are both odd; then, as we read the macro, its
   ``loop i = 1 to bootm2`` draws the truncated number of pairs while the sum is still divided by the
   fraction. Here M is truncated and the same whole M divides the sum (D_o* = Σδ / M, as in the
   algorithm paper), which differs from KALPHA by the factor trunc(M)/M in that case only.
3. alpha* = 1 − Σ_{draws} δ²  / (M · D_e), floored at −1.
4. Small-sample correction (KALPHA ``numone``/``nx``): when only one value has a non-empty diagonal
   cell, any replicate with alpha* = 1 drew nothing but that one value — it has no variation — and is
   set to 0. When several values do, the expected number of such no-variation replicates is
   nx = rnd(R · Σ_c (o_cc / n)^P), with P the number of pairs Σ_u m_u (m_u − 1) / 2 (KALPHA's ``nprs``,
   not M) and rnd rounding halves away from zero as SPSS does; the first min(nx, #replicates with
   alpha* = 1) replicates with alpha* = 1, in drawing order, are set to 0. (KALPHA only compares
   alpha* = 1; a replicate is not inspected for whether its pairs really lacked variation.)
5. 95% interval by KALPHA's rank rule on the sorted alpha*: lower = the trunc(.025·R)-th value,
   upper = the (trunc(.975·R) + 1)-th (1-based; for R = 1000 the 25th and the 976th). KALPHA only
   allows multiples of 1000; for R < 40 the lower rank is taken as 1.
6. q = share of alpha* below a minimum: reported for .667 and .800 (KALPHA's table prints .67 and
   .80 among others; .667 is Krippendorff's own threshold).

Sampling is exact (see :mod:`ictool.core.reliability.sampling`) and seeded with a numpy Generator,
so the same data and seed give the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from ictool.core.errors import Cancelled
from ictool.core.reliability.alpha import AlphaResult
from ictool.core.reliability.defaults import DEFAULT_REPLICATES as DEFAULT_REPLICATES
from ictool.core.reliability.defaults import DEFAULT_SEED as DEFAULT_SEED
from ictool.core.reliability.sampling import MAX_SLOTS, DeltaSampler, FloatArray, sample_sums

THRESHOLDS: tuple[tuple[str, float], ...] = (("0.667", 0.667), ("0.8", 0.8))

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True, eq=False)
class BootstrapResult:
    """The bootstrap distribution of alpha and what is read off it."""

    replicates: int
    seed: int | None
    draws: int
    ci95: tuple[float, float]
    q: Mapping[str, float]
    corrected: int
    expected_no_variation: int
    samples: FloatArray = field(repr=False)

    @property
    def mean(self) -> float:
        return float(self.samples.mean())


def draws_per_replicate(result: AlphaResult) -> int:
    """KALPHA's M = min(25·q, (m − 1)·n / 2), truncated to a whole number of pairs."""
    cells = result.coincidences.nonzero_cells
    return int(min(25 * cells, (result.coders - 1) * result.pairable_values / 2))


def bootstrap_alpha(
    result: AlphaResult,
    replicates: int = DEFAULT_REPLICATES,
    *,
    seed: int | np.random.Generator | None = DEFAULT_SEED,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> BootstrapResult | None:
    """The KALPHA bootstrap of ``result`` (None when alpha is undefined: there is nothing to vary)."""
    if replicates < 1:
        raise ValueError("the number of bootstrap replicates must be at least 1")
    if result.alpha is None or not result.expected_disagreement:
        return None
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    cells = result.coincidences
    n = float(result.pairable_values)
    diagonal = cells.rows == cells.cols
    weights = np.where(diagonal, cells.counts, 2.0 * cells.counts)  # ∝ pair probabilities
    draws = draws_per_replicate(result)
    sampler = DeltaSampler(cells.delta, weights / n, draws, _slot_weights(result, weights))

    def on_block(done: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled("bootstrap cancelled")
        if progress is not None:
            progress(done, replicates)

    sums = sample_sums(sampler, rng, replicates, on_block)
    alpha_star = np.maximum(1.0 - sums / (draws * float(result.expected_disagreement)), -1.0)
    corrected, expected = _kalpha_correction(alpha_star, cells.counts[diagonal], n, result.pairs, replicates)
    ranked = np.sort(alpha_star)
    low_rank = max(math.trunc(0.025 * replicates), 1)  # 1-based, KALPHA: trunc(.025*btn)
    high_rank = math.trunc(0.975 * replicates) + 1  # 1-based, KALPHA: trunc(.975*btn)+1
    high_rank = min(high_rank, replicates)
    q = {name: float(np.count_nonzero(alpha_star < bound)) / replicates for name, bound in THRESHOLDS}
    return BootstrapResult(
        replicates=replicates,
        seed=None if isinstance(seed, np.random.Generator) else seed,
        draws=draws,
        ci95=(float(ranked[low_rank - 1]), float(ranked[high_rank - 1])),
        q=q,
        corrected=corrected,
        expected_no_variation=expected,
        samples=ranked,
    )


def _slot_weights(result: AlphaResult, weights: FloatArray) -> FloatArray | None:
    """Integer weights for the exact slot sampler, when the coincidences have a small denominator."""
    scale = result.coincidences.scale
    if scale <= 0 or scale * result.pairable_values > MAX_SLOTS:
        return None
    return weights * scale


def _kalpha_correction(
    alpha_star: FloatArray, diagonal: FloatArray, n: float, pairs: int, replicates: int
) -> tuple[int, int]:
    """KALPHA 3.0's treatment of replicates without variation; changes ``alpha_star`` in place.

    Returns (replicates set to 0, KALPHA's nx). See step 4 of the module docstring.
    """
    nonzero_diagonal = int(np.count_nonzero(diagonal > 0))
    perfect = np.flatnonzero(alpha_star == 1.0)
    if nonzero_diagonal == 1:
        alpha_star[perfect] = 0.0  # KALPHA: "if (alpha = 1 and nzero = 1) alpha = 0"
        return len(perfect), 0
    share = diagonal[diagonal > 0] / n
    nx = math.floor(replicates * float(np.sum(share**pairs)) + 0.5)  # SPSS rnd(): half away from 0
    if nonzero_diagonal > 1 and nx > 0:
        chosen = perfect[: min(nx, len(perfect))]
        alpha_star[chosen] = 0.0
        return len(chosen), nx
    return 0, nx
