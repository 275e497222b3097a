"""Properties alpha must have whatever the data: invariances, perfect agreement, undefined cases."""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ictool.core.reliability import krippendorff_alpha

LEVELS = ("nominal", "ordinal", "interval", "ratio")
PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def matrices(draw: st.DrawFn, max_value: int = 6) -> np.ndarray:
    """Coders × units matrices of small non-negative integers with missing values."""
    coders = draw(st.integers(2, 6))
    units = draw(st.integers(1, 15))
    cells = draw(
        st.lists(
            st.one_of(st.none(), st.integers(0, max_value)), min_size=coders * units, max_size=coders * units
        )
    )
    return np.array([np.nan if c is None else c for c in cells], dtype=float).reshape(coders, units)


def alpha(matrix: object, level: str) -> float | None:
    return krippendorff_alpha(matrix, level).alpha


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9


@PROPERTY
@given(matrices(), st.randoms(use_true_random=False), st.sampled_from(LEVELS))
def test_invariant_under_permuting_units_and_coders(matrix: np.ndarray, rnd: object, level: str) -> None:
    rng = np.random.default_rng(rnd.randint(0, 2**32 - 1))  # type: ignore[attr-defined]
    shuffled = matrix[rng.permutation(matrix.shape[0])][:, rng.permutation(matrix.shape[1])]
    assert same(alpha(matrix, level), alpha(shuffled, level))


@PROPERTY
@given(matrices(), st.permutations(list(range(7))))
def test_nominal_invariant_under_relabelling(matrix: np.ndarray, relabel: list[int]) -> None:
    names = [f"category {relabel[v]}" for v in range(7)]
    text = [[None if np.isnan(v) else names[int(v)] for v in row] for row in matrix]
    assert same(alpha(matrix, "nominal"), alpha(text, "nominal"))


@PROPERTY
@given(matrices(), st.floats(0.01, 1000), st.floats(-1000, 1000))
def test_interval_invariant_under_positive_affine_maps(
    matrix: np.ndarray, scale: float, shift: float
) -> None:
    assert same(alpha(matrix, "interval"), alpha(matrix * scale + shift, "interval"))


@PROPERTY
@given(matrices(), st.floats(0.01, 1000))
def test_ratio_invariant_under_rescaling(matrix: np.ndarray, scale: float) -> None:
    assert same(alpha(matrix, "ratio"), alpha(matrix * scale, "ratio"))


@PROPERTY
@given(matrices(), st.lists(st.floats(0.1, 50), min_size=7, max_size=7))
def test_ordinal_invariant_under_monotone_maps(matrix: np.ndarray, steps: list[float]) -> None:
    mapped_values = np.cumsum(steps)  # strictly increasing
    mapped = np.where(np.isnan(matrix), np.nan, mapped_values[np.nan_to_num(matrix).astype(int)])
    assert same(alpha(matrix, "ordinal"), alpha(mapped, "ordinal"))


@PROPERTY
@given(
    st.lists(st.integers(0, 9), min_size=2, max_size=20),
    st.integers(2, 6),
    st.randoms(use_true_random=False),
    st.sampled_from(LEVELS),
)
def test_perfect_agreement_with_variation_is_one(
    truth: list[int], coders: int, rnd: object, level: str
) -> None:
    assume(len(set(truth)) >= 2)
    matrix = np.tile(np.array(truth, dtype=float), (coders, 1))
    rng = np.random.default_rng(rnd.randint(0, 2**32 - 1))  # type: ignore[attr-defined]
    holes = rng.random(matrix.shape) < 0.3
    holes[:2] = False  # two coders coded everything: every unit stays pairable, variation stays
    matrix[holes] = np.nan
    assert alpha(matrix, level) == 1.0


