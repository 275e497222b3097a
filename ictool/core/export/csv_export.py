"""The final dataset as CSV: the columns of the Final sheet, full texts, formula-safe.

UTF-8, comma-separated, ``\\r\\n`` line ends (RFC 4180, what Excel writes); ``bom`` adds a byte-order
mark so that Excel on Windows shows accents and non-Latin scripts correctly (R and pandas read either).
Unresolved cells are empty — a CSV cell cannot be coloured, and a literal ``UNRESOLVED`` in a numeric
column would make R or SPSS read the whole column as text; the export reports how many remain.
Text that a spreadsheet could take for a formula gets a leading ``'`` (see :mod:`.cells`).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from ictool.core.codebook.values import format_number
from ictool.core.export.cells import CellValue, csv_text
from ictool.core.export.sheets import Table

__all__ = ["csv_field", "write_csv", "write_csv_rows"]


def csv_field(value: CellValue) -> str:
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, int | float):
        return format_number(value)
    return ""  # empty cell, or a marker (unresolved): no value


def write_csv_rows(table: Table, handle: TextIO) -> int:
    """Header and rows of ``table``; returns the number of data rows."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([csv_field(title) for title in table.header])
    count = 0
    for row in table.rows:
        writer.writerow([csv_field(value) for value in row])
        count += 1
    return count


def write_csv(table: Table, path: Path, *, bom: bool = False) -> int:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        return write_csv_rows(table, handle)
