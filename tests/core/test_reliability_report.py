"""The project reliability report: per-variable rows, missing codes, options, coders, JSON.

Expected alphas are computed with the krippendorff package on matrices written out by hand from
the same codings (missing codes → NaN, ordinal choices → codebook positions, options → 0/1). The
report's speed on a large project is measured in tests/bench/bench_reliability.py, not asserted here.
"""

from __future__ import annotations

import json
import warnings

import krippendorff
import numpy as np
import pytest

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.records import CodingRow
from ictool.core.reliability import Cancelled, ReliabilityInput, reliability_report, status_of

NAN = np.nan
CODERS = {"c-ann": "Ann", "c-bob": "Bob", "c-cy": "Cy"}
DOCS = [f"doc{i}" for i in range(1, 9)]

GENDER = Variable(
    "gender",
    Level.NOMINAL,
    label="Gender",
    choices=(Category(1, "Woman"), Category(2, "Man"), Category(3, "Other"), Category(9, "n/a")),
    missing=(9,),
)
# codes deliberately out of numeric order: ranks must follow the codebook position (3 < 1 < 2)
MOOD = Variable(
    "mood", Level.ORDINAL, choices=(Category(3, "Calm"), Category(1, "Tense"), Category(2, "Angry"))
)
AGE = Variable("age", Level.RATIO, missing=(999,))
SCORE = Variable(
    "score", Level.INTERVAL, choices=(Category(10, "ten"), Category(20, "twenty"), Category(40, "forty"))
)
MOTIVES = Variable(
    "motives",
    Level.NOMINAL,
    label="Motives",
    multiple=True,
    choices=(Category(1, "Ideology"), Category(2, "Belonging"), Category(3, "Money"), Category(99, "n/a")),
    missing=(99,),
)
MEMO = Variable("memo", Level.TEXT)
NOBODY = Variable("unused", Level.NOMINAL, choices=(Category(1, "a"), Category(2, "b")))
CODEBOOK = Codebook((GENDER, MOOD, AGE, SCORE, MOTIVES, MEMO, NOBODY))

# document → (Ann, Bob, Cy); None = not coded
CODINGS: dict[str, list[tuple[object, object, object]]] = {
    "gender": [(1, 1, 1), (2, 2, 1), (1, 9, 1), (2, 2, 2), (3, 3, None), (1, 1, 1), (2, 1, 2), (9, 9, 2)],
    "mood": [(3, 3, 1), (1, 1, 1), (2, 2, 1), (3, 1, 3), (2, 2, 2), (1, 2, 1), (3, 3, 3), (2, 2, None)],
    "age": [(30, 30, 31), (45, 44, 45), (999, 20, 21), (60, 60, 60), (18, 18, 25), (33, 33, None),
            (50, 51, 50), (27, 27, 27)],
    "score": [(10, 10, 20), (20, 20, 20), (40, 40, 40), (10, 20, 10), (40, 20, 40), (20, 20, 20),
              (10, 10, 10), (40, 40, 20)],
    "motives": [((1, 2), (2, 1), (1,)), ((), (), ()), ((3,), (3,), (1, 3)), ((99,), (1,), (1,)),
                ((1,), (1, 2), (2,)), ((2,), (2,), (2,)), ((), (1,), ()), ((1, 2, 3), (1, 2, 3), (1, 2))],
    "memo": [("a", "b", "c")] * 8,
}  # fmt: skip
VARIABLES = {v.name: v for v in CODEBOOK}


def make_rows(codings: dict[str, list[tuple[object, object, object]]] = CODINGS) -> list[CodingRow]:
    rows = []
    for name, per_doc in codings.items():
        variable = VARIABLES[name]
        for doc, values in zip(DOCS, per_doc, strict=True):
            for (uuid, coder), value in zip(CODERS.items(), values, strict=True):
                if value is not None:
                    rows.append(CodingRow(uuid, coder, f"u-{doc}", doc, variable.uuid, value))  # type: ignore[arg-type]
    return rows


def package(matrix: list[list[float]], level: str) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(krippendorff.alpha(reliability_data=np.array(matrix, float), level_of_measurement=level))


def matrix_of(
    name: str, convert: dict[object, float] | None = None, missing: tuple[object, ...] = ()
) -> list[list[float]]:
    """Coders × documents, missing codes and not-coded cells as NaN."""
    out = []
    for coder in range(3):
        row = []
        for values in CODINGS[name]:
            v = values[coder]
            row.append(NAN if v is None or v in missing else float(convert[v] if convert else v))  # type: ignore[arg-type]
        out.append(row)
    return out


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    return reliability_report(
        ReliabilityInput(CODEBOOK, make_rows()), done_counts={"Ann": 8, "Bob": 7}
    ).to_json_dict()


