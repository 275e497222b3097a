"""The KALPHA bootstrap: draws, scaling, correction, rank rule, reproducibility, exact samplers.

Expected values come from the algorithm's definition (Hayes' KALPHA 3.0 macro; Krippendorff's
"Algorithm for bootstrapping a distribution of alpha", 2006/2011) computed by hand, from the
theoretical mean and variance of alpha*, or from a literal, loop-by-loop transcription of the macro
written here independently of the implementation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ictool.core.reliability import Cancelled, bootstrap_alpha, draws_per_replicate, krippendorff_alpha
from ictool.core.reliability.bootstrap import _kalpha_correction
from ictool.core.reliability.sampling import DeltaSampler, sample_sums

NAN = np.nan
KRIPPENDORFF_2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
LEVELS = ("nominal", "ordinal", "interval", "ratio")


def kalpha_literal(matrix: object, level: str, replicates: int, seed: int) -> np.ndarray:
    """KALPHA 3.0's bootstrap loop transcribed literally (dense matrices, one uniform per draw).

    Units with fewer than two values are dropped, the coincidence and delta matrices are built cell
    by cell, ``pmat`` holds cumulative probabilities of the upper triangle (2·o_ck/n off the diagonal),
    and each replicate sums delta over bootm2 = min(25·q, (nj − 1)·n/2) draws.
    """
    data = np.array(matrix, dtype=float)
    nj = data.shape[0]
    data = data[:, np.sum(~np.isnan(data), axis=0) > 1]
    values = np.unique(data[~np.isnan(data)])
    v = len(values)
    coinc = np.zeros((v, v))
    for unit in data.T:
        present = [int(np.searchsorted(values, x)) for x in unit if not np.isnan(x)]
        for i, a in enumerate(present):
            for j, b in enumerate(present):
                if i != j:
                    coinc[a, b] += 1 / (len(present) - 1)
    nc = coinc.sum(axis=1)
    n = nc.sum()
    delta = np.zeros((v, v))
    for i in range(v):
        for j in range(v):
            if level == "nominal":
                delta[i, j] = float(i != j)
            elif level == "ordinal" and i != j:
                lo, hi = min(i, j), max(i, j)
                delta[i, j] = (nc[lo : hi + 1].sum() - nc[i] / 2 - nc[j] / 2) ** 2
            elif level == "interval":
                delta[i, j] = (values[i] - values[j]) ** 2
            elif level == "ratio" and values[i] + values[j] != 0:
                delta[i, j] = ((values[i] - values[j]) / (values[i] + values[j])) ** 2
    expect = (np.outer(nc, nc) - np.diag(nc)) / (n - 1)
    expdis = float(np.sum(expect * delta)) / n
    q = int(np.sum(coinc > 0))
    bootm2 = int(min(25 * q, (nj - 1) * n / 2))
    pmat, cells = [], []
    for i in range(v):
        for j in range(i, v):
            pmat.append(coinc[j, i] / n * (1 if i == j else 2))
            cells.append(delta[j, i])
    cumulative = np.cumsum(pmat)
    rng = np.random.default_rng(seed)
    out = np.empty(replicates)
    for z in range(replicates):
        rand = rng.random(bootm2)
        last = len(cells) - 1
        numsum = sum(cells[min(int(np.searchsorted(cumulative, r, side="left")), last)] for r in rand)
        out[z] = max(1 - numsum / (expdis * bootm2), -1.0)
    return np.sort(out)


# -- draws, scaling, rank rule ----------------------------------------------------------------------


def test_draws_follow_the_m_rule() -> None:
    # Krippendorff 2011 data: q = 17 non-empty cells, 4 coders, n = 40 → min(425, 60) = 60
    result = krippendorff_alpha(KRIPPENDORFF_2011_C)
    assert result.coincidences.nonzero_cells == 17
    assert draws_per_replicate(result) == 60
    # two coders, 200 binary units: q = 4 → 25·q = 100 < (2 − 1)·400/2 = 200
    rng = np.random.default_rng(1)
    truth = rng.integers(0, 2, 200)
    two = np.vstack([truth, np.where(rng.random(200) < 0.2, 1 - truth, truth)])
    assert draws_per_replicate(krippendorff_alpha(two)) == 100
    # four coders, n = 5 pairable values: (4 − 1)·5/2 = 7.5 → 7 whole pairs
    odd = [[1, 1], [2, 2], [1, NAN], [NAN, NAN]]
    assert draws_per_replicate(krippendorff_alpha(odd)) == 7


@pytest.mark.parametrize(("replicates", "low", "high"), [(1000, 25, 976), (2000, 50, 1951), (1500, 37, 1463)])
def test_interval_uses_kalphas_ranks(replicates: int, low: int, high: int) -> None:
    boot = bootstrap_alpha(krippendorff_alpha(KRIPPENDORFF_2011_C, "interval"), replicates, seed=3)
    assert boot is not None
    assert boot.ci95 == (boot.samples[low - 1], boot.samples[high - 1])  # 1-based ranks as in KALPHA


def test_tiny_replicate_counts_still_give_an_interval() -> None:
    boot = bootstrap_alpha(krippendorff_alpha(KRIPPENDORFF_2011_C), 10, seed=1)
    assert boot is not None and boot.ci95 == (boot.samples[0], boot.samples[9])


@pytest.mark.parametrize("level", LEVELS)
def test_mean_and_variance_of_alpha_star(level: str) -> None:
    """E[alpha*] = alpha and Var[alpha*] = Var(δ) / (M · D_e²) under the draw probabilities o_ck / n."""
    result = krippendorff_alpha(KRIPPENDORFF_2011_C, level)
    boot = bootstrap_alpha(result, 20_000, seed=11)
    assert boot is not None and result.alpha is not None and result.expected_disagreement
    cells = result.coincidences
    weight = np.where(cells.rows == cells.cols, cells.counts, 2 * cells.counts) / result.pairable_values
    mean_delta = float(weight @ cells.delta)
    var_delta = float(weight @ cells.delta**2) - mean_delta**2
    assert mean_delta == pytest.approx(result.observed_disagreement)
    sd = math.sqrt(var_delta / (boot.draws * result.expected_disagreement**2))
    floored = np.mean(boot.samples == -1.0)
    assert boot.corrected == 0 and floored < 0.001
    assert boot.mean == pytest.approx(result.alpha, abs=4.5 * sd / math.sqrt(boot.replicates))
    assert float(np.std(boot.samples)) == pytest.approx(sd, rel=0.05)


@pytest.mark.parametrize("level", LEVELS)
def test_agrees_with_a_literal_transcription_of_kalpha(level: str) -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011_C, level)
    ours = bootstrap_alpha(result, 4000, seed=5)
    theirs = kalpha_literal(KRIPPENDORFF_2011_C, level, 4000, seed=6)
    assert ours is not None
    for quantile in (0.025, 0.5, 0.975):
        assert float(np.quantile(ours.samples, quantile)) == pytest.approx(
            np.quantile(theirs, quantile), abs=0.03
        )
    # q, KALPHA's probability of failing to reach alpha_min: two samples of 4,000, so their shares
    # differ by at most 4.5 standard errors of a difference (sqrt(2 · 0.25 / 4000) ≈ 0.011)
    for threshold in ("0.667", "0.8"):
        assert ours.q[threshold] == pytest.approx(float(np.mean(theirs < float(threshold))), abs=0.05)


# -- reproducibility and the reported figures --------------------------------------------------------


def test_seeded_and_reproducible() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011_C, "ordinal")
    first = bootstrap_alpha(result, 1000, seed=42)
    again = bootstrap_alpha(result, 1000, seed=42)
    other = bootstrap_alpha(result, 1000, seed=43)
    assert first is not None and again is not None and other is not None
    assert np.array_equal(first.samples, again.samples) and first.ci95 == again.ci95
    assert not np.array_equal(first.samples, other.samples)
    generator = bootstrap_alpha(result, 1000, seed=np.random.default_rng(42))
    assert generator is not None and np.array_equal(generator.samples, first.samples)


@pytest.mark.parametrize("level", LEVELS)
def test_interval_contains_the_estimate_and_q_grows_with_the_threshold(level: str) -> None:
    """The values of q are checked against the literal KALPHA transcription above; here its shape."""
    result = krippendorff_alpha(KRIPPENDORFF_2011_C, level)
    boot = bootstrap_alpha(result)
    assert boot is not None and result.alpha is not None
    assert boot.ci95[0] <= result.alpha <= boot.ci95[1]
    assert set(boot.q) == {"0.667", "0.8"}
    assert 0.0 <= boot.q["0.667"] <= boot.q["0.8"] <= 1.0
    assert boot.replicates == 1000 and boot.seed == 2007


def test_undefined_alpha_has_no_bootstrap() -> None:
    assert bootstrap_alpha(krippendorff_alpha([[1, 1], [1, 1]])) is None
    with pytest.raises(ValueError, match="at least 1"):
        bootstrap_alpha(krippendorff_alpha(KRIPPENDORFF_2011_C), 0)


def test_progress_and_cancel() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011_C)
    seen: list[tuple[int, int]] = []
    bootstrap_alpha(result, 5000, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (5000, 5000) and all(t == 5000 for _, t in seen)
    with pytest.raises(Cancelled):
        bootstrap_alpha(result, 5000, cancel=lambda: True)


# -- KALPHA's correction for replicates without variation --------------------------------------------


def test_single_agreeing_value_replicates_become_zero() -> None:
    # 8 units (1, 1) and 2 units (1, 2): only value 1 has a diagonal cell (KALPHA: nzero = 1), so a
    # replicate with alpha* = 1 drew (1, 1) only — no variation — and KALPHA sets it to 0.
    matrix = [[1] * 10, [1] * 8 + [2, 2]]
    boot = bootstrap_alpha(krippendorff_alpha(matrix), 1000, seed=9)
    assert boot is not None
    assert not np.any(boot.samples == 1.0)
    # P(all 10 draws on (1, 1)) = 0.8^10 = 0.107
    assert 60 <= boot.corrected <= 160
    assert np.sum(boot.samples == 0.0) >= boot.corrected


def test_several_agreeing_values_use_the_expected_count() -> None:
    # units (a, a), (b, b), (a, b): o_aa = o_bb = 2, n = 6, 3 pairs → nx = rnd(1000 · 2 · (2/6)³) = 74;
    # M = 3 and P(all three draws agree) = (4/6)³ ≈ 0.30, so about 296 replicates have alpha* = 1.
    boot = bootstrap_alpha(krippendorff_alpha([[1, 2, 1], [1, 2, 2]]), 1000, seed=4)
    assert boot is not None
    assert boot.expected_no_variation == 74 and boot.corrected == 74
    assert 170 <= np.sum(boot.samples == 1.0) <= 275


def test_correction_zeroes_the_first_perfect_replicates_in_drawing_order() -> None:
    alpha_star = np.array([0.5, 1.0, 0.2, 1.0, 1.0, 1.0, 0.9])
    diagonal = np.array([3.0, 3.0])  # two values agree somewhere; n = 10, P = 2 pairs
    corrected, nx = _kalpha_correction(alpha_star, diagonal, 10.0, 2, 20)
    assert nx == 4  # rnd(20 · 2 · 0.3²) = rnd(3.6)
    assert corrected == 4 and alpha_star.tolist() == [0.5, 0.0, 0.2, 0.0, 0.0, 0.0, 0.9]
    fewer = np.array([1.0, 0.3, 1.0])
    assert _kalpha_correction(fewer, diagonal, 10.0, 2, 20) == (2, 4)  # nx ≥ numone: all of them
    assert fewer.tolist() == [0.0, 0.3, 0.0]
    single = np.array([1.0, 0.4, 1.0])
    assert _kalpha_correction(single, np.array([5.0, 0.0]), 10.0, 3, 3)[0] == 2
    assert single.tolist() == [0.0, 0.4, 0.0]


def test_spss_rounding_of_nx_is_half_away_from_zero() -> None:
    stars = np.ones(10)
    # R · Σ_c (o_cc / n)^P = 5 · (0.25 + 0.25) = 2.5 exactly
    corrected, nx = _kalpha_correction(stars, np.array([5.0, 5.0]), 20.0, 1, 5)
    assert nx == 3 and corrected == 3  # rnd(2.5) = 3 (Python's round would give 2)


# -- the exact samplers ------------------------------------------------------------------------------


SAMPLER_CASES = {
    "multinomial": (np.array([0.0, 1.0, 4.0]), np.array([0.5, 0.3, 0.2]), 100, None),
    "slots": (np.arange(40, dtype=float), np.full(40, 1 / 40), 30, np.full(40, 2.0)),
    "guide": (
        np.arange(40, dtype=float) ** 1.5,
        np.linspace(1, 3, 40) / np.linspace(1, 3, 40).sum(),
        30,
        None,
    ),
}


@pytest.mark.parametrize("method", list(SAMPLER_CASES))
def test_each_sampler_draws_the_exact_distribution(method: str) -> None:
    values, probs, draws, slots = SAMPLER_CASES[method]
    sampler = DeltaSampler(values, probs, draws, slots)
    assert sampler.method == method
    sums = sample_sums(sampler, np.random.default_rng(8), 40_000)
    mean = float(probs @ values)
    var = float(probs @ values**2) - mean**2
    se = math.sqrt(draws * var / len(sums))
    assert float(sums.mean()) == pytest.approx(draws * mean, abs=4.5 * se)
    assert float(sums.var()) == pytest.approx(draws * var, rel=0.04)


@pytest.mark.parametrize("exact_slots", [False, True])
def test_single_draws_hit_each_value_with_its_probability(exact_slots: bool) -> None:
    values = np.array([0.0, *np.linspace(0.25, 16.0, 39)])
    weights = np.arange(1, 41, dtype=float) % 7 + 1
    probs = weights / weights.sum()
    sampler = DeltaSampler(values, probs, 1, weights if exact_slots else None)
    assert sampler.method == ("slots" if exact_slots else "guide")
    draws = sample_sums(sampler, np.random.default_rng(2), 100_000)
    for value, p in zip(values, probs, strict=True):
        share = float(np.mean(draws == value))
        assert share == pytest.approx(p, abs=4.5 * math.sqrt(p * (1 - p) / len(draws)))


def test_equal_distances_are_merged() -> None:
    sampler = DeltaSampler(np.array([1.0, 0.0, 1.0, 1.0]), np.array([0.1, 0.6, 0.2, 0.1]), 10, None)
    assert sampler.values.tolist() == [0.0, 1.0] and sampler.probabilities.tolist() == pytest.approx(
        [0.6, 0.4]
    )
