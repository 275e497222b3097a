"""The one definition of disagreement (ARCHITECTURE.md, "Disagreement"), shared with reconciliation."""

from __future__ import annotations

import pytest

from ictool.core.codebook.disagreement import disagreement_key, values_disagree
from ictool.core.codebook.model import Category, Level, Variable

SINGLE = Variable(
    "gender",
    Level.NOMINAL,
    choices=(Category(1, "Woman"), Category(2, "Man"), Category(9, "n/a")),
    missing=(9,),
)
MULTI = Variable(
    "motives",
    Level.NOMINAL,
    multiple=True,
    choices=(Category(1, "Ideology"), Category(2, "Belonging"), Category("x", "Money"), Category(99, "n/a")),
    missing=(99,),
)
NUMBER = Variable("age", Level.RATIO, missing=(999,))
TEXT = Variable("quote", Level.TEXT)
STRING_CODES = Variable("mood", Level.ORDINAL, choices=(Category("lo", "Low"), Category("hi", "High")))


@pytest.mark.parametrize(
    ("variable", "values", "expected"),
    [
        (SINGLE, [1, 1], False),
        (SINGLE, [1, 2], True),
        (SINGLE, [1], False),  # one value cannot disagree
        (SINGLE, [], False),
        (SINGLE, [1, 1, 1, 2], True),
        (SINGLE, [9, 1], True),  # a declared missing code counts as a value here
        (SINGLE, [9, 9], False),
        (SINGLE, [1, 1.0], False),  # numbers compare by value
        (SINGLE, [1, "1"], True),  # text is not a number
        (SINGLE, [True, 1], True),  # truth values are not codes
        (NUMBER, [31, 31.0, 31], False),
        (NUMBER, [31, 31.5], True),
        (NUMBER, [999, 31], True),
        (MULTI, [(1, 2), (2, 1)], False),  # sets: order does not matter
        (MULTI, [(1, 2), (1,)], True),
        (MULTI, [(), ()], False),
        (MULTI, [(), (1,)], True),  # the empty set is a value
        (MULTI, [(1, 1), (1,)], False),  # repeats do not matter
        (MULTI, [("x", 1), (1.0, "x")], False),
        (MULTI, [(99,), (1,)], True),
        (MULTI, [(1,), 1], False),  # a lone code given for a multi-select is the set holding it
        (TEXT, ["a", "b"], False),  # text variables are never compared
        (STRING_CODES, ["lo", "hi"], True),
        (STRING_CODES, ["lo", "lo"], False),
    ],
)
def test_values_disagree(variable: Variable, values: list[object], expected: bool) -> None:
    assert values_disagree(variable, values) is expected  # type: ignore[arg-type]


def test_not_coded_slots_are_skipped() -> None:
    assert values_disagree(SINGLE, [1, None, 1]) is False  # type: ignore[list-item]
    assert values_disagree(SINGLE, [None, 2, None]) is False  # type: ignore[list-item]
    assert values_disagree(SINGLE, [None, 2, 1]) is True  # type: ignore[list-item]


def test_keys_are_equal_exactly_when_values_agree() -> None:
    assert disagreement_key(MULTI, (1, 2)) == disagreement_key(MULTI, (2, 1))
    assert disagreement_key(MULTI, ()) != disagreement_key(MULTI, (1,))
    assert disagreement_key(SINGLE, 2) == disagreement_key(SINGLE, 2.0)
    assert disagreement_key(SINGLE, float("nan")) == disagreement_key(SINGLE, float("nan"))
