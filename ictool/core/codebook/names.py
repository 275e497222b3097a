"""Names that leave ictool: variable names and the column names of a codebook sheet.

Variable names become column names in SPSS, R and Stata exports, so they follow a rule all three
accept: an ASCII letter first, then ASCII letters, digits or ``_``, none of their reserved words, and
at most 64 characters (SPSS's limit; Stata allows 32, so a Stata export would have to shorten names).
A name refused here is one that would break a statistician's import later, far from its cause.
"""

from __future__ import annotations

import re

NAME_MAX_LENGTH = 64

_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*", re.ASCII)

# Reserved words. SPSS compares names ignoring case; R and Stata are case-sensitive, so ``na`` is fine.
_SPSS = frozenset({"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"})
_R = ("if", "else", "repeat", "while", "function", "for", "in", "next", "break", "TRUE", "FALSE", "NULL")
_R_VALUES = ("Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_")
_STATA = ("byte", "double", "float", "int", "long", "strL", "using", "with")
_CASE_SENSITIVE_RESERVED = frozenset((*_R, *_R_VALUES, *_STATA))
_STATA_STR_RE = re.compile(r"str[0-9]+", re.ASCII)

#: Column names every export and coding sheet uses besides the variables: no variable may take them.
RESERVED_COLUMNS = frozenset({"document"})

_UNSAFE_SUFFIX_RE = re.compile(r"[^A-Za-z0-9_]", re.ASCII)

#: The columns of a codebook sheet, in the order ictool writes them.
COLUMNS: tuple[str, ...] = (
    "name",
    "label",
    "level",
    "choices",
    "group",
    "description",
    "missing",
    "multiple",
    "min",
    "max",
)
#: Columns a sheet must have; every other column may be left out.
REQUIRED_COLUMNS: tuple[str, ...] = ("name", "level")
# The model spells them ``minimum``/``maximum``; accepting that spelling costs nothing.
_ALIASES = {"minimum": "min", "maximum": "max"}


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a variable name, or None when it can."""
    if not name:
        return "the name is empty"
    if len(name) > NAME_MAX_LENGTH:
        return f"the name ‘{name}’ is longer than {NAME_MAX_LENGTH} characters"
    if not _NAME_RE.fullmatch(name):
        return (
            f"‘{name}’ is not a valid variable name: start with a letter (A–Z) and use only letters "
            "A–Z, digits and _ (SPSS, R and Stata accept nothing else)"
        )
    if name.upper() in _SPSS or name in _CASE_SENSITIVE_RESERVED or _STATA_STR_RE.fullmatch(name):
        return f"‘{name}’ is a reserved word in SPSS, R or Stata and cannot name a variable"
    if name.casefold() in RESERVED_COLUMNS:
        return (
            f"‘{name}’ names the column of document ids in every export and coding sheet; "
            "choose another name for the variable"
        )
    return None


def option_column(variable: str, code: int | str) -> str:
    """The export column of one option of a multi-select variable (0/1), e.g. ``reasons_2``.

    Defined here, beside the names it must not clash with, so that the codebook refuses a variable
    whose name an option column would take and the exports need never rename one.
    """
    if isinstance(code, int):
        suffix = str(code) if code >= 0 else f"m{-code}"
    else:
        suffix = _UNSAFE_SUFFIX_RE.sub("_", code)
    return f"{variable}_{suffix}"


def column_key(header: str) -> str | None:
    """The codebook column a header cell names (case and surrounding spaces ignored), or None."""
    key = header.strip().casefold()
    key = _ALIASES.get(key, key)
    return key if key in COLUMNS else None
