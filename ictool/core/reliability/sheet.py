"""Reading a reliability data sheet (.csv or .xlsx) the way a person laid it out.

Two layouts are accepted. The default is the one people type: one row per unit, one column per
coder, a header row naming the coders, and optionally a first column of unit ids. That column is
recognised by its header (``unit``, ``id``, ``document`` as ictool's own sheets write it, ``case``,
``item``, ``Unit ID``…), because read as a coder it would silently pair ids with codes; a first column
whose header only resembles an id and whose every row holds a different value is refused for the same
reason. ``coders_in_rows`` reads Krippendorff's own layout instead: one row per coder, no header, no
names column; a header row or names column found there is refused rather than read as values.

Missing values are written many ways, and one read as a category changes alpha without a word: empty
cells, ``NA``, ``N/A``, ``NaN``, ``#N/A`` (any case), ``.``, and ``*`` (Krippendorff's own) or ``-`` alone
in a cell are missing, as are the codes a caller declares (``99`` also matches ``99.0``). How many cells
each non-empty marker stood for is reported, so a marker that was meant as a value is noticed. Blank rows
are skipped, and a coder without a single value is left out: it is no judge, and counted it would change
the bootstrap's number of draws (KALPHA's M), as KALPHA and the project report do not count it.

The file is read by the same reader as codebooks and coding sheets (:mod:`ictool.core.tabular`), so a
sheet ``import-codes`` reads is a sheet ``ictool alpha`` reads: UTF-8, UTF-16 and Windows-1252 text,
delimited by ``,``, ``;`` or tab. Coder names are arbitrary, so the delimiter is the one that splits
every line alike. Cells are converted per level, never guessed: numeric levels parse numbers, and
nominal and ordinal data keep text but read numeric-looking cells as numbers, so a ``1`` typed in one
cell and a ``1.0`` written by Excel in another are the same category. A decimal comma (``2,5``) is
read as one only where the delimiter is not a comma; elsewhere a comma may be a thousands separator,
and a wrong guess silently changes data, so it stays text (and numeric levels refuse it), as does a
sheet mixing decimal commas with decimal points. Of a workbook the first sheet is read, unless it holds
no data and exactly one other sheet does (an "Instructions" sheet before the data); which sheet was
read is said whenever the workbook has several.

A row with more cells than the header names is refused with its row number rather than read shifted
(empty cells after the last column, a trailing delimiter, are nothing). Every problem names the file,
and where possible the row and column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ictool.core.codebook.model import Level
from ictool.core.codebook.values import parse_number
from ictool.core.errors import UserError
from ictool.core.reliability.data import ReliabilityData, from_matrix
from ictool.core.reliability.values import as_level
from ictool.core.tabular import EXCEL_SUFFIXES, DecimalMarks, Sheet, Table, read_sheet, with_decimal_point

#: Cell texts that mean "no value", compared casefolded.
MISSING_MARKS = frozenset({"", ".", "*", "-", "na", "n/a", "nan", "#n/a"})
#: How messages list them.
MISSING_SHOWN = "empty cells, NA, N/A, NaN, #N/A, '.', '*' and '-'"
_SHOWN = 3

#: Headers of a unit id column, normalised by :func:`_normal`: the word alone or with an id suffix.
_ID_WORDS = (
    "unit",
    "document",
    "doc",
    "case",
    "item",
    "text",
    "subject",
    "participant",
    "respondent",
    "segment",
    "article",
    "post",
    "message",
    "response",
    "record",
    "observation",
)
_ID_SUFFIXES = ("", "s", "id", "ids", "no", "nr", "number", "name", "key", "code", "label")
ID_HEADERS = frozenset({"id", "ids", "#"} | {w + s for w in _ID_WORDS for s in _ID_SUFFIXES})
#: Words that make a header look like an id without being one of ``ID_HEADERS`` (``Tweet ID``).
_ID_TOKENS = frozenset({"id", "ids", "nr", "no", "number", "num", "key", "index", "idx", "#", *_ID_WORDS})
#: Consecutive whole numbers 1..n this long in a first column are row numbers, not one coder's codes.
_ROW_NUMBERS = 10


@dataclass(frozen=True)
class SheetReading:
    """The data, and what a person should know about how the sheet was read."""

    data: ReliabilityData
    #: Cells read as missing per non-empty marker as written (``*``, ``N/A``) or declared code (``99``).
    missing: dict[str, int] = field(default_factory=dict)
    #: Sentences on what was read other than the plain way (the sheet chosen, a column left out…).
    notes: list[str] = field(default_factory=list)


@dataclass
class _Grid:
    """Cell texts in Krippendorff's orientation (coders × units), with where each cell was read."""

    coders: list[str]
    units: list[str]
    cells: list[list[str]]
    where: list[list[tuple[str, str]]]
    notes: list[str] = field(default_factory=list)


