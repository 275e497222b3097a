"""Reading a hand-made spreadsheet (.xlsx or .csv) as rows of text, the way a person sees it.

Codebooks and coding sheets are typed in Excel, so every reader of them needs the same care:
cells are never type-guessed (a label ``NA`` stays ``NA``, ``01`` stays ``01``), Excel's numeric
cells become the text a person typed (``1.0`` → ``1``), CSV text is decoded by byte-order mark, else
UTF-8, else Windows-1252, and the delimiter (``,`` or Excel's ``;`` in many European locales, or tab)
is chosen by which one splits off the most recognised header names. Rows keep the number a
spreadsheet shows, so every problem can name its row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import openpyxl

from ictool.core.codebook.values import format_number
from ictool.core.errors import ValidationError

#: A sheet as rows of cell texts, each with the row number a spreadsheet shows.
Table = list[tuple[int, list[str]]]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
DELIMITERS = (",", ";", "\t")


def read_table(
    path: Path,
    *,
    what: str,
    is_header: Callable[[str], bool],
    sheet_name: str | None = None,
) -> Table:
    """All rows of an .xlsx sheet or a .csv file as text.

    ``what`` names the file in messages ("a codebook"); ``is_header`` recognises header cells
    (to choose the CSV delimiter); ``sheet_name`` picks a sheet of that name when there is one.
    """
    if not path.exists():
        raise ValidationError(f"{path}: file not found")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not a spreadsheet")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_xlsx(path, sheet_name)
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path, is_header)
    if suffix == ".xls":
        raise ValidationError(f"{path.name} is in the old .xls format: save it from Excel as .xlsx")
    raise ValidationError(
        f"{path.name}: {what} must be an .xlsx or .csv file, not ‘{suffix or 'without extension'}’"
    )


def _read_xlsx(path: Path, sheet_name: str | None) -> Table:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise ValidationError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
    except Exception as exc:  # a damaged zip/XML can raise anything; all of it means "not a workbook"
        raise ValidationError(
            f"{path.name} is not a readable .xlsx workbook (damaged, password-protected or another format)"
        ) from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise ValidationError(f"{path.name} has no worksheet")
        wanted = (sheet_name or "").casefold()
        sheet = next((s for s in sheets if wanted and s.title.strip().casefold() == wanted), sheets[0])
        rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
        return [(number, [cell_text(v) for v in row]) for number, row in enumerate(rows, start=1)]
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """A cell as the text a person typed: Excel stores ``1`` as ``1.0`` and dates as datetimes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_csv(path: Path, is_header: Callable[[str], bool]) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
    if data.startswith(b"PK\x03\x04"):
        raise ValidationError(f"{path.name} is an Excel workbook, not CSV text: rename it to .xlsx")
    text = decode_text(data, path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text, is_header))
    try:
        return [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ValidationError(f"{path.name}, row {reader.line_num}: not readable as CSV ({exc})") from exc


def decode_text(data: bytes, source: str) -> str:
    """Decode by byte-order mark, else UTF-8, else Windows-1252 (what Excel writes in Western locales)."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{source} has a byte-order mark but is damaged text ({exc.reason})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{source} is not text in UTF-8, UTF-16 or Windows-1252 encoding") from exc


def sniff_delimiter(text: str, is_header: Callable[[str], bool]) -> str:
    """The delimiter that splits the first non-blank line into the most recognised header names.

    Scoring by recognised names rather than character counts keeps a header like
    ``name,label (short; plain)`` from being split on the semicolon.
    """
    line = next((line for line in text.splitlines() if line.strip()), "")

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        return sum(is_header(c) for c in cells), line.count(delimiter)

    return max(DELIMITERS, key=score)


def first_nonblank(table: Table) -> Table:
    """The table from its first non-blank row on (leading blank rows are common in hand-made sheets)."""
    start = next((i for i, (_, cells) in enumerate(table) if any(c.strip() for c in cells)), len(table))
    return table[start:]