def row(report: dict[str, object], name: str) -> dict[str, object]:
    return next(r for r in report["variables"] if r["name"] == name)  # type: ignore[attr-defined, index]


def test_rows_in_codebook_order_text_not_scored(report: dict[str, object]) -> None:
    names = [r["name"] for r in report["variables"]]  # type: ignore[attr-defined, index]
    assert names == ["gender", "mood", "age", "score", "motives=1", "motives=2", "motives=3", "unused"]


def test_nominal_missing_codes_are_excluded_but_disagree(report: dict[str, object]) -> None:
    gender = row(report, "gender")
    assert gender["alpha"] == pytest.approx(package(matrix_of("gender", missing=(9,)), "nominal"))
    assert gender["excluded_missing"] == 3  # Bob in document 3, Ann and Bob in document 8
    # documents 2, 3 (9 vs 1), 7 and 8 (9 vs 2); document 5 has two agreeing values and one not coded
    assert gender["disagreements"] == 4
    # document 8 keeps a single value once its missing codes are left out: not pairable
    assert gender["coders"] == 3 and gender["units"] == 7
    assert gender["not_coded"] == 1  # Cy worked on document 5 but left gender empty
    assert gender["level"] == "nominal" and gender["label"] == "Gender"


def test_ordinal_choices_rank_by_codebook_position(report: dict[str, object]) -> None:
    positions = {3: 0, 1: 1, 2: 2}
    assert row(report, "mood")["alpha"] == pytest.approx(package(matrix_of("mood", positions), "ordinal"))


def test_ratio_numbers_and_interval_codes(report: dict[str, object]) -> None:
    age = row(report, "age")
    assert age["alpha"] == pytest.approx(package(matrix_of("age", missing=(999,)), "ratio"))
    assert age["excluded_missing"] == 1 and age["cohen_kappa"] is None  # kappas are for nominal rows
    assert row(report, "score")["alpha"] == pytest.approx(package(matrix_of("score"), "interval"))


def test_multi_select_options_are_binary(report: dict[str, object]) -> None:
    for code in (1, 2, 3):
        expected = [
            [NAN if 99 in (values[c] or ()) else float(code in values[c]) for values in CODINGS["motives"]]  # type: ignore[operator]
            for c in range(3)
        ]
        option = row(report, f"motives={code}")
        assert option["alpha"] == pytest.approx(package(expected, "nominal"))
        assert option["level"] == "nominal" and option["excluded_missing"] == 1
        assert option["variable"] == "motives" and option["option"] == code
    # the variable as a whole (sets): documents 1 ({1,2},{1,2},{1}), 3, 4, 5, 7, 8 disagree
    assert row(report, "motives=1")["variable_disagreements"] == 6
    # option 1 alone: documents 3, 4 (missing code vs chosen), 5, 7 disagree
    assert row(report, "motives=1")["disagreements"] == 4


def test_nobody_coded_is_undefined(report: dict[str, object]) -> None:
    unused = row(report, "unused")
    assert unused["alpha"] is None and unused["status"] == "undefined"
    assert "missing" in unused["undefined_reason"] or "paired" in unused["undefined_reason"]  # type: ignore[operator]


def test_kappas_for_nominal_rows(report: dict[str, object]) -> None:
    gender = row(report, "gender")
    assert gender["cohen_kappa"] is None  # three coders
    # Fleiss on the documents all three coded with non-missing values: 1, 2, 4, 6, 7
    table = np.array([[3, 0, 0], [1, 2, 0], [0, 3, 0], [3, 0, 0], [1, 2, 0]], float)
    p = table.sum(axis=0) / 15
    pbar = float(np.mean((np.sum(table**2, axis=1) - 3) / 6))
    assert gender["fleiss_kappa"] == pytest.approx((pbar - p @ p) / (1 - p @ p))
    assert gender["gwet_ac1"] is not None


def test_pairwise_and_leave_one_out(report: dict[str, object]) -> None:
    pairs = report["pairwise"]["mood"]  # type: ignore[index]
    positions = {3: 0, 1: 1, 2: 2}
    full = matrix_of("mood", positions)
    assert [p["coders"] for p in pairs] == [["Ann", "Bob"], ["Ann", "Cy"], ["Bob", "Cy"]]
    for entry, (a, b) in zip(pairs, [(0, 1), (0, 2), (1, 2)], strict=True):
        assert entry["alpha"] == pytest.approx(package([full[a], full[b]], "ordinal"))
    loo = report["leave_one_out"]["mood"]  # type: ignore[index]
    assert loo["Cy"] == pytest.approx(package([full[0], full[1]], "ordinal"))
    assert pairs[1]["units"] == 7  # Cy did not code mood in document 8


