"""Pairwise and leave-one-coder-out alpha, against the krippendorff package on the coder subsets."""

from __future__ import annotations

import warnings
from itertools import combinations

import krippendorff
import numpy as np
import pytest

from ictool.core.reliability import from_matrix, leave_one_out_alpha, pairwise_alpha

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def package(matrix: np.ndarray, level: str) -> float | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
        except ValueError:
            return None
    return value if np.isfinite(value) else None


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("values", [5, 200], ids=["small-domain-batched", "large-domain"])
def test_pairwise_and_leave_one_out_match_the_package(level: str, values: int) -> None:
    rng = np.random.default_rng(17)
    checked = 0
    for _ in range(60):
        coders = int(rng.integers(2, 6))
        truth = rng.integers(0, values, 30)
        matrix = np.where(
            rng.random((coders, 30)) < 0.7, truth, rng.integers(0, values, (coders, 30))
        ).astype(float)
        matrix[rng.random(matrix.shape) < 0.25] = np.nan
        data = from_matrix(matrix, level, coders=[f"c{i}" for i in range(coders)])
        active = [i for i in range(coders) if np.any(~np.isnan(matrix[i]))]
        pairs = pairwise_alpha(data)
        assert [p.coders for p in pairs] == [(f"c{a}", f"c{b}") for a, b in combinations(active, 2)]
        for entry, (a, b) in zip(pairs, combinations(active, 2), strict=True):
            expected = package(matrix[[a, b]], level)
            both = int(np.sum(~np.isnan(matrix[a]) & ~np.isnan(matrix[b])))
            assert entry.units == both
            if expected is None:
                assert entry.alpha is None and entry.undefined_reason
            else:
                checked += 1
                assert entry.alpha == pytest.approx(expected, rel=1e-12, abs=1e-12)
        for coder, value in leave_one_out_alpha(data).items():
            rest = [i for i in range(coders) if f"c{i}" != coder]
            expected = package(matrix[rest], level)
            assert (value is None) == (expected is None)
            if expected is not None:
                assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert checked > 100


def test_pairs_without_common_units() -> None:
    matrix = np.array([[1, 2, np.nan, np.nan], [np.nan, np.nan, 1, 2], [1, 2, 1, 1]], dtype=float)
    pairs = {p.coders: p for p in pairwise_alpha(from_matrix(matrix))}
    assert pairs[(0, 1)].alpha is None and pairs[(0, 1)].units == 0
    assert "both" in (pairs[(0, 1)].undefined_reason or "")
    assert pairs[(0, 2)].alpha == 1.0
