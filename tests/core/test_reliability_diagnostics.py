"""Coincidence matrices, per-category alpha and the merged-categories what-if, checked independently.

The coincidence matrix is recomputed here by enumerating every ordered pair of values within each unit
(Krippendorff 2011's definition, o_ck = Σ_u Σ pairs / (m_u − 1)); alphas of recoded data come from the
krippendorff package on a matrix recoded here — never from ictool's own numbers.
"""

from __future__ import annotations

import itertools

import krippendorff
import numpy as np
import pytest

from ictool.core.errors import UserError
from ictool.core.reliability import compute_alpha, from_matrix
from ictool.core.reliability.diagnostics import (
    category_alpha,
    category_alphas,
    coincidence_matrix,
    merged_alpha,
)
from tests.core.test_reliability_alpha import DISTRIB_6RATERS, KRIPPENDORFF_2011_C, WIKIPEDIA_EXAMPLE

MATRIX = np.array(KRIPPENDORFF_2011_C, dtype=float)


def brute_force_coincidences(matrix: np.ndarray) -> tuple[list[float], np.ndarray]:
    values = sorted({v for v in matrix.flatten() if not np.isnan(v)})
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in matrix.T:
        present = [v for v in unit if not np.isnan(v)]
        m = len(present)
        if m < 2:
            continue
        for a, b in itertools.permutations(range(m), 2):
            o[index[present[a]], index[present[b]]] += 1.0 / (m - 1)
    return values, o


def recoded(matrix: np.ndarray, mapping: dict[float, float]) -> np.ndarray:
    out = matrix.copy()
    for old, new in mapping.items():
        out[matrix == old] = new
    return out


def test_coincidence_matrix_is_the_pairs_within_units() -> None:
    table = coincidence_matrix(compute_alpha(from_matrix(MATRIX, "nominal")))
    assert table is not None
    values, expected = brute_force_coincidences(MATRIX)
    assert list(table.values) == values
    assert np.allclose(np.array(table.matrix), expected)
    assert table.n == pytest.approx(expected.sum())
    assert list(table.totals) == pytest.approx(list(expected.sum(axis=1)))


@pytest.mark.parametrize("level", ["nominal", "ordinal"])
def test_merged_categories_alpha_equals_the_alpha_of_recoded_data(level: str) -> None:
    data = from_matrix(MATRIX, level)
    what_if = merged_alpha(data, [3, 4])
    reference = krippendorff.alpha(reliability_data=recoded(MATRIX, {4.0: 3.0}), level_of_measurement=level)
    assert what_if.alpha == pytest.approx(reference, abs=1e-12)
    assert compute_alpha(data).alpha != pytest.approx(what_if.alpha)  # the data themselves are unchanged


def test_each_category_against_the_rest() -> None:
    data = from_matrix(MATRIX, "nominal")
    per = category_alpha(data)
    for label, result in per.items():
        binary = np.where(np.isnan(MATRIX), np.nan, (label == MATRIX).astype(float))
        reference = krippendorff.alpha(reliability_data=binary, level_of_measurement="nominal")
        assert result.alpha == pytest.approx(reference, abs=1e-12), label


def test_ordinal_merges_must_be_neighbours_and_categories_must_exist() -> None:
    data = from_matrix(MATRIX, "ordinal")
    with pytest.raises(UserError, match="only neighbouring categories"):
        merged_alpha(data, [1, 3])
    with pytest.raises(UserError, match="no category 7"):
        merged_alpha(data, [1, 7])
    with pytest.raises(UserError, match="at least two"):
        merged_alpha(data, [2])


def counts_to_matrix(counts: list[list[int]]) -> np.ndarray:
    """Gwet's subjects × categories counts as a raters × subjects matrix (raters in any order)."""
    columns = [[c for c, n in enumerate(row) for _ in range(n)] for row in counts]
    return np.array(columns, dtype=float).T


@pytest.mark.parametrize(
    "matrix",
    [MATRIX, np.array(WIKIPEDIA_EXAMPLE, dtype=float), counts_to_matrix(DISTRIB_6RATERS)],
    ids=["krippendorff-2011", "wikipedia", "fleiss-1971"],
)
def test_category_alphas_read_off_the_matrix_equal_the_package_on_binary_recodes(matrix: np.ndarray) -> None:
    """The closed form the report uses (no recomputation) against the package on data recoded here."""
    table = coincidence_matrix(compute_alpha(from_matrix(matrix, "nominal")))
    assert table is not None
    for value, alpha in zip(table.values, category_alphas(table), strict=True):
        binary = np.where(np.isnan(matrix), np.nan, np.equal(matrix, value).astype(float))
        if np.nansum(binary) in (0, np.count_nonzero(~np.isnan(binary))):
            assert alpha is None
            continue
        reference = krippendorff.alpha(reliability_data=binary, level_of_measurement="nominal")
        assert alpha == pytest.approx(reference, abs=1e-12), value


def test_a_category_that_never_paired_or_is_every_value_has_no_alpha() -> None:
    data = from_matrix([[1, 1, 2, np.nan], [1, 1, 2, 3]], "nominal", order=[1, 2, 3, 4])
    table = coincidence_matrix(compute_alpha(data))
    assert table is not None
    per = dict(zip(table.values, category_alphas(table), strict=True))
    assert per[3] is None and per[4] is None  # 3 only in a unit one coder coded; 4 never used
    assert per[1] == per[2] == 1.0
    only = coincidence_matrix(compute_alpha(from_matrix([[1, 1], [1, 1]], "nominal", order=[1, 2])))
    assert only is not None and category_alphas(only) == (None, None)
