"""Stream tables into one .xlsx workbook a statistician can read as is.

Why a writer of our own: the workbook of a 1,000 × 150 × 3 project holds about 3.3 million cells,
most of them in the long Codings sheet. Measured on the project's benchmark machine, XlsxWriter in
``constant_memory`` mode (1.8× faster than openpyxl's write-only mode) still needed about 42 s for
2.7 million cells, because every cell passes through several layers of checks; writing the same
SpreadsheetML directly took about 9.5 s. The XML written here is the XML XlsxWriter writes (see
:mod:`.xlsx_parts`): inline strings — text is *always* a string cell, never a formula, whatever it
starts with — numbers as numbers, and nothing else, so there is little to get wrong.

Memory stays flat: each sheet's rows go to a temporary file as they come (tables are generators),
and the files are copied into the zip at the end, once every sheet's size — its ``dimension`` — is
known. So the tables may come in another order than the workbook shows them (``order``): the export
writes its Codings sheet while it reads the project, before the sheets that need all of it.

Every sheet: row 1 is the header (bold, frozen), an autofilter over the data, column widths from the
header and the first :data:`SAMPLE_ROWS` rows (between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`). A
table longer than Excel's :data:`MAX_ROWS` continues on ``Name (2)``, ``Name (3)``… with the header
repeated (the limit is a module constant so tests can lower it). ``UNRESOLVED`` markers are bold dark
red on a yellow fill, so they stand out in Excel and still read as text in pandas.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import IO

from ictool.core.errors import UserError
from ictool.core.export import xlsx_parts as parts
from ictool.core.export.cells import (
    EXCEL_MAX_CHARS,
    TRUNCATION_MARKER,
    CellValue,
    Marker,
    excel_number,
    too_long_for_excel,
)
from ictool.core.export.sheets import Table

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "MAX_WIDTH", "MIN_WIDTH", "SAMPLE_ROWS", "write_xlsx"]

#: Rows of one Excel worksheet, header included; a longer table continues on another sheet.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
_PADDING = 0.7109375  # what Excel adds to a width typed in characters


class _Texts:
    """The XML of short text cells already written, minus the cell reference (one per workbook).

    Why: most texts of a workbook repeat — document ids, variable and coder names, labels, codes — and
    checking and escaping each of millions of cells again was a third of the writing time. Long texts
    (quotes, notes) rarely repeat and are not kept; the cache is emptied when it is full.
    """

    SHORT, ENTRIES = 64, 16_384

    def __init__(self) -> None:
        self._tails: dict[tuple[str, int], str] = {}
        self.cut = 0  # texts longer than a cell holds, cut with a marker: the person is told

    def tail(self, text: str, style: int) -> str:
        if len(text) > self.SHORT:
            if too_long_for_excel(text):
                self.cut += 1
            return parts.text_cell_tail(text, style)
        key = (text, style)
        tail = self._tails.get(key)
        if tail is None:
            if len(self._tails) >= self.ENTRIES:
                self._tails.clear()
            tail = self._tails[key] = parts.text_cell_tail(text, style)
        return tail


class _Sheet:
    """One worksheet being written: rows go to a temporary file until the sheet is closed."""

    def __init__(self, name: str, table: Table, widths: Sequence[float], texts: _Texts | None = None) -> None:
        self.name, self.table, self.widths = name, table, widths
        self.texts = texts or _Texts()
        # Closed by close_into, or by write_xlsx's finally on failure; it lives as long as the sheet.
        self.body: IO[bytes] = tempfile.TemporaryFile("w+b")  # noqa: SIM115
        self.letters = [parts.column_letter(c) for c in range(len(table.header))]
        self.rows = 0
        self.write(table.header, style=parts.HEADER_STYLE)

    def write(self, row: Sequence[CellValue], style: int = 0) -> None:
        self.rows += 1
        r = str(self.rows)
        tail, letters = self.texts.tail, self.letters
        cells = []
        for c, value in enumerate(row):
            letter = letters[c]  # a row wider than its header is a bug: IndexError
            if isinstance(value, str):
                text = tail(value, style)
                if text:
                    cells.append('<c r="' + letter + r + text)
            elif isinstance(value, float):
                if math.isfinite(value):
                    cells.append(f'<c r="{letter}{r}"><v>{float(value)!r}</v></c>')  # numpy: plain
            elif isinstance(value, int):
                number = excel_number(value)
                ref = letter + r
                as_text = isinstance(number, str)
                cells.append(
                    parts.text_cell(ref, str(number)) if as_text else f'<c r="{ref}"><v>{number}</v></c>'
                )
            elif isinstance(value, Marker):
                cells.append(parts.text_cell(letter + r, value.text, parts.MARKER_STYLE))
        self.body.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())

    @property
    def range(self) -> str:
        return f"A1:{self.letters[-1]}{self.rows}" if self.letters else "A1"

    def close_into(self, archive: zipfile.ZipFile, number: int) -> None:
        """Copy the sheet into the workbook as its ``number``-th sheet, and remove the body."""
        head = parts.sheet_head(self.range, self.widths, self.table.frozen_columns, selected=number == 1)
        with archive.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as out:
            out.write(head.encode())
            self.body.seek(0)
            shutil.copyfileobj(self.body, out, 1 << 20)
            out.write(parts.sheet_tail(self.range if self.letters else None).encode())
        self.body.close()


def write_xlsx(
    tables: Iterable[Table],
    path: Path,
    *,
    title: str = "",
    creator: str = "ictool",
    order: Sequence[str] = (),
    notes: list[str] | None = None,
) -> dict[str, int]:
    """Write every table to ``path``; returns the number of data rows per table, in workbook order.

    The workbook shows the tables named in ``order`` first, in that order, then the others in the
    order they came. What a person should know about the result (texts cut to Excel's cell limit)
    is appended to ``notes``.
    """
    counts: dict[str, int] = {}
    sheets: list[_Sheet] = []
    texts = _Texts()
    tab = {name: i for i, name in enumerate(order)}
    try:
        for table in tables:
            if len(table.header) > MAX_COLUMNS:
                raise UserError(
                    f"the {table.name} sheet would need {len(table.header)} columns; "
                    f"Excel allows {MAX_COLUMNS}"
                )
            counts[table.name] = _write_table(table, sheets, texts)
        sheets.sort(key=lambda sheet: tab.get(sheet.table.name, len(tab)))  # stable: parts stay in order
        written: list[tuple[str, str | None]] = []
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for number, sheet in enumerate(sheets, 1):
                sheet.close_into(archive, number)
                written.append((sheet.name, sheet.range if sheet.letters else None))
            archive.writestr("[Content_Types].xml", parts.content_types(len(written)))
            archive.writestr("_rels/.rels", parts.package_rels())
            archive.writestr("docProps/core.xml", parts.core_properties(title, creator))
            archive.writestr("xl/workbook.xml", parts.workbook(written))
            archive.writestr("xl/_rels/workbook.xml.rels", parts.workbook_rels(len(written)))
            archive.writestr("xl/styles.xml", parts.styles())
    finally:
        for sheet in sheets:
            sheet.body.close()  # closing twice is harmless; on failure it removes the temporary file
    if texts.cut and notes is not None:
        notes.append(
            f"{texts.cut} text cell{'s' if texts.cut != 1 else ''} longer than Excel's "
            f"{EXCEL_MAX_CHARS:,}-character limit {'were' if texts.cut != 1 else 'was'} cut and marked "
            f"'{TRUNCATION_MARKER}'; the CSV export keeps every text whole"
        )
    return {name: counts[name] for name in sorted(counts, key=lambda name: tab.get(name, len(tab)))}


def _write_table(table: Table, sheets: list[_Sheet], texts: _Texts) -> int:
    """Write the table's rows to temporary sheet bodies (added to ``sheets``); returns the row count."""
    rows = iter(table.rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    widths = _widths(table.header, sample)
    part, count = 1, 0
    sheet = _Sheet(table.name, table, widths, texts)
    sheets.append(sheet)
    for row in chain(sample, rows):
        if sheet.rows >= MAX_ROWS:
            part += 1
            sheet = _Sheet(f"{table.name} ({part})", table, widths, texts)
            sheets.append(sheet)
        sheet.write(row)
        count += 1
    return count


def _display_width(value: CellValue) -> int:
    if value is None:
        return 0
    if isinstance(value, Marker):
        return len(value.text)
    if isinstance(value, str):
        return max((len(line) for line in value.split("\n")), default=0)
    return len(str(value))


def _widths(header: Sequence[str], sample: Sequence[Sequence[CellValue]]) -> list[float]:
    widths = [len(title) for title in header]
    for row in sample:
        for c, value in enumerate(row[: len(widths)]):
            widths[c] = max(widths[c], _display_width(value))
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) + 2 + _PADDING for w in widths]
