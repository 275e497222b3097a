"""Krippendorff's alpha against published values and against the krippendorff package.

Every expected number here comes from a publication or from the reference package, never from
ictool itself.
"""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest

from ictool.core.errors import UserError
from ictool.core.reliability import (
    coincidence,
    compute_alpha,
    from_long,
    from_matrix,
    krippendorff_alpha,
    krippendorff_alpha_long,
)

NAN = np.nan
LEVELS = ("nominal", "ordinal", "interval", "ratio")

# Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
# Communication, University of Pennsylvania. Section C: nominal data, any number of observers,
# missing data — 4 observers (rows A–D) × 12 units, "." = missing.
KRIPPENDORFF_2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]
# The published values for the same matrix at each level (Krippendorff 2011, sections C–E).
KRIPPENDORFF_2011_C_ALPHA = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# Krippendorff (2011), section A: binary data, two observers, no missing data: alpha = .095.
KRIPPENDORFF_2011_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
# Krippendorff (2011), section B: nominal data, two observers, no missing data: alpha = .692.
KRIPPENDORFF_2011_B = [list("aabbdcccedda"), list("babbbcccedd" + "d")]

# Three coders × 15 units with missing values, the Wikipedia "Krippendorff's alpha" worked example
# as reproduced in the krippendorff package's doctest: nominal 0.691358, interval 0.810845.
WIKIPEDIA_EXAMPLE = [
    [NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
    [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
    [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4],
]

# Gwet, K. L. (2014), Handbook of Inter-Rater Reliability, 4th ed.; dataset ``distrib.6raters`` of
# his irrCAC package (first 15 patients of Fleiss 1971, 6 psychiatrists each). irrCAC README:
# Krippendorff's alpha = 0.4204384.
DISTRIB_6RATERS = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
]  # fmt: skip


def counts_to_matrix(rows: list[list[int]]) -> np.ndarray:
    """Raters × subjects from "how many raters chose category k for subject i" counts."""
    return np.array([[k for k, n in enumerate(row) for _ in range(n)] for row in rows], dtype=float).T


def package_alpha(matrix: object, level: str, **kw: object) -> float | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level, **kw))
        except ValueError:
            return None
    return value if np.isfinite(value) else None


# -- published values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_krippendorff_2011_four_observers_twelve_units(level: str) -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011_C, level)
    assert result.alpha is not None
    assert round(result.alpha, 3) == KRIPPENDORFF_2011_C_ALPHA[level]
    assert result.alpha == pytest.approx(package_alpha(KRIPPENDORFF_2011_C, level), abs=1e-14)
    # Krippendorff (2011): 11 pairable units (unit 12 has one value), n.. = 40 pairable values.
    assert (result.units, result.pairable_values, result.coders) == (11, 40, 4)


def test_krippendorff_2011_nominal_disagreements() -> None:
    # Section C's coincidence matrix: n.. = 40, n_c = (9, 13, 10, 5, 3), alpha = 1 - 39 * 8 / (1600 - 384).
    result = krippendorff_alpha(KRIPPENDORFF_2011_C, "nominal")
    assert result.coincidences.totals.tolist() == [9, 13, 10, 5, 3]
    assert result.alpha == pytest.approx(1 - 39 * 8 / (40**2 - (81 + 169 + 100 + 25 + 9)), abs=1e-15)
    assert result.observed_disagreement == pytest.approx(8 / 40)


def test_ordinal_text_with_explicit_order_matches_numbers() -> None:
    # The same data as words, ranked by an explicit order (the package's doctest does the same: .815).
    words = ["very low", "low", "mid", "high", "very high"]
    matrix = [[NAN if np.isnan(v) else words[int(v) - 1] for v in row] for row in KRIPPENDORFF_2011_C]
    result = krippendorff_alpha(matrix, "ordinal", order=words)
    assert round(result.alpha or 0, 3) == 0.815
    assert krippendorff_alpha(matrix, "nominal").alpha == pytest.approx(0.743421052631579, abs=1e-15)


def test_krippendorff_2011_binary_two_observers() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011_A, "nominal")
    assert round(result.alpha or 0, 3) == 0.095
    assert result.alpha == pytest.approx(1 - 19 * 4 / (14 * 6), abs=1e-15)  # the published formula


def test_krippendorff_2011_nominal_two_observers() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011_B, "nominal")
    assert round(result.alpha or 0, 3) == 0.692
    assert result.percent_agreement == pytest.approx(9 / 12)


def test_wikipedia_example() -> None:
    assert krippendorff_alpha(WIKIPEDIA_EXAMPLE, "nominal").alpha == pytest.approx(0.691358, abs=5e-7)
    assert krippendorff_alpha(WIKIPEDIA_EXAMPLE, "interval").alpha == pytest.approx(0.810845, abs=5e-7)