def test_coders_and_bootstrap_settings(report: dict[str, object]) -> None:
    assert report["coders"] == {
        "Ann": {"done": 8, "documents": 8},
        "Bob": {"done": 7, "documents": 8},
        "Cy": {"done": None, "documents": 8},
    }
    assert report["bootstrap"] == {"replicates": 0, "seed": 2007}


def test_json_has_every_key(report: dict[str, object]) -> None:
    keys = {"name", "level", "alpha", "undefined_reason", "ci95", "q", "units", "pairable_values", "coders",
            "observed_disagreement", "expected_disagreement", "percent_agreement", "disagreements",
            "excluded_missing", "status", "cohen_kappa", "fleiss_kappa", "gwet_ac1"}  # fmt: skip
    for entry in report["variables"]:  # type: ignore[attr-defined]
        assert keys <= set(entry)
    json.dumps(report)  # serialisable as is


@pytest.mark.parametrize(
    ("alpha", "status"),
    [(0.9, "reliable"), (0.8, "reliable"), (0.7999, "tentative"), (0.667, "tentative"), (0.6, "unreliable"),
     (-0.2, "unreliable"), (None, "undefined")],
)  # fmt: skip
def test_status_thresholds(alpha: float | None, status: str) -> None:
    assert status_of(alpha) == status


def test_bootstrap_is_seeded_per_row() -> None:
    rows = make_rows()
    first = reliability_report(ReliabilityInput(CODEBOOK, rows), bootstrap=500, seed=3)
    again = reliability_report(ReliabilityInput(CODEBOOK, rows), bootstrap=500, seed=3)
    other = reliability_report(ReliabilityInput(CODEBOOK, rows), bootstrap=500, seed=4)
    defined = [v for v in first.variables if v.alpha is not None]
    assert all(v.ci95 is not None and v.q is not None for v in defined)
    assert [v.ci95 for v in first.variables] == [v.ci95 for v in again.variables]
    assert [v.ci95 for v in first.variables] != [v.ci95 for v in other.variables]
    assert first.to_json_dict()["bootstrap"] == {"replicates": 500, "seed": 3}
    # a row's interval does not depend on the other variables in the codebook
    alone = reliability_report(ReliabilityInput(Codebook((MOOD,)), rows), bootstrap=500, seed=3)
    assert alone.variables[0].ci95 == next(v.ci95 for v in first.variables if v.name == "mood")


def test_progress_and_cancel() -> None:
    seen: list[tuple[int, int]] = []
    reliability_report(
        ReliabilityInput(CODEBOOK, make_rows()), progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (8, 8)
    with pytest.raises(Cancelled):
        reliability_report(ReliabilityInput(CODEBOOK, make_rows()), cancel=lambda: True)


def test_bad_values_make_a_row_undefined_not_a_crash() -> None:
    codings = {"age": [(30, -4, 31), (45, 44, 45), (20, 20, 21)] + [(None, None, None)] * 5}
    report = reliability_report(ReliabilityInput(Codebook((AGE,)), make_rows(codings)))
    assert report.variables[0].alpha is None
    assert "negative" in (report.variables[0].undefined_reason or "")
    invalid = {"gender": [(1, "x", 1), (2, 2, 1)] + [(None, None, None)] * 6}
    gender = reliability_report(ReliabilityInput(Codebook((GENDER,)), make_rows(invalid))).variables[0]
    assert gender.excluded_invalid == 1 and gender.alpha is not None


def test_truth_values_are_not_codes() -> None:
    codings = {"gender": [(1, True, 1), (2, 2, 1)] + [(None, None, None)] * 6}
    [gender] = list(ReliabilityInput(Codebook((GENDER,)), make_rows(codings)).lines())
    assert gender.excluded_invalid == 1 and gender.disagreements == 2


def test_an_option_without_variation_says_who_chose_it() -> None:
    first, last = MOTIVES.choices[0].code, MOTIVES.choices[1].code
    codings = {
        "motives": [((first,), (first,), (first,)), ((first,), (first,), (first,))] + [(None,) * 3] * 6
    }
    rows = {
        v.name: v
        for v in reliability_report(ReliabilityInput(Codebook((MOTIVES,)), make_rows(codings))).variables
    }
    assert rows[f"motives={first}"].undefined_reason == "no variation: every coder chose this option"
    assert rows[f"motives={last}"].undefined_reason == "no variation: no coder chose this option"
