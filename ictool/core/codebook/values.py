"""Coded values: from what a person typed, to what the GUI holds, to what SQLite stores, and back.

One module decides what a valid value is, so that the coding form, spreadsheet import, the
``resolve`` command and package merge cannot disagree. The canonical forms are those of
:data:`ictool.core.codebook.model.Value`: a choice code, a tuple of codes in codebook order, an int
when a number is integral (``3.0`` is stored as ``3`` so that equal numbers compare and encode
equally) or a float, or the text as typed.
"""

from __future__ import annotations

import json
import math
import numbers
import re

from ictool.core.codebook.choices import find_choice, format_code, parse_code
from ictool.core.codebook.model import Category, Code, Kind, Number, Value, Variable
from ictool.core.errors import ValidationError
from ictool.core.tabular import format_number as format_number  # one rule for cells and values

_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_SHOWN_CHOICES = 8
EMPTY_SET = "[]"


# -- numbers -----------------------------------------------------------------------------------------


# Arabic-Indic and Eastern Arabic-Indic digits, the Arabic decimal separator and the minus sign are
# what an Arabic or Persian keyboard types for a number: read them as the digits they are.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫−", "01234567890123456789.-")


def read_number(text: str) -> tuple[Number | None, str | None]:
    """The number ``text`` stands for, or None and why it is not one (a phrase after the text).

    ``3,5`` is refused rather than guessed: in a codebook or data sheet a comma may just as well be a
    thousands separator, and a wrong guess silently changes data. Decimal parsing keeps integers
    exact however large they are. A fraction is stored as a binary float: one that would underflow to
    0, or that is not exactly what its float prints back as (``29.99999999999999999`` would become
    30), is refused with the reason, never rounded in silence.
    """
    from decimal import Decimal  # on use: reading stored values (every command) never parses text

    text = text.strip().translate(_DIGITS)
    if not _NUMBER_RE.fullmatch(text):
        return None, "is not a number (write digits, with . for decimals)"
    exact = Decimal(text)
    if not math.isfinite(float(exact)):
        return None, "is too large to store"
    if exact == exact.to_integral_value():
        return int(exact), None
    number = float(exact)
    if number == 0:
        return None, "is too small to store: it would become 0"
    if Decimal(repr(number)) != exact:
        stored = format_number(number)
        return None, f"cannot be stored exactly (it would become {stored}); round it"
    return number, None


def parse_number(text: str) -> Number | None:
    """A number written with a ``.`` decimal point, or None (see :func:`read_number` for why not)."""
    return read_number(text)[0]


def _as_number(value: object) -> Number | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


# -- from text -----------------------------------------------------------------------------------------


def parse_value(variable: Variable, raw: str) -> Value | None:
    """The value a typed text or spreadsheet cell stands for; None when blank (not coded)."""
    if not raw.strip():
        return None
    kind = variable.kind
    if kind is Kind.TEXT:
        return raw
    if kind is Kind.NUMBER:
        number, problem = read_number(raw)
        if number is None:
            raise ValidationError(f"‘{raw.strip()}’ {problem}, and ‘{variable.name}’ needs a number")
        return _check_range(variable, number)
    if kind is Kind.SINGLE:
        return _match_text(variable, raw.strip()).code
    return _parse_multi(variable, raw.strip())


def _parse_multi(variable: Variable, text: str) -> tuple[Code, ...]:
    if "".join(text.split()) == EMPTY_SET:
        return ()
    tokens = [token.strip() for token in text.split("|") if token.strip()]
    if not tokens:
        raise ValidationError(f"‘{text}’ holds no choice of ‘{variable.name}’ (write [] for none chosen)")
    matched: list[Category] = []
    unknown: list[str] = []
    for token in tokens:
        try:
            matched.append(_match_text(variable, token))
        except ValidationError:
            unknown.append(token)
    if unknown:
        listed = ", ".join(f"‘{t}’" for t in unknown)
        raise ValidationError(
            f"{listed} {'is not a choice' if len(unknown) == 1 else 'are not choices'} of ‘{variable.name}’ "
            f"(allowed: {_allowed(variable)}; separate several with |, write [] for none chosen)"
        )
    return _in_codebook_order(variable, matched)


