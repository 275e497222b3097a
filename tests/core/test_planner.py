"""The reliability-sample planner: Krippendorff's minimum sample and each variable's rarest category.

The formula is checked against published numbers only: the normal quantiles against the standard
normal table (Abramowitz & Stegun 1964, Table 26.5), the sample sizes against the worked example the
ATLAS.ti manual quotes from Krippendorff's (2019) table (p_c = .25, significance .050: 139 values for
alpha .800, 81 for .667). The shares per variable are counted here by hand from the codings below.
"""

from __future__ import annotations

import pytest

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.errors import UserError
from ictool.core.records import CodingRow
from ictool.core.reliability import ReliabilityInput
from ictool.core.reliability.planner import (
    CITATION,
    LinePlan,
    claim_check,
    normal_quantile,
    plan_lines,
    required_sample,
)


@pytest.mark.parametrize(
    ("p", "z"),
    [
        (0.9, 1.2815515655),
        (0.95, 1.6448536270),
        (0.975, 1.9599639845),
        (0.99, 2.3263478740),
        (0.995, 2.5758293035),
    ],
)
def test_normal_quantiles_match_the_table(p: float, z: float) -> None:
    assert normal_quantile(p) == pytest.approx(z, abs=1e-9)
    assert normal_quantile(1 - p) == pytest.approx(-z, abs=1e-9)


@pytest.mark.parametrize(("min_alpha", "values", "units"), [(0.8, 139, 70), (0.667, 81, 41)])
def test_published_example_is_reproduced(min_alpha: float, values: int, units: int) -> None:
    """Four equally likely codes (p_c = 1/4), significance .050, two coders (Krippendorff 2019)."""
    size = required_sample(min_alpha, 0.05, 0.25)
    assert (size.values, size.units) == (values, units)
    assert size.z == pytest.approx(1.6448536270, abs=1e-9)  # one-tailed: 1.96 would give 197 values


def test_more_coders_add_values_not_documents() -> None:
    """ATLAS.ti's reading of Krippendorff for m coders: z² times m, so each coder codes as many documents."""
    two = required_sample(0.8, 0.05, 0.25)
    for coders in range(3, 7):
        size = required_sample(0.8, 0.05, 0.25, coders)
        assert size.units == two.units
        assert size.values > two.values and size.units * coders >= size.values


def test_stricter_demands_need_more() -> None:
    base = required_sample(0.8, 0.05, 0.25).values
    assert required_sample(0.9, 0.05, 0.25).values > base
    assert required_sample(0.8, 0.01, 0.25).values > base
    assert required_sample(0.8, 0.05, 0.1).values > base
    assert required_sample(0.8, 0.05, 0.5).values < base


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((1.0, 0.05, 0.25, 2), "smallest acceptable alpha"),
        ((0.0, 0.05, 0.25, 2), "smallest acceptable alpha"),
        ((0.8, 0.5, 0.25, 2), "significance"),
        ((0.8, 0.05, 0.6, 2), "at most 0.5"),
        ((0.8, 0.05, 0.0, 2), "rarest"),
        ((0.8, 0.05, 0.25, 1), "at least 2 coders"),
    ],
)
def test_inputs_outside_the_formula_are_refused(args: tuple[float, float, float, int], words: str) -> None:
    with pytest.raises(UserError, match=words):
        required_sample(*args)


def test_json_echoes_inputs_and_cites() -> None:
    out = required_sample(0.8, 0.05, 0.25, 3).to_json_dict()
    assert out["min_alpha"] == 0.8 and out["significance"] == 0.05 and out["rarest"] == 0.25
    assert out["coders"] == 3 and out["units"] == 70
    assert "Bloch" in out["citation"] and "Krippendorff" in CITATION


# --- per variable ---------------------------------------------------------------------------------

TONE = Variable(
    "tone",
    Level.NOMINAL,
    choices=(Category(1, "a"), Category(2, "b"), Category(3, "c"), Category(4, "d"), Category(9, "n/a")),
    missing=(9,),
)
# codes out of numeric order: the plan must name the codebook's codes, not the ranks alpha uses
MOOD = Variable(
    "mood", Level.ORDINAL, choices=(Category(3, "Calm"), Category(1, "Tense"), Category(2, "Angry"))
)
MOTIVES = Variable(
    "motives", Level.NOMINAL, multiple=True, choices=(Category(1, "Ideology"), Category(2, "Money"))
)
AGE = Variable("age", Level.RATIO)
FLAG = Variable("flag", Level.NOMINAL, choices=(Category(0, "no"), Category(1, "yes")))
CODEBOOK = Codebook((TONE, MOOD, MOTIVES, AGE, FLAG))
CODERS = ("Ann", "Bob")

# document → (Ann, Bob); None = not coded
CODINGS: dict[str, list[tuple[object, object]]] = {
    # pairable d1–d6: 1 ×6, 2 ×4, 3 ×2 (of 12); d7 (3 alone) and d8 (1 beside a missing code) don't pair
    "tone": [(1, 1), (1, 1), (2, 2), (2, 1), (3, 3), (1, 2), (3, None), (9, 1)],
    "mood": [(3, 3), (1, 1), (1, 3), (3, 3)],  # 3 ×5, 1 ×3, 2 never
    "motives": [((1,), (1,)), ((), (1,)), ((1, 2), (1,)), ((), ())],  # option 1: 5 of 8, option 2: 1 of 8
    "age": [(30, 31), (40, 40)],
}


def rows_of(codings: dict[str, list[tuple[object, object]]], codebook: Codebook) -> list[CodingRow]:
    variables = {v.name: v for v in codebook}
    rows = []
    for name, per_doc in codings.items():
        for d, values in enumerate(per_doc):
            for coder, value in zip(CODERS, values, strict=True):
                if value is not None:
                    rows.append(
                        CodingRow(f"c-{coder}", coder, f"u-{d}", f"d{d}", variables[name].uuid, value)
                    )  # type: ignore[arg-type]
    return rows


