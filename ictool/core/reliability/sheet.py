"""Reading a reliability data sheet (.csv or .xlsx) the way a person laid it out.

Two layouts are accepted. The default is the one people type: one row per unit, one column per
coder, a header row naming the coders, and optionally a first column headed ``unit`` with unit ids.
``coders_in_rows`` reads Krippendorff's own layout instead: one row per coder, no header, no unit
column. Empty cells, ``NA`` and ``.`` are missing; blank rows are skipped.

The file is read by the same reader as codebooks and coding sheets (:mod:`ictool.core.tabular`), so a
sheet ``import-codes`` reads is a sheet ``ictool alpha`` reads: UTF-8, UTF-16 and Windows-1252 text,
delimited by ``,``, ``;`` or tab. Coder names are arbitrary, so the delimiter is the one that splits
every line alike. Cells are converted per level, never guessed: numeric levels parse numbers, and
nominal and ordinal data keep text but read numeric-looking cells as numbers, so a ``1`` typed in one
cell and a ``1.0`` written by Excel in another are the same category. A decimal comma (``2,5``) is
read as one only where the delimiter is not a comma; elsewhere a comma may be a thousands separator,
and a wrong guess silently changes data, so it stays text (and numeric levels refuse it), as does a
sheet mixing decimal commas with decimal points.

A row with more cells than the header names is refused with its row number rather than read shifted
(empty cells after the last column, a trailing delimiter, are nothing). Every problem names the file,
and where possible the row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ictool.core.codebook.model import Level
from ictool.core.codebook.values import parse_number
from ictool.core.errors import UserError
from ictool.core.reliability.data import ReliabilityData, from_matrix
from ictool.core.reliability.values import as_level
from ictool.core.tabular import Sheet, Table, read_sheet, with_decimal_point

MISSING_MARKS = frozenset({"", "NA", "."})
_SHOWN = 3


@dataclass
class _Grid:
    """Cell texts in Krippendorff's orientation (coders × units), with where each cell was read."""

    coders: list[str]
    units: list[str]
    cells: list[list[str]]
    where: list[list[tuple[str, str]]]


def read_reliability_sheet(
    path: Path,
    level: Level | str = Level.NOMINAL,
    *,
    order: Sequence[str] | None = None,
    coders_in_rows: bool = False,
) -> ReliabilityData:
    """The reliability data in ``path`` at ``level`` (see the module docstring for the layouts)."""
    try:
        lvl = as_level(level)
    except UserError as exc:
        raise UserError([f"{path}: {p}" for p in exc.problems]) from None
    if order is not None and lvl not in (Level.NOMINAL, Level.ORDINAL):
        raise UserError(f"{path}: --order applies to nominal and ordinal data only, not to {lvl.value} data")
    sheet = read_sheet(path, what="reliability data", is_header=None, name=str(path))
    rows = [(number, cells) for number, cells in sheet.rows if any(c.strip() for c in cells)]
    if not rows:
        raise UserError(f"{path}: the file is empty")
    grid = _coders_in_rows(rows) if coders_in_rows else _units_in_rows(path, rows)
    if not grid.coders:
        raise UserError(f"{path}: no coder columns found")
    flat = [cell for row in grid.cells for cell in row]
    where = [place for row in grid.where for place in row]
    parsed = _convert(path, lvl, flat, where, sheet)
    matrix = np.array(parsed, dtype=object).reshape(len(grid.coders), len(grid.units))
    ranks = None if order is None else [_cell_value(o.strip(), numeric=False) for o in order]
    try:
        return from_matrix(matrix, lvl, order=ranks, coders=grid.coders, units=grid.units)
    except UserError as exc:
        raise UserError([f"{path}: {p}" for p in exc.problems]) from None


def _width(cells: list[str]) -> int:
    """Cells up to the last non-blank one: what a trailing delimiter adds is nothing."""
    return next((i + 1 for i in range(len(cells) - 1, -1, -1) if cells[i].strip()), 0)


def _coders_in_rows(rows: Table) -> _Grid:
    """Krippendorff's layout: a row may stop early (its last units are missing), so the longest decides."""
    width = max(_width(cells) for _, cells in rows)
    padded = [cells[:width] + [""] * (width - len(cells)) for _, cells in rows]
    where = [[(f"row {number}", f"column {j + 1}") for j in range(width)] for number, _ in rows]
    coders = [f"coder {i + 1}" for i in range(len(rows))]
    return _Grid(coders, [str(j + 1) for j in range(width)], padded, where)


def _units_in_rows(path: Path, rows: Table) -> _Grid:
    """The typed layout; a data row longer than the header is refused, never read shifted.

    A value in a column without a header is either a misplaced value or a coder without a name; both
    would silently move values between coders, which is why the row is named and nothing computed.
    """
    (_, header), body = rows[0], rows[1:]
    names = [c.strip() for c in header[: _width(header)]]
    has_units = bool(names) and names[0].casefold() == "unit"
    first = 1 if has_units else 0
    coders = names[first:]
    problems = [
        f"{path}: column {first + i + 1} has no coder name in the header row"
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
    for number, cells in body:
        if _width(cells) > len(names):
            problems.append(
                f"{path}: row {number} has {_width(cells)} cells but the header row names only "
                f"{len(names)} columns ({shown}); a value may have shifted into the wrong column, or a "
                "column lacks its header"
            )
    if problems:
        raise UserError(problems)
    if not body:
        raise UserError(f"{path}: there is a header row but no row of data below it")
    padded = [cells[: len(names)] + [""] * (len(names) - len(cells)) for _, cells in body]
    units = [row[0].strip() for row in padded] if has_units else [str(i + 1) for i in range(len(body))]
    columns = [[row[first + i] for row in padded] for i in range(len(coders))]
    where = [[(f"row {n}", f"column {c!r}") for n, _ in body] for c in coders]
    return _Grid(coders, units, columns, where)


def _cell_value(text: str, *, numeric: bool) -> object:
    """A number where the text is one; otherwise the text (or None when ``numeric`` demands a number)."""
    number = parse_number(text)
    if number is not None:
        return number
    return None if numeric else text


def _convert(
    path: Path, level: Level, cells: list[str], where: list[tuple[str, str]], sheet: Sheet
) -> list[object]:
    numeric = level in (Level.INTERVAL, Level.RATIO)
    out: list[object] = []
    bad: list[str] = []
    comma: str | None = None  # the first number written with a decimal comma, and where
    point: str | None = None  # the first written with a decimal point
    for cell, (row, column) in zip(cells, where, strict=True):
        text = cell.strip()
        if text in MISSING_MARKS:
            out.append(None)
            continue
        dotted = with_decimal_point(text) if sheet.decimal_comma else None
        value = _cell_value(dotted or text, numeric=numeric)
        if value is None:
            bad.append(f"{text!r} ({row}, {column})")
        elif dotted is not None:
            comma = comma or f"{text!r} ({row}, {column})"
        elif sheet.decimal_comma and "." in text and isinstance(value, int | float):
            point = point or f"{text!r} ({row}, {column})"
        out.append(value)
    if bad:
        shown = ", ".join(bad[:_SHOWN]) + (f" and {len(bad) - _SHOWN} more" if len(bad) > _SHOWN else "")
        raise UserError(f"{path}: {level.value} values must be numbers; found {shown}")
    if comma and point:
        raise UserError(
            f"{path}: numbers are written both with a decimal comma, as {comma}, and with a decimal "
            f"point, as {point}; a point may be a thousands separator here, so write every number one way"
        )
    return out