class _Cells:
    """What a cell's text is: missing (and by which marker), a number, or text."""

    def __init__(self, sheet: Sheet, codes: Sequence[str]) -> None:
        self.decimal_comma = sheet.decimal_comma
        self.numbers: dict[float, str] = {}
        self.texts: dict[str, str] = {}
        for code in (c.strip() for c in codes):
            number = parse_number(code)
            if number is not None:
                self.numbers.setdefault(float(number), code)
            elif code:
                self.texts.setdefault(code.casefold(), code)

    def marker(self, text: str, number: object) -> str | None:
        """The marker ``text`` is missing by ('' for an empty cell), or None when it is a value."""
        folded = text.casefold()
        if folded in MISSING_MARKS:
            return text
        if folded in self.texts:
            return self.texts[folded]
        if isinstance(number, int | float) and float(number) in self.numbers:
            return self.numbers[float(number)]
        return None

    def dotted(self, text: str) -> str | None:
        return with_decimal_point(text) if self.decimal_comma else None

    def number(self, text: str) -> int | float | None:
        return parse_number(self.dotted(text) or text)

    def kind(self, cell: str) -> str:
        """'missing', 'number' or 'text' (for telling a layout's header and names from its values)."""
        text = cell.strip()
        number = self.number(text)
        if self.marker(text, number) is not None:
            return "missing"
        return "text" if number is None else "number"


def read_reliability_sheet(
    path: Path,
    level: Level | str = Level.NOMINAL,
    *,
    order: Sequence[str] | None = None,
    coders_in_rows: bool = False,
    missing: Sequence[str] = (),
) -> ReliabilityData:
    """The reliability data in ``path`` at ``level`` (see the module docstring for the layouts)."""
    return load_reliability_sheet(
        path, level, order=order, coders_in_rows=coders_in_rows, missing=missing
    ).data


def load_reliability_sheet(
    path: Path,
    level: Level | str = Level.NOMINAL,
    *,
    order: Sequence[str] | None = None,
    coders_in_rows: bool = False,
    missing: Sequence[str] = (),
) -> SheetReading:
    """As :func:`read_reliability_sheet`, with the missing markers used and notes on the reading.

    ``missing`` lists codes that mean missing besides the usual markers: a number matches any cell with
    the same value, text matches regardless of case.
    """
    try:
        lvl = as_level(level)
    except UserError as exc:
        raise UserError([f"{path}: {p}" for p in exc.problems]) from None
    if order is not None and lvl not in (Level.NOMINAL, Level.ORDINAL):
        raise UserError(f"{path}: --order applies to nominal and ordinal data only, not to {lvl.value} data")
    sheet, rows, notes, context = _read_rows(path, coders_in_rows)
    try:
        return _reading(path, lvl, sheet, rows, notes, order, coders_in_rows, missing)
    except UserError as exc:
        raise UserError([p + context for p in exc.problems]) from None


