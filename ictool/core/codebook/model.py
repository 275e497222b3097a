"""Domain objects of a codebook: what a variable is, independent of where it is stored.

Variables and categories carry UUIDs because names are handles people edit: a variable
renamed in the project must still match the codings a coder made in an older package.
The objects are frozen so they can be shared between the GUI thread and workers.
"""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

#: A choice code as researchers write it: an integer (``1``) or a short string (``"yes"``).
Code = int | str
#: A numeric value of an interval/ratio variable, or a numeric missing code.
Number = int | float
#: What one coder recorded for one variable on one document.
#:   single choice -> Code; multi-select -> tuple of Codes (codebook order, no repeats,
#:   ``()`` = coded, none chosen); number -> Number; text -> str.
Value = Code | Number | tuple[Code, ...] | str


def new_uuid() -> str:
    return str(_uuid.uuid4())


class Level(StrEnum):
    """Level of measurement; it decides the distance metric of alpha."""

    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"
    TEXT = "text"


class Kind(StrEnum):
    """The widget and value type a variable needs, derived from level, choices and ``multiple``."""

    SINGLE = "single"
    MULTI = "multi"
    NUMBER = "number"
    TEXT = "text"


@dataclass(frozen=True)
class Category:
    """One choice of a categorical variable; position is its order (ordinal order too)."""

    code: Code
    label: str
    uuid: str = field(default_factory=new_uuid, compare=False)


@dataclass(frozen=True)
class Variable:
    """One column of the final dataset.

    ``missing`` holds declared missing codes ("not applicable", "no information"): for a
    categorical variable they are codes of its choices, for a numeric variable numbers
    that may lie outside ``minimum``/``maximum``. Reliability excludes them; exports keep them.
    """

    name: str
    level: Level
    label: str = ""
    group: str = ""
    description: str = ""
    choices: tuple[Category, ...] = ()
    missing: tuple[Code | Number, ...] = ()
    multiple: bool = False
    minimum: Number | None = None
    maximum: Number | None = None
    uuid: str = field(default_factory=new_uuid, compare=False)

    @property
    def kind(self) -> Kind:
        if self.level is Level.TEXT:
            return Kind.TEXT
        if self.choices:
            return Kind.MULTI if self.multiple else Kind.SINGLE
        return Kind.NUMBER

    @property
    def scored(self) -> bool:
        """Whether the variable is measured (alpha, disagreements, "uncoded" counts); free-text memo
        variables are optional and never compared."""
        return self.kind is not Kind.TEXT

    @property
    def is_categorical(self) -> bool:
        return self.kind in (Kind.SINGLE, Kind.MULTI)

    @property
    def display_label(self) -> str:
        return self.label or self.name

    def category(self, code: Code) -> Category | None:
        for cat in self.choices:
            if cat.code == code:
                return cat
        return None

    def label_of(self, code: Code) -> str:
        cat = self.category(code)
        return cat.label if cat is not None else str(code)

    def is_missing_code(self, value: object) -> bool:
        """True when ``value`` is one of this variable's declared missing codes."""
        if not self.missing or isinstance(value, tuple | list):
            return False
        return any(_same_code(value, m) for m in self.missing)


def _same_code(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b


@dataclass(frozen=True)
class Codebook:
    """An ordered set of variables; order is the order of the coding form and of exports."""

    variables: tuple[Variable, ...] = ()

    def __iter__(self) -> Iterator[Variable]:
        return iter(self.variables)

    def __len__(self) -> int:
        return len(self.variables)

    def get(self, name: str) -> Variable | None:
        """Look a variable up by name, case-insensitively (names are unique that way)."""
        return self._by_name.get(name.casefold())

    def by_uuid(self, var_uuid: str) -> Variable | None:
        return self._by_uuid.get(var_uuid)

    # Made on first use, kept with the (immutable) codebook: a scan per lookup made every loop over a
    # 200-variable codebook's lines quadratic (the dashboard's fill looked each line's group up so).
    @cached_property
    def _by_name(self) -> dict[str, Variable]:
        out: dict[str, Variable] = {}
        for var in self.variables:
            out.setdefault(var.name.casefold(), var)  # the first, as a scan finds it
        return out

    @cached_property
    def _by_uuid(self) -> dict[str, Variable]:
        out: dict[str, Variable] = {}
        for var in self.variables:
            out.setdefault(var.uuid, var)
        return out

    @property
    def groups(self) -> list[str]:
        """Group names in order of first appearance."""
        seen: dict[str, None] = {}
        for var in self.variables:
            seen.setdefault(var.group, None)
        return list(seen)