@pytest.fixture(scope="module")
def plans() -> dict[str, LinePlan]:
    lines = ReliabilityInput(CODEBOOK, rows_of(CODINGS, CODEBOOK)).lines()
    return {p.name: p for p in plan_lines(lines)}


def test_rarest_share_counts_pairable_values_only(plans: dict[str, LinePlan]) -> None:
    tone = plans["tone"]
    assert (tone.rarest, tone.rarest_share) == (3, pytest.approx(2 / 12))
    assert (tone.pairable_values, tone.units) == (12, 6)
    assert tone.unused == (4,) and "4" in (tone.note or "")
    assert tone.needed == {a: required_sample(a, 0.05, 2 / 12).units for a in (0.8, 0.667)}
    assert tone.verdict == "too few"


def test_ordinal_names_its_codes(plans: dict[str, LinePlan]) -> None:
    mood = plans["mood"]
    assert (mood.rarest, mood.rarest_share, mood.unused) == (1, pytest.approx(3 / 8), (2,))


def test_each_option_is_chosen_or_not(plans: dict[str, LinePlan]) -> None:
    assert (plans["motives=1"].rarest, plans["motives=1"].rarest_share) == (
        "not chosen",
        pytest.approx(3 / 8),
    )
    assert (plans["motives=2"].rarest, plans["motives=2"].rarest_share) == ("chosen", pytest.approx(1 / 8))


def test_interval_ratio_and_uncoded_lines_are_not_planned(plans: dict[str, LinePlan]) -> None:
    age = plans["age"]
    assert age.verdict == "not applicable" and age.needed == {} and "no categories" in (age.note or "")
    assert age.units == 2
    flag = plans["flag"]  # nobody coded it
    assert flag.verdict == "not applicable" and flag.rarest is None and flag.units == 0
    assert "two coders" in (flag.note or "")


@pytest.mark.parametrize(
    ("documents", "verdict"), [(20, "too few"), (40, "enough for .667 only"), (60, "enough for .800")]
)
def test_verdict_against_the_units_needed(documents: int, verdict: str) -> None:
    """Two equally likely categories: .800 needs 103 values (52 documents), .667 needs 60 (30)."""
    assert required_sample(0.8, 0.05, 0.5).units == 52 and required_sample(0.667, 0.05, 0.5).units == 30
    codebook = Codebook((FLAG,))
    codings = {"flag": [(d % 2, d % 2) for d in range(documents)]}
    (plan,) = plan_lines(ReliabilityInput(codebook, rows_of(codings, codebook)).lines())
    assert plan.rarest_share == 0.5 and plan.units == documents
    assert plan.verdict == verdict
    assert plan.to_json_dict()["units_needed"] == {"0.8": 52, "0.667": 30}


def test_values_that_do_not_vary_are_not_planned() -> None:
    codebook = Codebook((FLAG,))
    (plan,) = plan_lines(ReliabilityInput(codebook, rows_of({"flag": [(1, 1)] * 5}, codebook)).lines())
    assert plan.verdict == "not applicable" and plan.unused == (0,) and "do not vary" in (plan.note or "")


@pytest.mark.parametrize(
    ("documents", "alpha", "claim", "too_small"),
    [
        (40, 1.0, 0.8, True),  # claims .800 on 40 documents: 52 needed
        (60, 1.0, 0.8, False),
        (40, 0.7, 0.667, False),  # claims .667: 30 needed
        (20, 0.7, 0.667, True),
        (60, 0.5, None, None),  # claims nothing
        (60, None, None, None),
    ],
)
def test_claim_check_marks_a_sample_too_small_for_its_alpha(
    documents: int, alpha: float | None, claim: float | None, too_small: bool | None
) -> None:
    codebook = Codebook((FLAG,))
    codings = {"flag": [(d % 2, d % 2) for d in range(documents)]}
    (plan,) = plan_lines(ReliabilityInput(codebook, rows_of(codings, codebook)).lines())
    check = claim_check(plan, alpha)
    if claim is None:
        assert check is None
    else:
        assert check is not None and check["claim"] == claim and check["too_small"] is too_small
        assert check["units"] == documents and check["rarest_share"] == 0.5


def test_claim_check_is_silent_where_the_planner_does_not_apply(plans: dict[str, LinePlan]) -> None:
    assert claim_check(plans["age"], 0.95) is None


@pytest.mark.parametrize(("documents", "too_small"), [(40, True), (52, False), (60, False)])
def test_the_report_marks_an_alpha_its_sample_cannot_carry(documents: int, too_small: bool) -> None:
    """Perfect agreement on a 50/50 binary variable claims .800; by hand, with z = 1.6449 (one-tailed .05):
    2z²[(1.8·2.2)/(4·.2·.25) − .8] = 102.8 → 103 values, 52 documents for two coders."""
    from ictool.core.reliability import reliability_report

    codebook = Codebook((FLAG,))
    codings = {"flag": [(d % 2, d % 2) for d in range(documents)]}
    (line,) = reliability_report(ReliabilityInput(codebook, rows_of(codings, codebook))).variables
    assert line.alpha == 1.0 and line.sample is not None
    assert (line.sample["claim"], line.sample["units_needed"]) == (0.8, 52)
    assert line.sample["too_small"] is too_small
    assert line.to_json_dict()["sample"]["too_small"] is too_small
    quick = reliability_report(ReliabilityInput(codebook, rows_of(codings, codebook)), diagnostics=False)
    assert quick.variables[0].sample is None  # a diagnostic: the first look leaves it out
