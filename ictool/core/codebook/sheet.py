"""Read a codebook spreadsheet (.xlsx or .csv) and validate every row before anything is used.

A codebook is written by hand in Excel, so the reader's main job is to explain: it collects every
problem of every row (numbered as Excel shows them: header row 1, first variable row 2) and raises
them together, because fixing one problem per run is how a researcher loses an afternoon. Nothing is
returned unless the whole sheet is valid.

Cells are read as text here and never by pandas: type guessing would turn a label ``NA`` into a
missing value, ``01`` into ``1.0`` and ``TRUE`` into a bool. Excel's own numeric cells are turned back
into the text a person typed (``1.0`` becomes ``1``).

:func:`read_table` knows files, encodings and sheets; :func:`codebook_from_rows` knows only rows of
text, which lets the writers reuse it to refuse a codebook they could not write faithfully.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ictool.core import tabular as spreadsheets
from ictool.core.codebook.choices import code_key, find_choice, parse_choices, parse_code, split_items
from ictool.core.codebook.model import Category, Code, Codebook, Level, Number, Variable
from ictool.core.codebook.names import REQUIRED_COLUMNS, column_key, name_problem, option_column
from ictool.core.codebook.values import format_number, parse_number
from ictool.core.errors import ValidationError
from ictool.core.tabular import Table

#: Variable rows: row number and the text of each known column.
Rows = Iterable[tuple[int, Mapping[str, str]]]

MAX_MISSING_CODES = 3  # SPSS stores at most three discrete missing values per variable
_YES = frozenset({"yes", "y", "true", "1", "x"})
_NO = frozenset({"no", "n", "false", "0", ""})
_LEVELS = ", ".join(level.value for level in Level)
# Characters the xlsx format cannot hold (openpyxl refuses them on writing).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_codebook(path: Path) -> Codebook:
    """Read and validate a codebook sheet; raise ValidationError listing every problem."""
    rows, stray = _rows_and_stray_cells(read_table(path), path.name)
    try:
        codebook = codebook_from_rows(rows, path.name)
    except ValidationError as exc:
        raise ValidationError(stray + exc.problems) from None
    if stray:
        raise ValidationError(stray)
    return codebook


# -- files -> table ------------------------------------------------------------------------------------


def read_table(path: Path) -> Table:
    """All rows of an .xlsx sheet (the one named "Codebook" if any) or a .csv file, as text."""
    return spreadsheets.read_table(
        path, what="a codebook", is_header=lambda cell: column_key(cell) is not None, sheet_name="codebook"
    )


# -- table -> rows ----------------------------------------------------------------------------------------


def rows_from_table(table: Table, source: str) -> list[tuple[int, dict[str, str]]]:
    """Find the header (the first non-blank row) and map each variable row to the known columns.

    Unknown columns are ignored so that people can keep notes next to the codebook; rows blank in
    every known column are skipped. A value in a column without a header is refused (see
    :func:`_stray_cells`).
    """
    rows, stray = _rows_and_stray_cells(table, source)
    if stray:
        raise ValidationError(stray)
    return rows


def _rows_and_stray_cells(table: Table, source: str) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The variable rows, and a problem for every value in a column without a header."""
    nonblank = [(number, cells) for number, cells in table if any(c.strip() for c in cells)]
    if not nonblank:
        raise ValidationError(
            f"{source} is empty: it needs a header row (name, level, …) and a row per variable"
        )
    header_number, header = nonblank[0]
    columns: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        key = column_key(cell)
        if key is not None and key in columns:
            # here only: importing openpyxl takes 0.15 s, and the app's cold start imports this module
            from openpyxl.utils import get_column_letter

            first, again = get_column_letter(columns[key] + 1), get_column_letter(index + 1)
            problems.append(
                f"{source}, row {header_number}: the column ‘{key}’ appears twice ({first} and {again})."
            )
        elif key is not None:
            columns[key] = index
    lacking = [f"‘{c}’" for c in REQUIRED_COLUMNS if c not in columns]
    if lacking:
        found = ", ".join(f"‘{c.strip()}’" for c in header if c.strip())
        problems.append(
            f"{source}, row {header_number}: the header has no {' or '.join(lacking)} column "
            f"(required: name and level; found: {found})."
        )
    if problems:
        raise ValidationError(problems)
    rows = []
    for number, cells in nonblank[1:]:
        mapped = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        if any(text.strip() for text in mapped.values()):
            rows.append((number, mapped))
    if not rows:
        raise ValidationError(f"{source} has a header row but no variables")
    return rows, _stray_cells(nonblank[1:], header, source)


