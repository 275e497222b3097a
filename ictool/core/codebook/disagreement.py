"""The one definition of "coders disagree", shared by the reliability report and the reconciliation queue.

If the report counted 12 disagreements on a variable and the queue then showed 14, the lead would
rightly stop trusting both; so both call :func:`values_disagree` (or count with
:func:`disagreement_key`, which it is built on). As ARCHITECTURE.md, "Disagreement", states:

* a (document, variable) is in disagreement when two or more values are present and they differ;
* multi-select values are compared as *sets* (order and repeats do not matter), and the empty set is a
  value: "chose nothing" differs from "chose X";
* a declared missing code counts as a value here — one coder's "not applicable" against another's
  answer must be settled by the lead, although alpha leaves missing codes out;
* numbers compare by value (``1 == 1.0``), text compares exactly, truth values are not numbers;
* text variables are never compared (free text differs in every letter without being a disagreement).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Sequence

from ictool.core.codebook.model import Kind, Value, Variable

__all__ = ["disagreement_key", "value_disagreement_key", "values_disagree"]


def _scalar_key(value: object) -> Hashable:
    kind = type(value)
    if kind is str:  # the common kinds first, without the abstract-class checks (the report's hot loop)
        return ("text", value)
    if kind is int or kind is float:
        number = float(value)  # type: ignore[arg-type]
        return ("nan",) if number != number else ("number", number)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return ("nan",) if math.isnan(number) else ("number", number)
    if isinstance(value, str):
        return ("text", value)
    return ("other", value) if isinstance(value, Hashable) else ("other", repr(value))


def disagreement_key(variable: Variable, value: Value) -> Hashable:
    """A key that is equal for two values exactly when they do not disagree.

    Multi-select values become frozensets of code keys; a lone code given for a multi-select
    variable is read as the set holding it.
    """
    return value_disagreement_key(value, multi=variable.kind is Kind.MULTI)


def value_disagreement_key(value: Value, *, multi: bool) -> Hashable:
    """:func:`disagreement_key` knowing only whether the variable is multi-select (all it depends on),
    so a reader can work it out once per distinct value rather than once per value and variable."""
    if multi:
        items: Iterable[object] = value if isinstance(value, tuple | list | set | frozenset) else (value,)
        return ("set", frozenset(_scalar_key(v) for v in items))
    if isinstance(value, tuple | list):
        return ("set", frozenset(_scalar_key(v) for v in value))
    return _scalar_key(value)


def values_disagree(variable: Variable, values: Sequence[Value]) -> bool:
    """True when at least two values are present and they differ (see the module docstring).

    ``None`` entries (not coded) are skipped, so callers may pass one slot per coder.
    """
    if variable.kind is Kind.TEXT:
        return False
    keys = {disagreement_key(variable, v) for v in values if v is not None}
    present = sum(1 for v in values if v is not None)
    return present >= 2 and len(keys) > 1