@PROPERTY
@given(matrices(), st.sampled_from(LEVELS))
def test_defined_exactly_when_the_package_is(matrix: np.ndarray, level: str) -> None:
    result = krippendorff_alpha(matrix, level)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reference: float | None = float(
                krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
            )
        except ValueError:
            reference = None
    if reference is not None and not np.isfinite(reference):
        reference = None
    if reference is None:
        assert result.alpha is None and result.undefined_reason
    else:
        assert result.alpha == pytest.approx(reference, rel=1e-10, abs=1e-10)
        assert result.undefined_reason is None


@PROPERTY
@given(st.integers(0, 9), st.integers(1, 6), st.integers(1, 10), st.sampled_from(LEVELS))
def test_every_undefined_case_gives_none_and_a_reason(
    value: int, coders: int, units: int, level: str
) -> None:
    constant = np.full((coders, units), float(value))
    single_coder = np.arange(units, dtype=float)[np.newaxis, :]
    empty = np.full((coders, units), np.nan)
    for matrix in (constant, single_coder, empty):
        result = krippendorff_alpha(matrix, level)
        assert result.alpha is None
        assert isinstance(result.undefined_reason, str) and len(result.undefined_reason) > 10


def reference(matrix: np.ndarray, level: str) -> tuple[float, float, float] | None:
    """D_o, D_e and percent agreement straight from Krippendorff's definitions, loop by loop.

    Written independently of the implementation (dense coincidence matrix, one pair at a time), so
    the reported quantities are checked against the data rather than against each other. None when
    fewer than two values are pairable.
    """
    units = [[x for x in column if not np.isnan(x)] for column in matrix.T]
    units = [u for u in units if len(u) >= 2]
    values = sorted({x for u in units for x in u})
    if not units:
        return None
    index = {v: i for i, v in enumerate(values)}
    coincidences = np.zeros((len(values), len(values)))
    agreeing = ordered = 0
    for unit in units:
        for i, a in enumerate(unit):
            for j, b in enumerate(unit):
                if i != j:
                    coincidences[index[a], index[b]] += 1 / (len(unit) - 1)
                    agreeing += a == b
                    ordered += 1
    marginals = coincidences.sum(axis=1)
    n = marginals.sum()

    def delta(i: int, j: int) -> float:
        a, b = values[i], values[j]
        if level == "nominal":
            return float(a != b)
        if level == "ordinal":
            lo, hi = min(i, j), max(i, j)
            return float(marginals[lo : hi + 1].sum() - (marginals[i] + marginals[j]) / 2) ** 2
        if level == "interval":
            return (a - b) ** 2
        return 0.0 if a + b == 0 else ((a - b) / (a + b)) ** 2

    cells = [(i, j) for i in range(len(values)) for j in range(len(values))]
    observed = sum(coincidences[i, j] * delta(i, j) for i, j in cells) / n
    expected = sum(marginals[i] * marginals[j] * delta(i, j) for i, j in cells) / (n * (n - 1))
    return observed, expected, agreeing / ordered


@PROPERTY
@given(matrices(), st.sampled_from(LEVELS))
def test_reported_quantities_match_the_definitions(matrix: np.ndarray, level: str) -> None:
    result = krippendorff_alpha(matrix, level)
    counts = np.sum(~np.isnan(matrix), axis=0)
    assert result.units == int(np.sum(counts >= 2))
    assert result.pairable_values == int(np.sum(counts[counts >= 2]))
    assert result.pairs == int(np.sum(counts * (counts - 1) // 2))
    expected = reference(matrix, level)
    if result.alpha is not None:
        assert expected is not None
        observed, disagreement, agreement = expected
        assert result.observed_disagreement == pytest.approx(observed, rel=1e-9, abs=1e-12)
        assert result.expected_disagreement == pytest.approx(disagreement, rel=1e-9, abs=1e-12)
        assert result.alpha == pytest.approx(1 - observed / disagreement, rel=1e-9, abs=1e-12)
        assert result.percent_agreement == pytest.approx(agreement, rel=1e-12)
        assert result.alpha <= 1.0
    elif result.percent_agreement is not None:
        assert expected is not None and result.percent_agreement == pytest.approx(expected[2], rel=1e-12)