def _stray_cells(body: Table, header: list[str], source: str) -> list[str]:
    """Values in columns whose header cell is blank, most often beyond the last header.

    Such a value is nearly always one that slipped a column (an extra ``;`` in a CSV row, a cell
    pasted one column too far), so ignoring it as a note would silently drop part of a variable; the
    other sheets ictool reads (``alpha``, ``import-codes``) refuse it too. A note column only needs a
    header to be ignored.
    """
    problems = []
    for number, cells in body:
        for index, text in enumerate(cells):
            if text.strip() and not (index < len(header) and header[index].strip()):
                from openpyxl.utils import get_column_letter  # here only: see _rows_and_stray_cells

                problems.append(
                    f"{source}, row {number}, column {get_column_letter(index + 1)}: ‘{text.strip()}’ is "
                    "in a column without a header; a value may have shifted into the wrong column "
                    "(an extra delimiter?). Move it where it belongs, or give the column a header "
                    "(columns ictool does not know are ignored)."
                )
    return problems


# -- rows -> codebook ----------------------------------------------------------------------------------


def codebook_from_rows(rows: Rows, source: str) -> Codebook:
    """Validate variable rows; raise ValidationError with one sentence per problem, naming the row."""
    problems: list[str] = []
    variables: list[Variable] = []
    first_row: dict[str, tuple[int, str]] = {}
    for number, cells in rows:
        name = cells.get("name", "").strip()
        variable, issues = variable_from_row(cells)
        if name and name.casefold() in first_row:
            earlier, earlier_name = first_row[name.casefold()]
            issues.insert(0, f"the name ‘{name}’ is already used in row {earlier} (‘{earlier_name}’)")
        elif name:
            first_row[name.casefold()] = (number, name)
        where = f"{source}, row {number}" + (f" (‘{name}’)" if name else "")
        problems.extend(f"{where}: {issue}." for issue in issues)
        if variable is not None and not issues:
            variables.append(variable)
    problems.extend(_option_column_clashes(variables, first_row, source))
    if problems:
        raise ValidationError(problems)
    return Codebook(tuple(variables))


def _option_column_clashes(
    variables: list[Variable], first_row: Mapping[str, tuple[int, str]], source: str
) -> list[str]:
    """A variable named like another's option column (``reasons`` with option 1 and ``reasons_1``)."""
    problems = []
    for var in variables:
        if not var.multiple:
            continue
        for choice in var.choices:
            column = option_column(var.name, choice.code)
            clash = first_row.get(column.casefold())
            if clash is not None:
                number, name = clash
                problems.append(
                    f"{source}, row {number} (‘{name}’): the name is taken by option {choice.code} of the "
                    f"multi-select variable ‘{var.name}’ (row {first_row[var.name.casefold()][0]}), whose "
                    f"column in exports is ‘{column}’; rename one of them."
                )
    return problems


