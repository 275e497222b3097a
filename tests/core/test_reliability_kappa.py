"""Cohen's kappa, Fleiss' kappa and Gwet's AC1 against published worked examples."""

from __future__ import annotations

import numpy as np
import pytest

from ictool.core.reliability import cohen_kappa, fleiss_kappa, from_matrix, gwet_ac1, kappas

NAN = np.nan

# Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin
# 76(5), 378–382, Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (depression, personality
# disorder, schizophrenia, neurosis, other). Published kappa = .430. Rows give the diagnoses made.
FLEISS_1971 = [
    "444444", "222555", "233335", "555555", "222444", "113333", "333355", "113334", "114444", "555555",
    "144444", "124444", "222333", "144444", "224445", "333335", "111455", "111112", "224444", "133555",
    "555555", "244444", "224555", "114444", "144445", "222224", "111155", "224444", "133333", "555555",
]  # fmt: skip

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories, kappa = 0.210
# (the same table is a statsmodels test fixture).
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]  # fmt: skip

# Gwet (2014), irrCAC package README, dataset distrib.6raters (the first 15 of Fleiss' patients):
# Gwet's AC1 0.4448007 (pa 0.5511111, pe 0.1914815); Fleiss' kappa 0.4139265.
DISTRIB_6RATERS = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
]  # fmt: skip

# Gwet (2014) / irrCAC README, cac.raw4raters (12 subjects × 4 raters with missing ratings — the
# Krippendorff 2011 data): AC1 0.77544 with pa 0.8181818 and pe 0.1903212.
CAC_RAW4RATERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def counts_to_matrix(rows: list[list[int]]) -> np.ndarray:
    return np.array([[k for k, n in enumerate(row) for _ in range(n)] for row in rows], dtype=float).T


def contingency(table: dict[tuple[int, int], int]) -> np.ndarray:
    pairs = [pair for pair, count in table.items() for _ in range(count)]
    return np.array(pairs, dtype=float).T


def test_fleiss_1971_psychiatric_diagnoses() -> None:
    matrix = np.array([[int(c) for c in row] for row in FLEISS_1971], dtype=float).T
    assert round(fleiss_kappa(from_matrix(matrix)) or 0, 3) == 0.430


def test_wikipedia_fleiss_example() -> None:
    assert round(fleiss_kappa(from_matrix(counts_to_matrix(WIKIPEDIA_FLEISS))) or 0, 3) == 0.210


def test_gwet_distrib_6raters() -> None:
    data = from_matrix(counts_to_matrix(DISTRIB_6RATERS))
    assert gwet_ac1(data) == pytest.approx(0.4448007, abs=5e-8)
    assert fleiss_kappa(data) == pytest.approx(0.4139265, abs=5e-8)


def test_gwet_ac1_with_missing_ratings() -> None:
    # π_k averages over every rated subject (including subject 12, rated once); p_a over the 11 rated twice+
    assert gwet_ac1(from_matrix(CAC_RAW4RATERS)) == pytest.approx(0.77544, abs=5e-6)
    pa, pe = 0.8181818, 0.1903212
    assert gwet_ac1(from_matrix(CAC_RAW4RATERS)) == pytest.approx((pa - pe) / (1 - pe), abs=1e-6)


def test_gwet_cont3x3abstractors() -> None:
    # irrCAC README: Cohen's kappa 0.7964094, Gwet's AC1 0.8493305, Scott's pi 0.7962397 (Fleiss' kappa
    # for two raters is Scott's pi).
    table = {(0, 0): 13, (1, 1): 20, (1, 2): 7, (2, 1): 4, (2, 2): 56}
    data = from_matrix(contingency(table))
    assert cohen_kappa(data) == pytest.approx(0.7964094, abs=5e-8)
    assert gwet_ac1(data) == pytest.approx(0.8493305, abs=5e-8)
    assert fleiss_kappa(data) == pytest.approx(0.7962397, abs=5e-8)


def test_wikipedia_cohen_example() -> None:
    # Wikipedia, "Cohen's kappa": 50 applications, yes/yes 20, yes/no 5, no/yes 10, no/no 15: kappa 0.4
    data = from_matrix(contingency({(1, 1): 20, (1, 0): 5, (0, 1): 10, (0, 0): 15}))
    assert cohen_kappa(data) == pytest.approx(0.4)


def test_cohen_uses_units_both_coded_and_exactly_two_coders() -> None:
    with_gaps = [[1, 0, 1, 1, NAN, 0], [1, 0, 0, 1, 1, NAN]]
    complete = [[1, 0, 1, 1], [1, 0, 0, 1]]
    assert cohen_kappa(from_matrix(with_gaps)) == pytest.approx(cohen_kappa(from_matrix(complete)))
    assert cohen_kappa(from_matrix(CAC_RAW4RATERS)) is None  # four coders
    assert cohen_kappa(from_matrix([[1, NAN], [NAN, 1]])) is None  # no unit coded by both


def test_fleiss_uses_units_every_coder_coded() -> None:
    gaps = [[1, 2, 1, NAN], [1, 2, 2, 1], [1, 1, 2, 2]]
    assert fleiss_kappa(from_matrix(gaps)) == pytest.approx(fleiss_kappa(from_matrix([r[:3] for r in gaps])))
    assert fleiss_kappa(from_matrix([[1, NAN], [NAN, 2]])) is None


def test_undefined_cases() -> None:
    constant = from_matrix([[1, 1, 1], [1, 1, 1]])
    assert cohen_kappa(constant) is None and fleiss_kappa(constant) is None
    assert gwet_ac1(constant) is None  # a single category: q − 1 = 0
    assert gwet_ac1(constant, categories=3) == pytest.approx(1.0)  # with a declared scale it is defined
    assert kappas(from_matrix([[NAN, NAN], [NAN, NAN]])) == kappas(from_matrix([[NAN], [NAN]]))


def test_gwet_ac1_category_count_matters() -> None:
    data = from_matrix([[1, 2, 1, 2], [1, 2, 2, 2]])
    two, five = gwet_ac1(data), gwet_ac1(data, categories=5)
    # pa = 0.75, π = (3/8, 5/8): pe = 2·(15/64)/(q − 1)
    assert two == pytest.approx((0.75 - 30 / 64) / (1 - 30 / 64))
    assert five == pytest.approx((0.75 - 30 / 256) / (1 - 30 / 256))
