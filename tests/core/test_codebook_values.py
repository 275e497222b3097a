"""Values: parsing typed text, validating Python values, JSON storage and display."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictool.core.codebook.model import Category, Level, Value, Variable
from ictool.core.codebook.values import (
    decode_value,
    encode_value,
    format_number,
    format_value,
    parse_number,
    parse_value,
    validate_value,
)
from ictool.core.errors import ValidationError

ROLE = Variable(
    "role",
    Level.NOMINAL,
    choices=(Category(1, "Fighter"), Category(2, "Recruiter"), Category(9, "Not mentioned")),
    missing=(9,),
)
TOPICS = Variable(
    "topics",
    Level.NOMINAL,
    multiple=True,
    choices=(Category("a", "Arms"), Category("b", "Money"), Category("c", "Drugs")),
)
AGE = Variable("age", Level.RATIO, minimum=0, maximum=120, missing=(999,))
SCORE = Variable("score", Level.INTERVAL, minimum=-2.5, maximum=2.5)
NOTES = Variable("notes", Level.TEXT)
ANSWER = Variable("answer", Level.NOMINAL, choices=(Category("yes", "Agreed"), Category("no", "Refused")))


def refused(variable: Variable, raw: str) -> str:
    with pytest.raises(ValidationError) as info:
        parse_value(variable, raw)
    (problem,) = info.value.problems
    return problem


# -- parse_value ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("variable", [ROLE, TOPICS, AGE, NOTES])
@pytest.mark.parametrize("raw", ["", "   ", "\t"])
def test_blank_is_not_coded(variable: Variable, raw: str) -> None:
    assert parse_value(variable, raw) is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [("1", 1), ("1.0", 1), ("01", 1), (" 2 ", 2), ("Fighter", 1), ("recruiter", 2), ("9", 9), ("+1", 1)],
)
def test_single_choice_by_code_or_label(raw: str, code: int) -> None:
    value = parse_value(ROLE, raw)
    assert value == code and type(value) is int


def test_string_codes_match_exactly_then_ignoring_case() -> None:
    assert parse_value(ANSWER, "yes") == "yes"
    assert parse_value(ANSWER, "NO") == "no"
    assert parse_value(ANSWER, "agreed") == "yes"


def test_exact_label_wins_over_case_insensitive_and_ambiguous_case_is_refused() -> None:
    variable = Variable("v", Level.NOMINAL, choices=(Category(1, "Yes"), Category(2, "YES")))
    assert parse_value(variable, "YES") == 2
    assert "‘yes’ is not a choice of ‘v’" in refused(variable, "yes")


def test_unknown_choice_names_variable_value_and_allowed_choices() -> None:
    assert (
        refused(ROLE, "7")
        == "‘7’ is not a choice of ‘role’ (allowed: 1 Fighter, 2 Recruiter, 9 Not mentioned)"
    )
    assert "not a choice" in refused(ROLE, "1.5")


def test_long_choice_lists_are_shortened_in_messages() -> None:
    many = Variable("many", Level.NOMINAL, choices=tuple(Category(i, f"c{i}") for i in range(1, 21)))
    assert refused(many, "99").endswith("8 c8, …)")


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("a|b", ("a", "b")),
        ("b | a", ("a", "b")),
        ("a|a|A", ("a",)),
        ("Money|Arms", ("a", "b")),
        ("c", ("c",)),
        ("[]", ()),
        (" [ ] ", ()),
        ("a||b|", ("a", "b")),
    ],
)
def test_multi_select(raw: str, codes: tuple[str, ...]) -> None:
    assert parse_value(TOPICS, raw) == codes


def test_multi_select_refuses_unknown_parts_and_empty_lists() -> None:
    assert refused(TOPICS, "a|z|y").startswith("‘z’, ‘y’ are not choices of ‘topics’ (allowed: a Arms")
    assert "holds no choice" in refused(TOPICS, "|")


@pytest.mark.parametrize(
    ("raw", "number"),
    [("42", 42), ("42.0", 42), (" 7 ", 7), ("0", 0), ("1e2", 100), ("120", 120), ("999", 999)],
)
def test_number_within_range_or_missing_code(raw: str, number: int) -> None:
    value = parse_value(AGE, raw)
    assert value == number and type(value) is int


def test_number_floats() -> None:
    assert parse_value(SCORE, "-2.5") == -2.5
    assert parse_value(SCORE, ".5") == 0.5
    assert type(parse_value(SCORE, "1.25")) is float


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("121", "121 is outside the range of ‘age’ (0 to 120); missing codes: 999"),
        ("-1", "-1 is outside the range of ‘age’ (0 to 120); missing codes: 999"),
        ("3,5", "‘3,5’ is not a number (write digits, with . for decimals), and ‘age’ needs a number"),
        ("abc", "‘abc’ is not a number (write digits, with . for decimals), and ‘age’ needs a number"),
        ("nan", "‘nan’ is not a number (write digits, with . for decimals), and ‘age’ needs a number"),
        ("inf", "‘inf’ is not a number (write digits, with . for decimals), and ‘age’ needs a number"),
    ],
)
def test_number_refusals(raw: str, message: str) -> None:
    assert refused(AGE, raw) == message


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1e-400", "is too small to store: it would become 0"),
        ("29.99999999999999999", "cannot be stored exactly (it would become 30); round it"),
        ("1e400", "is too large to store"),
    ],
)
def test_numbers_that_storing_would_change_are_refused_with_the_reason(raw: str, reason: str) -> None:
    assert reason in refused(SCORE, raw)


@pytest.mark.parametrize(
    ("raw", "number"), [("٤٢", 42), ("۳٫۵", 3.5), ("−7", -7), ("0.30000000000000004", 0.30000000000000004)]
)
def test_arabic_indic_digits_and_the_minus_sign_are_read(raw: str, number: float) -> None:
    assert parse_value(Variable("n", Level.RATIO), raw) == number


def test_text_is_kept_as_typed() -> None:
    assert parse_value(NOTES, "  He said: 1 | 2  ") == "  He said: 1 | 2  "


# -- validate_value -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (ROLE, 1, 1),
        (ROLE, 1.0, 1),
        (ROLE, np.int64(2), 2),
        (ANSWER, "yes", "yes"),
        (TOPICS, ["c", "a", "c"], ("a", "c")),
        (TOPICS, ("b",), ("b",)),
        (TOPICS, {"b", "a"}, ("a", "b")),
        (TOPICS, [], ()),
        (AGE, 50.0, 50),
        (AGE, np.float64(3.0), 3),
        (AGE, 999, 999),
        (SCORE, 1.5, 1.5),
        (NOTES, " x ", " x "),
    ],
)
def test_validate_normalises(variable: Variable, value: object, expected: Value) -> None:
    result = validate_value(variable, value)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (ROLE, True, "takes no true/false value"),
        (ROLE, "1", "'1' is not a choice of ‘role’"),
        (ROLE, 7, "7 is not a choice of ‘role’"),
        (ROLE, 1.5, "1.5 is not a choice"),
        (ROLE, [1], "is not a choice"),
        (TOPICS, "a", "takes a list of choice codes"),
        (TOPICS, ["a", "z"], "'z' is not a choice of ‘topics’"),
        (AGE, "50", "takes a finite number"),
        (AGE, math.nan, "takes a finite number"),
        (AGE, math.inf, "takes a finite number"),
        (AGE, 121, "outside the range"),
        (AGE, False, "takes no true/false value"),
        (NOTES, "  ", "takes a non-empty text"),
        (NOTES, 5, "takes a non-empty text"),
    ],
)
def test_validate_refuses(variable: Variable, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_value(variable, value)
    assert message in info.value.problems[0]


# -- JSON storage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, -2, 1.0, 2.5, "yes", "ünïcødé القاهرة", ("a", 1), (), "", 10**30])
def test_encoding_round_trip_keeps_types(value: Value) -> None:
    decoded = decode_value(encode_value(value))
    assert decoded == value and type(decoded) is type(value)


def test_encoding_is_readable_json() -> None:
    assert encode_value(("a", 1)) == '["a", 1]'
    assert encode_value("é") == '"é"'
    assert encode_value(1.0) == "1.0"


@pytest.mark.parametrize("text", ["", "{", "true", "null", '{"a": 1}', "[1, [2]]", "[true]", "NaN", "1e999"])
def test_decoding_damaged_values_is_a_validation_error(text: str) -> None:
    with pytest.raises(ValidationError):
        decode_value(text)


def test_encoding_refuses_non_values() -> None:
    with pytest.raises(ValueError):
        encode_value(True)
    with pytest.raises(ValueError):
        encode_value(math.nan)


codes = st.integers() | st.text(max_size=20)
values: st.SearchStrategy[Any] = (
    codes | st.floats(allow_nan=False, allow_infinity=False) | st.lists(codes, max_size=5).map(tuple)
)


@given(values)
def test_encoding_round_trip_property(value: Value) -> None:
    decoded = decode_value(encode_value(value))
    assert decoded == value
    assert type(decoded) is type(value)
    if isinstance(value, tuple):
        assert [type(x) for x in decoded] == [type(x) for x in value]  # type: ignore[union-attr]


# -- display ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value", "labels", "text"),
    [
        (ROLE, 1, False, "1"),
        (ROLE, 9, True, "Not mentioned"),
        (TOPICS, ("a", "c"), False, "a|c"),
        (TOPICS, ("a", "c"), True, "Arms|Drugs"),
        (TOPICS, (), True, "[]"),
        (AGE, 42, True, "42"),
        (SCORE, 0.1, False, "0.1"),
        (NOTES, " as typed ", False, " as typed "),
        (ROLE, None, False, ""),
    ],
)
def test_format_value(variable: Variable, value: Value | None, labels: bool, text: str) -> None:
    assert format_value(variable, value, labels=labels) == text


@given(st.data())
def test_format_then_parse_is_identity(data: st.DataObject) -> None:
    variable = data.draw(st.sampled_from([ROLE, TOPICS, ANSWER, AGE, SCORE]))
    labels = data.draw(st.booleans())
    value: Value
    if variable is TOPICS:
        value = tuple(sorted(data.draw(st.sets(st.sampled_from(["a", "b", "c"])))))
    elif variable.choices:
        value = data.draw(st.sampled_from([c.code for c in variable.choices]))
    elif variable is AGE:
        value = data.draw(st.integers(0, 120) | st.just(999))
    else:
        value = data.draw(st.floats(-2.5, 2.5))
        value = int(value) if value.is_integer() else value
    assert parse_value(variable, format_value(variable, value, labels=labels)) == value


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_format_number_round_trips(number: float) -> None:
    assert parse_number(format_number(number)) == number