def test_gwet_distrib_6raters_alpha() -> None:
    assert krippendorff_alpha(counts_to_matrix(DISTRIB_6RATERS)).alpha == pytest.approx(0.4204384, abs=5e-8)


def test_gwet_cont3x3abstractors_alpha_and_agreement() -> None:
    # irrCAC README, cont3x3abstractors (2 raters, 100 subjects): alpha 0.7972585, agreement 0.89.
    pairs = [(0, 0)] * 13 + [(1, 1)] * 20 + [(1, 2)] * 7 + [(2, 1)] * 4 + [(2, 2)] * 56
    result = krippendorff_alpha(np.array(pairs).T)
    assert result.alpha == pytest.approx(0.7972585, abs=5e-8)
    assert result.percent_agreement == pytest.approx(0.89)


# -- the reference package on many random matrices -------------------------------------------------


def random_matrix(rng: np.random.Generator) -> np.ndarray:
    coders, units, values = int(rng.integers(2, 9)), int(rng.integers(1, 40)), int(rng.integers(1, 9))
    matrix = rng.integers(0, values, size=(coders, units)).astype(float)
    if rng.random() < 0.5:
        matrix = matrix * rng.choice([1, 2.5, 7, 1000]) + rng.choice([0, 1, 3])
    matrix[rng.random((coders, units)) < rng.random() * 0.6] = NAN
    return matrix


@pytest.mark.parametrize("dense", [True, False], ids=["dense-table", "sparse-pairs"])
def test_matches_the_krippendorff_package_on_random_matrices(
    dense: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coincidence, "DENSE_VALUES", 64 if dense else 0)
    rng = np.random.default_rng(20240501)
    compared = 0
    for _ in range(400):
        matrix = random_matrix(rng)
        for level in LEVELS:
            ours = krippendorff_alpha(matrix, level)
            reference = package_alpha(matrix, level)
            assert (ours.alpha is None) == (reference is None), (level, matrix)
            if reference is not None:
                compared += 1
                assert ours.alpha == pytest.approx(reference, rel=1e-12, abs=1e-12)
            else:
                assert ours.undefined_reason
    assert compared > 1000


def test_matches_the_package_with_many_values_and_coders() -> None:
    rng = np.random.default_rng(7)
    truth = rng.integers(0, 300, 150)
    matrix = (truth + rng.integers(-5, 6, (25, 150)) * (rng.random((25, 150)) < 0.4)).astype(float)
    matrix[rng.random(matrix.shape) < 0.3] = NAN
    for level in LEVELS:
        assert krippendorff_alpha(np.abs(matrix), level).alpha == pytest.approx(
            package_alpha(np.abs(matrix), level), rel=1e-12
        )


def test_string_values_with_an_order_match_the_package() -> None:
    rng = np.random.default_rng(11)
    words = ["never", "rarely", "sometimes", "often", "always"]
    for _ in range(50):
        codes = rng.integers(0, 5, size=(4, 20))
        matrix = np.array([[words[c] for c in row] for row in codes], dtype=object)
        matrix[rng.random(matrix.shape) < 0.2] = np.nan
        text = np.where(matrix == matrix, matrix, "nan").astype(str)  # the package's missing text is "nan"
        for level in ("nominal", "ordinal"):
            reference = package_alpha(text, level, value_domain=words)
            ours = krippendorff_alpha(matrix, level, order=words).alpha
            assert (ours is None) == (reference is None)
            if reference is not None:
                assert ours == pytest.approx(reference, rel=1e-12)


# -- input forms ------------------------------------------------------------------------------------


def test_long_form_equals_the_matrix() -> None:
    triples = [
        (f"u{u}", coder, value)
        for coder, row in zip("ABCD", KRIPPENDORFF_2011_C, strict=True)
        for u, value in enumerate(row)
    ]
    for level in LEVELS:
        assert krippendorff_alpha_long(triples, level).alpha == pytest.approx(
            KRIPPENDORFF_2011_C_ALPHA[level], abs=5e-4
        )
    data = from_long(triples, "nominal")
    assert data.coder_labels == tuple("ABCD") and data.missing == 7  # 3 + 1 + 2 + 1 dots


def test_long_form_refuses_two_values_from_one_coder_for_one_unit() -> None:
    with pytest.raises(UserError, match="more than one value"):
        from_long([("u1", "A", 1), ("u1", "A", 2), ("u1", "B", 1)])


def test_missing_values_in_all_their_forms() -> None:
    import pandas as pd

    matrix = [[1, None, 2, float("nan"), pd.NA], [1, 2, 2, 3, 1]]
    data = from_matrix(matrix)
    assert data.missing == 3 and len(data.value) == 7


