"""Choice codes and the REDCap data-dictionary syntax ``1, Yes | 0, No | 9, Not mentioned``.

REDCap's syntax is what researchers already type into codebook spreadsheets, so ictool reads and
writes it rather than inventing its own. Each choice is ``code, label``; the label may contain commas
(only the first comma splits). REDCap has no escape for ``|``, so a label cannot contain one: the
codebook reader cannot see such a label and the writer refuses it instead of writing something the
reader would split differently.

In a spreadsheet cell people also type one choice per line (Alt+Enter in Excel, so the cell holds
``1, Yes\n2, No``), so a line break separates choices exactly as ``|`` does. A label therefore cannot
contain a line break either: the line after it would be read as a choice of its own, and since it
has no ``code, label`` form it is refused, with a message saying that a label cannot continue on a
new line, rather than silently turned into a label that spans lines.

Codes are canonical: a token that is an integer literal (``1``, ``01``, ``-2``, or ``1.0`` as Excel
stores it) becomes an ``int``, so that ``1`` and ``01`` are the same code everywhere; anything else is
a short string. String codes are compared exactly first and case-insensitively second, so the
validator refuses two codes differing only in capitalisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ictool.core.codebook.model import Category, Code

CODE_MAX_LENGTH = 32

_INT_RE = re.compile(r"[+-]?[0-9]+(?:\.0*)?", re.ASCII)
_CODE_RE = re.compile(r"[A-Za-z0-9_.\-]+", re.ASCII)
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")

#: A comparison key for codes: integers by value, strings ignoring case.
CodeKey = tuple[str, int | str]


def parse_code(token: str) -> Code:
    """The canonical code a token stands for: an int for an integer literal, else the stripped string."""
    text = token.strip()
    if _INT_RE.fullmatch(text):
        return int(text.split(".")[0])
    return text


def code_problem(token: str) -> str | None:
    """Why ``token`` cannot be a choice code, or None when it can."""
    text = token.strip()
    if not text:
        return "a choice has an empty code"
    if len(text) > CODE_MAX_LENGTH:
        return f"the code ‘{text}’ is longer than {CODE_MAX_LENGTH} characters"
    if not _CODE_RE.fullmatch(text):
        return f"‘{text}’ is not a valid code: use a whole number or up to 32 letters, digits, _, - or ."
    return None


def code_key(code: Code) -> CodeKey:
    if isinstance(code, int):
        return ("n", code)
    return ("s", code.casefold())


def find_choice(choices: Sequence[Category], code: Code) -> Category | None:
    """The choice with ``code``: ints by value, strings exactly, else case-insensitively if unique."""
    if isinstance(code, bool):
        return None
    for cat in choices:
        if isinstance(cat.code, str) == isinstance(code, str) and cat.code == code:
            return cat
    if isinstance(code, str):
        folded = [c for c in choices if isinstance(c.code, str) and c.code.casefold() == code.casefold()]
        if len(folded) == 1:
            return folded[0]
    return None


def format_code(code: Code) -> str:
    return str(code)


def format_choices(choices: Iterable[Category]) -> str:
    """Choices in REDCap syntax, the inverse of :func:`parse_choices` for labels without ``|``."""
    return " | ".join(f"{format_code(c.code)}, {c.label}" for c in choices)


def split_items(text: str) -> list[tuple[str, bool]]:
    """The items of a ``|``- or line-separated list, each with whether a line break bounded it.

    Blank lines are ignored (a trailing Alt+Enter, or ``1, Yes |`` then a new line), but an empty
    item between two ``|`` is kept, empty, for the caller to report.
    """
    items: list[tuple[str, bool]] = []
    for piece in text.split("|"):
        lines = _LINE_BREAK_RE.split(piece)
        if len(lines) == 1:
            items.append((piece.strip(), False))
            continue
        filled = [line.strip() for line in lines if line.strip()]
        items.extend((line, True) for line in filled or [""])
    return items


def parse_choices(text: str) -> tuple[tuple[Category, ...], list[str]]:
    """Parse REDCap choices; return the choices and every problem found (empty when valid).

    Problems are phrases without a trailing full stop, for the caller to prefix with file and row.
    """
    problems: list[str] = []
    choices: list[Category] = []
    seen_codes: dict[CodeKey, tuple[str, str]] = {}  # code as typed, its label
    seen_labels: dict[str, str] = {}
    if not text.strip():
        return (), problems
    for number, (item, on_a_line) in enumerate(split_items(text), start=1):
        code_text, comma, label = (part.strip() for part in item.partition(","))
        if not item:
            problems.append(f"choice {number} is empty (two ‘|’ in a row, or one at the end)")
        elif not comma:
            continued = " (a label cannot continue on a new line: a line break starts the next choice)"
            problems.append(
                f"choice ‘{item}’ has no code: write each choice as ‘code, label’" + continued * on_a_line
            )
        elif (problem := code_problem(code_text)) is not None:
            problems.append(problem)
        elif not label:
            problems.append(f"choice ‘{code_text}’ has no label")
        else:
            code = parse_code(code_text)
            key = code_key(code)
            if key in seen_codes:
                first, first_label = seen_codes[key]
                again = f"the code ‘{first}’" + ("" if first == code_text else f" (as ‘{code_text}’)")
                problems.append(f"{again} is given twice: to ‘{first_label}’ and to ‘{label}’")
                continue
            seen_codes[key] = (code_text, label)
            if label.casefold() in seen_labels:
                first = seen_labels[label.casefold()]
                problems.append(f"the label ‘{label}’ is used twice (codes ‘{first}’ and ‘{code_text}’)")
                continue
            seen_labels[label.casefold()] = code_text
            choices.append(Category(code=code, label=label))
    problems.extend(_ambiguous_labels(choices))
    return tuple(choices), problems


def _ambiguous_labels(choices: Sequence[Category]) -> list[str]:
    """A label that reads as another choice's code makes typed values ambiguous (‘2’: code or label?)."""
    problems = []
    for cat in choices:
        as_code = code_key(parse_code(cat.label))
        for other in choices:
            if other is not cat and code_key(other.code) == as_code:
                problems.append(
                    f"the label ‘{cat.label}’ (code {cat.code}) is also the code of ‘{other.label}’: "
                    f"a typed ‘{cat.label}’ would be ambiguous"
                )
    return problems