def _reading(
    path: Path,
    lvl: Level,
    sheet: Sheet,
    rows: Table,
    notes: list[str],
    order: Sequence[str] | None,
    coders_in_rows: bool,
    missing: Sequence[str],
) -> SheetReading:
    if not rows:
        raise UserError(f"{path}: the file is empty")
    cells = _Cells(sheet, missing)
    grid = _coders_in_rows(path, rows, cells) if coders_in_rows else _units_in_rows(path, rows, cells)
    if not grid.coders:
        raise UserError(f"{path}: no coder columns found")
    flat = [cell for row in grid.cells for cell in row]
    where = [place for row in grid.where for place in row]
    parsed, markers = _convert(path, lvl, flat, where, cells)
    matrix = np.array(parsed, dtype=object).reshape(len(grid.coders), len(grid.units))
    coders = grid.coders
    empty = [i for i in range(len(coders)) if all(v is None for v in matrix[i])]
    if empty and len(empty) < len(coders):
        names = ", ".join(f"‘{coders[i]}’" for i in empty)
        what = f"coders {names} have" if len(empty) > 1 else f"coder {names} has"
        notes = [
            *notes,
            f"{what} no values and {'are' if len(empty) > 1 else 'is'} not counted, as in KALPHA",
        ]
        keep = [i for i in range(len(coders)) if i not in empty]
        matrix = matrix[keep]
        coders = [coders[i] for i in keep]
    ranks = None if order is None else [_cell_value(o.strip(), numeric=False) for o in order]
    try:
        data = from_matrix(matrix, lvl, order=ranks, coders=coders, units=grid.units)
    except UserError as exc:
        raise UserError([f"{path}: {p}" for p in exc.problems]) from None
    return SheetReading(data, markers, [*notes, *grid.notes])


# -- which rows: the file, or which sheet of a workbook ---------------------------------------------------


def _nonblank(sheet: Sheet) -> Table:
    return [(number, cells) for number, cells in sheet.rows if any(c.strip() for c in cells)]


def _read_rows(path: Path, coders_in_rows: bool) -> tuple[Sheet, Table, list[str], str]:
    """The sheet, its non-blank rows, notes, and what to add to a problem to say which sheet it is in.

    A workbook's sheet is chosen only between "the first" and "the one other sheet with data": anything
    cleverer would read a sheet the person did not mean without their noticing.
    """
    titles = _sheet_titles(path)
    if len(titles) < 2:
        sheet = read_sheet(path, what="reliability data", is_header=None, name=str(path))
        return sheet, _nonblank(sheet), [], ""

    def read(title: str) -> Sheet:
        return read_sheet(path, what="reliability data", is_header=None, sheet_name=title, name=str(path))

    def has_data(rows: Table) -> bool:
        return len(rows) >= 2  # a header and a unit, or two coders

    def listed(names: Sequence[str]) -> str:
        return ", ".join(f"‘{n}’" for n in names)

    first = read(titles[0])
    rows = _nonblank(first)
    if not has_data(rows):
        with_data: list[tuple[str, Sheet | None]] = []
        for title in titles[1:]:
            try:
                other = read(title)
            except UserError:
                with_data.append((title, None))  # unreadable here; reading it for real names the cell
                continue
            if has_data(_nonblank(other)):
                with_data.append((title, other))
        if len(with_data) == 1:
            title, probed = with_data[0]
            chosen = probed if probed is not None else read(title)
            rest = [t for t in titles if t != title]
            note = f"read sheet ‘{title}’: the first sheet, ‘{titles[0]}’, holds no data" + (
                f" (the workbook also has {listed(rest[1:])})" if len(rest) > 1 else ""
            )
            return chosen, _nonblank(chosen), [note], f" (read sheet ‘{title}’)"
    also = listed(titles[1:])
    note = f"read sheet ‘{titles[0]}’, the first; the workbook also has {also}"
    return first, rows, [note], f" (read sheet ‘{titles[0]}’; the workbook also has {also})"


def _sheet_titles(path: Path) -> list[str]:
    """A workbook's sheet names, stripped as the reader matches them; [] for text or an unreadable file."""
    if path.suffix.lower() not in EXCEL_SUFFIXES or not path.is_file():
        return []
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # the reader itself then says what is wrong with the file
        return []
    try:
        return [title.strip() for title in workbook.sheetnames]
    finally:
        workbook.close()


# -- layouts ------------------------------------------------------------------------------------------


def _width(cells: list[str]) -> int:
    """Cells up to the last non-blank one: what a trailing delimiter adds is nothing."""
    return next((i + 1 for i in range(len(cells) - 1, -1, -1) if cells[i].strip()), 0)