def test_numbers_compare_by_value_in_nominal_data() -> None:
    mixed = krippendorff_alpha([[1.0, np.int64(2), 1, 2.0], [np.float32(1), 2, 2, 2]])
    assert mixed.alpha == pytest.approx(
        package_alpha(np.array([[1, 2, 1, 2], [1, 2, 2, 2]], float), "nominal")
    )
    assert len(from_matrix([[1.0, np.int64(2)], [1, 2.0]]).domain) == 2


def test_ordinal_order_positions_not_values() -> None:
    # ranks follow the order given, not the numeric order of the codes
    matrix = [[3, 1, 2, 3], [3, 1, 1, 2]]
    by_order = krippendorff_alpha(matrix, "ordinal", order=[3, 1, 2]).alpha
    recoded = [[{3: 0, 1: 1, 2: 2}[v] for v in row] for row in matrix]
    assert by_order == pytest.approx(package_alpha(recoded, "ordinal"))


@pytest.mark.parametrize(
    ("matrix", "level", "order", "message"),
    [
        ([[1, 2], [1, "x"]], "ordinal", None, "give their order"),
        ([[1, 2], [1, 4]], "ordinal", [1, 2, 3], "not in the given order"),
        ([[1, 2], [1, -4]], "ratio", None, "cannot be negative"),
        ([[1, 2], [1, "x"]], "interval", None, "must be numbers"),
        ([[1, 2], [1, 2]], "text", None, "unknown level"),
        ([[1, 2], [1, 2]], "cardinal", None, "unknown level"),
        ([[1, 2], [1, 2]], "interval", [1, 2], "nominal and ordinal"),
        ([[1, 2], [1, float("inf")]], "interval", None, "infinite"),
        ([[1, 2], [1, 2]], "ordinal", [1, 2, 1], "more than once"),
    ],
)
def test_bad_input_is_a_user_error(
    matrix: object, level: str, order: list[object] | None, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        krippendorff_alpha(matrix, level, order=order)


def test_ratio_zero_pairs_have_no_distance() -> None:
    # (0, 0) agree; (0, k) differ maximally: the package's ratio metric does the same
    matrix = [[0, 0, 5, 0, 2], [0, 3, 5, 0, 4]]
    assert krippendorff_alpha(matrix, "ratio").alpha == pytest.approx(package_alpha(matrix, "ratio"))


# -- undefined alpha --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matrix", "reason"),
    [
        ([[NAN, NAN], [NAN, NAN]], "every value is missing"),
        ([[1, 2, 3]], "nothing can be paired"),
        ([[1, NAN], [NAN, 2]], "nothing can be paired"),
        ([[2, 2, 2], [2, 2, NAN]], "no variation"),
        ([[1, 1, 5], [1, 1, NAN]], "occur only in units that a single coder coded"),
    ],
)
@pytest.mark.parametrize("level", LEVELS)
def test_undefined_alpha_is_none_with_a_reason(matrix: list[list[float]], reason: str, level: str) -> None:
    result = krippendorff_alpha(matrix, level)
    assert result.alpha is None
    assert reason in (result.undefined_reason or "")


def test_no_variation_still_reports_counts() -> None:
    result = krippendorff_alpha([[2, 2, 2], [2, 2, NAN]])
    assert (result.units, result.pairable_values, result.percent_agreement) == (2, 4, 1.0)


def test_perfect_agreement_is_one() -> None:
    for level in LEVELS:
        assert krippendorff_alpha([[1, 2, 3, NAN], [1, 2, 3, 4], [1, NAN, 3, 4]], level).alpha == 1.0


def test_large_sparse_interval_data_stay_small() -> None:
    # 20,000 units × 5 coders with 5,000 distinct values: the dense package could not build this
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 5000, 20_000)
    matrix = (truth + rng.integers(-3, 4, (5, 20_000)) * (rng.random((5, 20_000)) < 0.3)).astype(float)
    result = krippendorff_alpha(matrix, "interval")
    # Independently, from the definition with complete data (m_u = 5 for every unit):
    # alpha = 1 - (n - 1) Σ_u Σ_{i,j} (v_ui - v_uj)² / (m_u - 1)  /  Σ_{all value pairs} (v - v')²
    n = matrix.size
    values = matrix.ravel()
    within = float(np.sum((matrix[:, None, :] - matrix[None, :, :]) ** 2)) / 4
    between = 2 * n * float(np.sum((values - values.mean()) ** 2))
    assert result.pairable_values == n and result.units == 20_000
    assert result.alpha == pytest.approx(1 - (n - 1) * within / between, rel=1e-10)


def test_compute_alpha_on_subsets_of_coders() -> None:
    data = from_matrix(KRIPPENDORFF_2011_C, "interval")
    for pair in ((0, 1), (1, 3), (2, 3)):
        expected = package_alpha(np.array(KRIPPENDORFF_2011_C)[list(pair)], "interval")
        assert compute_alpha(data.with_coders(pair)).alpha == pytest.approx(expected)
