"""Reading a reliability data sheet (.csv or .xlsx) the way a person laid it out.

Two layouts are accepted. The default is the one people type: one row per unit, one column per
coder, a header row naming the coders, and optionally a first column headed ``unit`` with unit ids.
``coders_in_rows`` reads Krippendorff's own layout instead: one row per coder, no header, no unit
column. Empty cells, ``NA`` and ``.`` are missing.

Everything is read as text and converted per level, never by pandas' guessing: numeric levels parse
numbers (a decimal point, not a comma — a comma may be a thousands separator and a wrong guess
silently changes data), and nominal data keep text but read numeric-looking cells as numbers, so a
``1`` typed in one cell and a ``1.0`` written by Excel in another are the same category. Every
problem names the file, and where possible the row and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ictool.core.codebook.model import Level
from ictool.core.codebook.values import parse_number
from ictool.core.errors import UserError
from ictool.core.reliability.data import ReliabilityData, from_matrix
from ictool.core.reliability.values import as_level

MISSING_MARKS = frozenset({"", "NA", "."})
_SHOWN = 3


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
    frame = _read(path, header=not coders_in_rows)
    if coders_in_rows:
        cells = frame.to_numpy(dtype=object)
        coders: list[str] = [f"coder {i + 1}" for i in range(cells.shape[0])]
        units: list[str] = [str(j + 1) for j in range(cells.shape[1])]
        where = [
            (f"row {i + 1}", f"column {j + 1}") for i in range(cells.shape[0]) for j in range(cells.shape[1])
        ]
    else:
        columns = [str(c).strip() for c in frame.columns]
        has_units = bool(columns) and columns[0].casefold() == "unit"
        unit_col = frame.iloc[:, 0] if has_units else None
        body = frame.iloc[:, 1:] if has_units else frame
        coders = columns[1:] if has_units else columns
        units = (
            [str(u) for u in unit_col] if unit_col is not None else [str(i + 1) for i in range(len(frame))]
        )
        cells = body.to_numpy(dtype=object).T  # Krippendorff's orientation: coders × units
        where = [
            (f"row {j + 2}", f"column {coders[i]!r}")
            for i in range(cells.shape[0])
            for j in range(cells.shape[1])
        ]
    if not coders:
        raise UserError(f"{path}: no coder columns found")
    parsed = _convert(path, lvl, cells.ravel().tolist(), where)
    matrix = np.array(parsed, dtype=object).reshape(cells.shape)
    ranks = None if order is None else [_cell_value(o.strip(), numeric=False) for o in order]
    try:
        return from_matrix(matrix, lvl, order=ranks, coders=coders, units=units)
    except UserError as exc:
        raise UserError([f"{path}: {p}" for p in exc.problems]) from None


def _read(path: Path, *, header: bool) -> pd.DataFrame:
    if not path.exists():
        raise UserError(f"{path}: no such file")
    suffix = path.suffix.lower()
    options = {"dtype": str, "keep_default_na": False, "header": 0 if header else None}
    try:
        if suffix == ".csv":
            return pd.read_csv(path, encoding="utf-8-sig", skip_blank_lines=True, **options)  # type: ignore[call-overload, no-any-return]
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, engine="openpyxl", **options)  # type: ignore[call-overload, no-any-return]
    except pd.errors.EmptyDataError:
        raise UserError(f"{path}: the file is empty") from None
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(f"{path}: cannot be read as a {suffix[1:]} sheet ({reason})") from None
    except Exception as exc:  # openpyxl raises its own types for damaged workbooks
        raise UserError(f"{path}: cannot be read as a {suffix[1:]} sheet ({type(exc).__name__})") from None
    raise UserError(f"{path}: unsupported file type {path.suffix!r}; use .csv or .xlsx")


def _cell_value(text: str, *, numeric: bool) -> object:
    """A number where the text is one; otherwise the text (or None when ``numeric`` demands a number)."""
    number = parse_number(text)
    if number is not None:
        return number
    return None if numeric else text


def _convert(path: Path, level: Level, cells: list[object], where: list[tuple[str, str]]) -> list[object]:
    numeric = level in (Level.INTERVAL, Level.RATIO)
    out: list[object] = []
    bad: list[str] = []
    for cell, (row, column) in zip(cells, where, strict=True):
        if cell is None or (isinstance(cell, float) and cell != cell) or cell is pd.NA:
            out.append(None)
            continue
        text = str(cell).strip()
        if text in MISSING_MARKS:
            out.append(None)
            continue
        value = _cell_value(text, numeric=numeric)
        if value is None:
            bad.append(f"{text!r} ({row}, {column})")
        out.append(value)
    if bad:
        shown = ", ".join(bad[:_SHOWN]) + (f" and {len(bad) - _SHOWN} more" if len(bad) > _SHOWN else "")
        raise UserError(f"{path}: {level.value} values must be numbers; found {shown}")
    return out