def _quoted(texts: Sequence[str]) -> str:
    shown = ", ".join(f"‘{t.strip()}’" for t in texts[:_SHOWN])
    return shown + (", …" if len(texts) > _SHOWN else "")


def _coders_in_rows(path: Path, rows: Table, cells: _Cells) -> _Grid:
    """Krippendorff's layout: a row may stop early (its last units are missing), so the longest decides."""
    width = max(_width(cells) for _, cells in rows)
    padded = [cells[:width] + [""] * (width - len(cells)) for _, cells in rows]
    _refuse_header_or_names(path, rows, padded, cells)
    where = [[(f"row {number}", f"column {j + 1}") for j in range(width)] for number, _ in rows]
    coders = [f"coder {i + 1}" for i in range(len(rows))]
    return _Grid(coders, [str(j + 1) for j in range(width)], padded, where)


def _refuse_header_or_names(path: Path, rows: Table, padded: list[list[str]], cells: _Cells) -> None:
    """Refuse a header row or a names column in Krippendorff's layout, which has neither.

    Read as values, a header row becomes one more coder and the names one more unit: alpha comes out,
    wrong, with nothing to show for it. The signs are unambiguous only against numbers: a first row all
    text, or a first cell of every row that is text, over values that are all numbers.
    """
    kinds = [[cells.kind(c) for c in row] for row in padded]
    header = len(rows) > 1 and _all_text(kinds[0]) and _numbers_only(row[1:] for row in kinds[1:])
    body = kinds[1:] if header else kinds
    names = len(body) > 1 and all(row[0] == "text" for row in body) and _numbers_only(row[1:] for row in body)
    names = names and len({row[0].strip().casefold() for row in padded[len(kinds) - len(body) :]}) == len(
        body
    )
    if not (header or names):
        return
    found = []
    if header:
        found.append(f"row {rows[0][0]} looks like a header ({_quoted([c for c in padded[0] if c.strip()])})")
    if names:
        first = [row[0] for row in padded[len(kinds) - len(body) :]]
        found.append(f"column 1 looks like coder names ({_quoted(first)})")
    raise UserError(
        f"{path}: with --coders-in-rows the sheet must hold only values, one row per coder (Krippendorff's "
        f"layout has no header row and no column of names), but {' and '.join(found)}; delete "
        f"{'them' if header and names else 'it'}, or lay the sheet out with a header row naming the coders "
        "and one row per unit and leave out --coders-in-rows"
    )


def _all_text(kinds: list[str]) -> bool:
    present = [k for k in kinds if k != "missing"]
    return len(present) >= 2 and all(k == "text" for k in present)


def _numbers_only(rows: Iterable[list[str]]) -> bool:
    seen = [k for row in rows for k in row]
    return "number" in seen and "text" not in seen


def _normal(header: str) -> str:
    return re.sub(r"[\s_.\-]+", "", header.casefold())


def _tokens(header: str) -> set[str]:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header)
    return {t for t in re.split(r"[^0-9A-Za-z#]+", spaced.casefold()) if t}


