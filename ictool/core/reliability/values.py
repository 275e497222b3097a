"""What counts as a value, a missing value and the same value, for reliability data.

Reliability data arrive from spreadsheets, pandas frames, numpy arrays and the project store, so the
same number shows up as ``1``, ``1.0``, ``np.int64(1)`` or ``np.float32(1.0)``. Alpha must see one
value there, or agreement is silently under-counted. Every value is therefore reduced to a *key*:
``(0, float)`` for a real number, ``(1, str)`` for text, ``(2, bool)`` for a truth value (kept apart
from 0/1 on purpose: the codebook model does not treat ``True`` as the code ``1`` either). Keys sort
numbers before text, which gives a deterministic value domain.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from ictool.core.codebook.model import Level
from ictool.core.errors import UserError

#: A normalised value: ``(0, number)``, ``(1, text)`` or ``(2, truth value)``.
ValueKey = tuple[int, Any]

#: Levels alpha can be computed for (text variables are never scored).
SCORED_LEVELS: tuple[Level, ...] = (Level.NOMINAL, Level.ORDINAL, Level.INTERVAL, Level.RATIO)

_EXAMPLES = 3


def as_level(level: Level | str) -> Level:
    """The :class:`Level` named by ``level``, refusing text and unknown names in plain words."""
    try:
        parsed = Level(str(level).strip().lower())
    except ValueError:
        parsed = None
    if parsed is None or parsed not in SCORED_LEVELS:
        names = ", ".join(lv.value for lv in SCORED_LEVELS)
        raise UserError(f"unknown level of measurement {str(level)!r}; use one of: {names}")
    return parsed


def is_missing(value: object) -> bool:
    """None, NaN (any float type), ``pd.NA`` and ``NaT`` are missing; everything else is a value."""
    kind = type(value)
    if kind is int or kind is str:
        return False
    if kind is float:
        return value != value  # NaN is the only float unequal to itself
    if value is None:
        return True
    # pandas' NA and NaT can only exist once pandas was imported by the caller: no need to load it here.
    pandas = sys.modules.get("pandas")
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return True
    if isinstance(value, float | numbers.Real) and not isinstance(value, bool | numbers.Integral):
        return math.isnan(float(value))
    return False


def value_key(value: object) -> ValueKey:
    """The normalised key of one non-missing value (see the module docstring)."""
    kind = type(value)
    if kind is int:
        return (0, float(value))  # type: ignore[arg-type]
    if kind is str:
        return (1, value)
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise UserError(f"{value!r} is not a finite number")
        return (0, number)
    if isinstance(value, str):
        return (1, value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars of other kinds (np.str_, np.bool_)
        return value_key(value.item())
    raise UserError(f"{value!r} is not a value alpha can use (numbers, text or truth values only)")


def key_label(key: ValueKey) -> Hashable:
    """What a person reads for a key: integral numbers without ``.0``."""
    kind, item = key
    if kind == 0 and float(item).is_integer():
        return int(item)
    return item  # type: ignore[no-any-return]


def describe(keys: Iterable[ValueKey]) -> str:
    """A short, readable list of a few offending values for an error message."""
    shown = [repr(key_label(k)) for k in list(keys)[:_EXAMPLES]]
    return ", ".join(shown)


def order_keys(order: Sequence[object]) -> list[ValueKey]:
    """The keys of an explicit value order, refusing repeats (a rank cannot be held twice)."""
    keys = [value_key(v) for v in order]
    seen: set[ValueKey] = set()
    repeated = [k for k in keys if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    if repeated:
        raise UserError(f"the value order lists {describe(repeated)} more than once")
    return keys


def domain_for(level: Level, observed: Iterable[ValueKey], order: Sequence[object] | None) -> list[ValueKey]:
    """The ordered value domain for ``level``: the explicit order, or the sorted observed values.

    Nominal order is irrelevant to alpha but fixes the category count Gwet's AC1 uses; ordinal ranks
    follow ``order`` (or numeric order); interval and ratio need numbers, ratio non-negative ones.
    """
    seen = sorted(set(observed))
    if order is not None:
        if level in (Level.INTERVAL, Level.RATIO):
            raise UserError("a value order applies to nominal and ordinal data only")
        domain = order_keys(order)
        unknown = sorted(set(seen) - set(domain))
        if unknown:
            raise UserError(f"value(s) {describe(unknown)} are not in the given order")
        return domain
    if level is Level.NOMINAL:
        return seen
    not_numbers = [k for k in seen if k[0] != 0]
    if not_numbers:
        if level is Level.ORDINAL:
            raise UserError(
                f"ordinal values {describe(not_numbers)} are not numbers: give their order explicitly"
            )
        raise UserError(f"{level.value} values must be numbers, not {describe(not_numbers)}")
    if level is Level.RATIO:
        negative = [k for k in seen if k[1] < 0]
        if negative:
            raise UserError(f"ratio values cannot be negative: {describe(negative)}")
    return seen