def _match_text(variable: Variable, token: str) -> Category:
    """Code first (1, 01 and 1.0 are code 1), then exact label, then label or code ignoring case."""
    choices = variable.choices
    code = parse_code(token)
    exact = find_choice(choices, code)
    if exact is not None and (not isinstance(code, str) or exact.code == code):
        return exact
    for finder in (
        lambda c: c.label == token,
        lambda c: c.label.casefold() == token.casefold(),
        lambda c: isinstance(c.code, str) and c.code.casefold() == token.casefold(),
    ):
        found = [c for c in choices if finder(c)]
        if len(found) == 1:
            return found[0]
    raise ValidationError(f"‘{token}’ is not a choice of ‘{variable.name}’ (allowed: {_allowed(variable)})")


def _allowed(variable: Variable) -> str:
    shown = [f"{format_code(c.code)} {c.label}" for c in variable.choices[:_SHOWN_CHOICES]]
    if len(variable.choices) > _SHOWN_CHOICES:
        shown.append("…")
    return ", ".join(shown)


def _check_range(variable: Variable, number: Number) -> Number:
    if variable.is_missing_code(number):
        return number
    low, high = variable.minimum, variable.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"{_bound(low)} to {_bound(high)}"
        raise ValidationError(
            f"{format_number(number)} is outside the range of ‘{variable.name}’ ({bounds})"
            + (f"; missing codes: {', '.join(map(str, variable.missing))}" if variable.missing else "")
        )
    return number


def _bound(bound: Number | None) -> str:
    return "…" if bound is None else format_number(bound)


def _in_codebook_order(variable: Variable, chosen: list[Category]) -> tuple[Code, ...]:
    ids = {id(c) for c in chosen}
    return tuple(c.code for c in variable.choices if id(c) in ids)


# -- from Python -----------------------------------------------------------------------------------------


def validate_value(variable: Variable, value: object) -> Value:
    """Check and normalise a Python value (from the GUI or a package); raise ValidationError if wrong.

    Unlike :func:`parse_value` this does not look up labels: a program hands over codes.
    """
    name = variable.name
    if isinstance(value, bool):
        raise ValidationError(f"‘{name}’ takes no true/false value ({value!r})")
    kind = variable.kind
    if kind is Kind.TEXT:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"‘{name}’ takes a non-empty text, not {value!r}")
        return value
    if kind is Kind.NUMBER:
        number = _as_number(value)
        if number is None:
            raise ValidationError(f"‘{name}’ takes a finite number, not {value!r}")
        return _check_range(variable, number)
    if kind is Kind.SINGLE:
        return _validate_code(variable, value).code
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError(f"‘{name}’ takes a list of choice codes, not {value!r}")
    return _in_codebook_order(variable, [_validate_code(variable, item) for item in value])


def _validate_code(variable: Variable, value: object) -> Category:
    code: Code | None = None
    if isinstance(value, str):
        code = value
    else:
        number = _as_number(value)
        if isinstance(number, int):
            code = number
    found = find_choice(variable.choices, code) if code is not None else None
    if found is None:
        raise ValidationError(
            f"{value!r} is not a choice of ‘{variable.name}’ (allowed: {_allowed(variable)})"
        )
    return found


# -- storage and display ---------------------------------------------------------------------------------


def encode_value(value: Value) -> str:
    """JSON text for SQLite; lossless: ints stay ints, floats floats, tuples become lists."""
    if isinstance(value, bool):
        raise ValueError(f"not a coded value: {value!r}")
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False, allow_nan=False)


def decode_value(text: str) -> Value:
    """The inverse of :func:`encode_value`; a damaged stored value raises ValidationError."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise ValidationError(f"the stored value {text!r} is not valid JSON ({exc})") from exc
    if isinstance(data, list) and all(_is_code(item) for item in data):
        return tuple(data)
    if isinstance(data, int | str) and not isinstance(data, bool):
        return data
    if isinstance(data, float) and math.isfinite(data):
        return data
    raise ValidationError(f"the stored value {text!r} is not a coded value")


def _is_code(item: object) -> bool:
    return isinstance(item, int | str) and not isinstance(item, bool)


def format_value(variable: Variable, value: Value | None, labels: bool = False) -> str:
    """Text for display and CSV; :func:`parse_value` reads it back to the same value.

    Multi-select values are joined with ``|`` and the empty set is ``[]``, matching what people type.
    """
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "|".join(_format_code(variable, c, labels) for c in value) if value else EMPTY_SET
    if variable.kind is Kind.TEXT and isinstance(value, str):
        return value
    if variable.is_categorical and not isinstance(value, float):
        return _format_code(variable, value, labels)
    return format_number(value) if isinstance(value, int | float) else value


def _format_code(variable: Variable, code: Code, labels: bool) -> str:
    return variable.label_of(code) if labels else format_code(code)