def _units_in_rows(path: Path, rows: Table, cells: _Cells) -> _Grid:
    """The typed layout; a data row longer than the header is refused, never read shifted.

    A value in a column without a header is either a misplaced value or a coder without a name; both
    would silently move values between coders, which is why the row is named and nothing computed.
    """
    (_, header), body = rows[0], rows[1:]
    names = [c.strip() for c in header[: _width(header)]]
    has_units = bool(names) and _normal(names[0]) in ID_HEADERS
    notes = []
    if has_units and names[0].casefold() != "unit":
        notes.append(f"column 1, ‘{names[0]}’, is read as the unit ids, not as a coder")
    first = 1 if has_units else 0
    coders = names[first:]
    problems = [
        f"{path}: column {first + i + 1} has no coder name in the header row"
        + (
            " (if it holds unit ids, as R's write.csv writes row names, head it ‘unit’)"
            if first + i == 0 and _looks_like_ids(body, 0)
            else ""
        )
        for i, n in enumerate(coders)
        if not n
    ]
    seen: dict[str, int] = {}
    for i, name in enumerate(coders):
        if name and name.casefold() in seen:
            problems.append(
                f"{path}: coder ‘{name}’ heads two columns ({seen[name.casefold()]} and {first + i + 1}); "
                "give each coder's column its own name"
            )
        seen.setdefault(name.casefold(), first + i + 1)
    shown = ", ".join(names)
    for number, row in body:
        if _width(row) > len(names):
            problems.append(
                f"{path}: row {number} has {_width(row)} cells but the header row names only "
                f"{len(names)} columns ({shown}); a value may have shifted into the wrong column, or a "
                "column lacks its header"
            )
    if problems:
        raise UserError(problems)
    if not body:
        raise UserError(f"{path}: there is a header row but no row of data below it")
    if not has_units and names and names[0] and _looks_like_ids(body, 0):
        number_like = _row_numbers([row[0] if row else "" for _, row in body], cells)
        if _tokens(names[0]) & _ID_TOKENS or number_like:
            why = "counts the rows 1, 2, 3, …" if number_like else "has an id's name"
            raise UserError(
                f"{path}: column 1, ‘{names[0]}’, looks like unit ids rather than a coder's values: every "
                f"row holds a different value and the column {why}; head it ‘unit’ to read it as the unit "
                "ids, or rename it if it really is a coder"
            )
    padded = [row[: len(names)] + [""] * (len(names) - len(row)) for _, row in body]
    units = [row[0].strip() for row in padded] if has_units else [str(i + 1) for i in range(len(body))]
    columns = [[row[first + i] for row in padded] for i in range(len(coders))]
    where = [[(f"row {n}", f"column {c!r}") for n, _ in body] for c in coders]
    return _Grid(coders, units, columns, where, notes)


def _looks_like_ids(body: Table, column: int) -> bool:
    """Every row has a value in ``column``, and no two the same: what ids look like."""
    values = [row[column].strip() if len(row) > column else "" for _, row in body]
    return len(values) > 1 and all(values) and len(set(values)) == len(values)


def _row_numbers(values: list[str], cells: _Cells) -> bool:
    """1, 2, 3, … down the column: row numbers (too long a run to be one coder's codes)."""
    numbers = [cells.number(v.strip()) for v in values]
    return len(numbers) >= _ROW_NUMBERS and numbers == list(range(1, len(numbers) + 1))


# -- cells --------------------------------------------------------------------------------------------


def _cell_value(text: str, *, numeric: bool) -> object:
    """A number where the text is one; otherwise the text (or None when ``numeric`` demands a number)."""
    number = parse_number(text)
    if number is not None:
        return number
    return None if numeric else text


def _convert(
    path: Path, level: Level, texts: list[str], where: list[tuple[str, str]], cells: _Cells
) -> tuple[list[object], dict[str, int]]:
    numeric = level in (Level.INTERVAL, Level.RATIO)
    out: list[object] = []
    bad: list[str] = []
    markers: Counter[str] = Counter()
    marks = DecimalMarks()
    for cell, (row, column) in zip(texts, where, strict=True):
        text = cell.strip()
        dotted = cells.dotted(text)
        value = _cell_value(dotted or text, numeric=numeric)
        marker = cells.marker(text, value)
        if marker is not None:
            if marker:
                markers[marker] += 1
            out.append(None)
            continue
        if value is None:
            bad.append(f"{text!r} ({row}, {column})")
        elif dotted is not None:
            marks.saw_comma(f"{text!r} ({row}, {column})")
        elif cells.decimal_comma and "." in text and isinstance(value, int | float):
            marks.saw_point(f"{text!r} ({row}, {column})")
        out.append(value)
    if bad:
        shown = ", ".join(bad[:_SHOWN]) + (f" and {len(bad) - _SHOWN} more" if len(bad) > _SHOWN else "")
        raise UserError(
            f"{path}: {level.value} values must be numbers; found {shown} ({MISSING_SHOWN} are read as "
            "missing, and other missing codes can be declared)"
        )
    mixed = marks.problem(path)
    if mixed is not None:
        raise UserError(mixed)
    return out, dict(markers)