@dataclass
class _Row:
    cells: Mapping[str, str]
    problems: list[str] = field(default_factory=list)

    def text(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def number(self, column: str) -> Number | None:
        raw = self.text(column)
        number = parse_number(raw)
        if raw and number is None:
            self.problems.append(f"{column} ‘{raw}’ is not a number (use . for decimals)")
        return number


def variable_from_row(cells: Mapping[str, str]) -> tuple[Variable | None, list[str]]:
    """One row's variable, or None and the problems (phrases without file or row)."""
    row = _Row(cells)
    name = row.text("name")
    if (problem := name_problem(name)) is not None:
        row.problems.append(problem)
    level = _level(row)
    multiple = _multiple(row)
    choices, choice_problems = parse_choices(row.text("choices"))
    row.problems.extend(choice_problems)
    minimum, maximum = row.number("min"), row.number("max")
    tokens = _missing_tokens(row)
    missing: tuple[Code | Number, ...] = ()
    if level is not None:
        _check_level(row, level, choices, multiple, minimum, maximum)
        missing = _missing_codes(row, level, choices, multiple, tokens)
    for column, text in cells.items():
        if _CONTROL_RE.search(text):
            row.problems.append(f"the {column} holds a control character, which spreadsheets cannot store")
    if row.problems or level is None:
        return None, row.problems
    return Variable(
        name=name,
        level=level,
        label=row.text("label"),
        group=row.text("group"),
        description=row.text("description"),
        choices=choices,
        missing=missing,
        multiple=multiple,
        minimum=minimum,
        maximum=maximum,
    ), []


def _level(row: _Row) -> Level | None:
    raw = row.text("level")
    try:
        return Level(raw.casefold())
    except ValueError:
        shown = f"‘{raw}’ is not a level" if raw else "the level is empty"
        row.problems.append(f"{shown} (allowed: {_LEVELS})")
        return None


def _multiple(row: _Row) -> bool:
    raw = row.text("multiple")
    if raw.casefold() in _YES:
        return True
    if raw.casefold() not in _NO:
        row.problems.append(f"multiple ‘{raw}’ is not yes or no (write yes or no, or leave it blank)")
    return False


def _check_level(
    row: _Row,
    level: Level,
    choices: Sequence[Category],
    multiple: bool,
    minimum: Number | None,
    maximum: Number | None,
) -> None:
    """The rules that tie level, choices, multiple and min/max together."""
    if level is Level.TEXT:
        used = [c for c in ("choices", "missing", "min", "max") if row.text(c)] + ["multiple"] * multiple
        if used:
            row.problems.append(f"a text variable is free text and takes no {', '.join(used)}")
        return
    bounded = bool(row.text("min") or row.text("max"))
    if level is Level.NOMINAL and not row.text("choices"):
        row.problems.append("a nominal variable needs choices, e.g. ‘1, Yes | 0, No’")
    if level is Level.ORDINAL and not row.text("choices"):
        row.problems.append("an ordinal variable needs its choices in order (an ordinal without an order)")
    if bounded and (choices or level in (Level.NOMINAL, Level.ORDINAL)):
        row.problems.append("min and max apply to numbers only, not to a variable with choices")
    if level in (Level.INTERVAL, Level.RATIO):
        article = "an" if level is Level.INTERVAL else "a"
        for cat in choices:
            if not isinstance(cat.code, int):
                row.problems.append(
                    f"the code ‘{cat.code}’ is not a whole number, which {article} {level} variable needs"
                )
            elif level is Level.RATIO and cat.code < 0:
                row.problems.append(
                    f"the code {cat.code} is negative, which a ratio variable (true zero) cannot be"
                )
    if level is Level.RATIO:
        for column, bound in (("min", minimum), ("max", maximum)):
            if bound is not None and bound < 0:
                row.problems.append(
                    f"{column} {format_number(bound)} is negative: a ratio variable starts at zero"
                )
    if minimum is not None and maximum is not None and minimum > maximum:
        row.problems.append(f"min {format_number(minimum)} is greater than max {format_number(maximum)}")
    if multiple and (level is not Level.NOMINAL or not choices):
        row.problems.append("only a nominal variable with choices can be multiple-choice")


def _missing_tokens(row: _Row) -> list[str]:
    raw = row.text("missing")
    tokens = [token for token, _ in split_items(raw)] if raw else []
    if any(not token for token in tokens):
        row.problems.append("missing has an empty entry (two ‘|’ in a row, or one at the end)")
    tokens = [token for token in tokens if token]
    if len(tokens) > MAX_MISSING_CODES:
        row.problems.append(
            f"missing lists {len(tokens)} codes; at most {MAX_MISSING_CODES} are allowed (SPSS)"
        )
    return tokens


def _missing_codes(
    row: _Row, level: Level, choices: Sequence[Category], multiple: bool, tokens: list[str]
) -> tuple[Code | Number, ...]:
    """Missing codes are choice codes of a categorical variable, numbers (any range) of a numeric one."""
    if not tokens or level is Level.TEXT:
        return ()
    if multiple:
        row.problems.append("a multiple-choice variable takes no missing codes (code ‘none chosen’ as [])")
        return ()
    codes: list[Code | Number] = []
    categorical = bool(choices) or level in (Level.NOMINAL, Level.ORDINAL)
    for token in tokens:
        if categorical:
            cat = find_choice(choices, parse_code(token))
            if cat is None and choices:
                row.problems.append(f"the missing code ‘{token}’ is not one of the choices")
            elif cat is not None:
                codes.append(cat.code)
        elif (number := parse_number(token)) is None:
            row.problems.append(f"the missing code ‘{token}’ is not a number")
        else:
            codes.append(number)
    keys = [code_key(c) if isinstance(c, str) else ("n", float(c)) for c in codes]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            row.problems.append(f"the missing code ‘{codes[index]}’ is listed twice")
    return tuple(codes)
