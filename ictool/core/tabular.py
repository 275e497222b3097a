"""Reading a hand-made spreadsheet (.xlsx or .csv) as rows of text, the way a person sees it.

Codebooks, coding sheets and reliability data are typed in Excel or written by other tools, so every
reader of them needs the same care, and gets it here, once:

* cells are never type-guessed (a label ``NA`` stays ``NA``, ``01`` stays ``01``), and Excel's
  numeric cells become the text a person typed (``1.0`` → ``1``);
* a formula cell whose result was never saved (files written by scripts, not by Excel) is refused
  with its cell reference: reading it as empty would silently turn a value into a missing one;
* CSV bytes are decoded by :func:`decode_bytes`, the one decoder of the core (transcripts use it
  too): byte-order mark, else strict UTF-8, else Windows-1252;
* the delimiter (``,``, or ``;`` which Excel writes in many European locales, or tab) is chosen by
  recognised header names when the caller knows its headers, else by which delimiter splits every
  line alike. Where the delimiter is not a comma, a comma inside a number is a decimal comma, and
  :func:`with_decimal_point` reads it so.

Rows keep the number a spreadsheet shows, so every problem can name its row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ictool.core.errors import ValidationError

#: A sheet as rows of cell texts, each with the row number a spreadsheet shows.
Table = list[tuple[int, list[str]]]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
#: Candidate delimiters, least likely inside a cell first (ties go to the earlier one).
DELIMITERS = ("\t", ";", ",")
_SHOWN_FORMULAS = 5


@dataclass(frozen=True)
class Sheet:
    """The rows of a file and the CSV delimiter they were split on (None for a workbook)."""

    rows: Table
    delimiter: str | None

    @property
    def decimal_comma(self) -> bool:
        """Whether a comma inside a number is a decimal mark: only where it cannot be the delimiter.

        A workbook stores numbers as numbers, so its text cells keep their commas; a comma-delimited
        file that quotes ``"2,5"`` may mean a thousands separator as much as a decimal mark.
        """
        return self.delimiter is not None and self.delimiter != ","


def read_table(
    path: Path,
    *,
    what: str,
    is_header: Callable[[str], bool] | None,
    sheet_name: str | None = None,
    name: str | None = None,
) -> Table:
    """All rows of an .xlsx sheet or a .csv file as text (see :func:`read_sheet`)."""
    return read_sheet(path, what=what, is_header=is_header, sheet_name=sheet_name, name=name).rows


def read_sheet(
    path: Path,
    *,
    what: str,
    is_header: Callable[[str], bool] | None,
    sheet_name: str | None = None,
    name: str | None = None,
) -> Sheet:
    """All rows of an .xlsx sheet or a .csv file as text, with the delimiter that split them.

    ``what`` names the file in messages ("a codebook"); ``is_header`` recognises header cells to choose
    the CSV delimiter, and None (for sheets without fixed header names) chooses it by consistency;
    ``sheet_name`` picks a sheet of that name when there is one; ``name`` is how messages name the
    file (default: its file name; a command-line tool passes the path as the user typed it).
    """
    if not path.exists():
        raise ValidationError(f"{path}: file not found")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not a spreadsheet")
    label = name or path.name
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return Sheet(_read_xlsx(path, label, sheet_name), None)
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path, label, is_header)
    if suffix == ".xls":
        raise ValidationError(f"{label} is in the old .xls format: save it from Excel as .xlsx")
    raise ValidationError(
        f"{label}: {what} must be an .xlsx or .csv file, not ‘{suffix or 'without extension'}’"
    )


# -- workbooks -------------------------------------------------------------------------------------------


def _read_xlsx(path: Path, label: str, sheet_name: str | None) -> Table:
    """The sheet's cells as text, formulas replaced by the results Excel saved with them.

    The sheet is read with formulas first: nearly every workbook has none, and then that one read is
    all. Only when some cell holds a formula is the file read again for the saved results, and a
    formula without one (openpyxl, pandas and other scripts write formulas but cannot compute them)
    is refused rather than read as an empty cell.
    """
    from openpyxl.utils import get_column_letter  # only sheets that are xlsx need openpyxl (0.2 s)

    formulas = _sheet_values(path, label, sheet_name, data_only=False)
    if not any(_is_formula(v) for row in formulas for v in row):
        return [(number, [cell_text(v) for v in row]) for number, row in enumerate(formulas, start=1)]
    results = _sheet_values(path, label, sheet_name, data_only=True)
    unsaved = [
        f"cell {get_column_letter(column)}{number} holds a formula without a saved value ({_formula_text(f)})"
        for number, (frow, rrow) in enumerate(zip(formulas, results, strict=False), start=1)
        for column, (f, r) in enumerate(zip(frow, rrow, strict=False), start=1)
        if r is None and _is_formula(f)
    ]
    if unsaved:
        fix = "open the file in Excel and save it, or type the value"
        problems = [f"{label}: {cell}; {fix}" for cell in unsaved[:_SHOWN_FORMULAS]]
        if len(unsaved) > _SHOWN_FORMULAS:
            problems.append(f"{label}: and {len(unsaved) - _SHOWN_FORMULAS} more formula cells like these")
        raise ValidationError(problems)
    return [(number, [cell_text(v) for v in row]) for number, row in enumerate(results, start=1)]


def _sheet_values(
    path: Path, label: str, sheet_name: str | None, *, data_only: bool
) -> list[tuple[object, ...]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except OSError as exc:
        raise ValidationError(f"{label} cannot be read: {exc.strerror or exc}") from exc
    except Exception as exc:  # a damaged zip/XML can raise anything; all of it means "not a workbook"
        raise ValidationError(
            f"{label} is not a readable .xlsx workbook (damaged, password-protected or another format)"
        ) from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise ValidationError(f"{label} has no worksheet")
        wanted = (sheet_name or "").casefold()
        sheet = next((s for s in sheets if wanted and s.title.strip().casefold() == wanted), sheets[0])
        return list(sheet.iter_rows(min_row=1, min_col=1, values_only=True))
    finally:
        workbook.close()


def _is_formula(value: object) -> bool:
    """Read with formulas, a formula cell is its text (``=SUM(A1)``) or an array/data-table object.

    Text typed as ``'=abc`` also starts with ``=``; it is told apart by the second read, where it keeps
    its text while a formula without a saved result is None.
    """
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    return (isinstance(value, str) and value.startswith("=")) or isinstance(
        value, ArrayFormula | DataTableFormula
    )


def _formula_text(value: object) -> str:
    from openpyxl.worksheet.formula import ArrayFormula

    text = value.text if isinstance(value, ArrayFormula) else value
    return str(text) if isinstance(text, str) else "a data table"


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


def format_number(number: int | float) -> str:
    """The shortest text that parses back to ``number`` (``repr`` of a float round-trips exactly)."""
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return repr(number) if isinstance(number, float) else str(number)


# -- text files ------------------------------------------------------------------------------------------


def _read_csv(path: Path, label: str, is_header: Callable[[str], bool] | None) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{label} cannot be read: {exc.strerror or exc}") from exc
    if data.startswith(b"PK\x03\x04"):
        raise ValidationError(f"{label} is an Excel workbook, not CSV text: rename it to .xlsx")
    try:
        text = decode_bytes(data).text
    except UndecodableText as exc:
        raise ValidationError(f"{label}: {exc.reason}") from None
    text = text.lstrip("\ufeff")
    delimiter = sniff_delimiter(text, is_header) if is_header is not None else consistent_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return Sheet([(number, row) for number, row in enumerate(reader, start=1)], delimiter)
    except csv.Error as exc:
        raise ValidationError(f"{label}, row {reader.line_num}: not readable as CSV ({exc})") from exc


def sniff_delimiter(text: str, is_header: Callable[[str], bool]) -> str:
    """The delimiter that splits the first non-blank line into the most recognised header names.

    Scoring by recognised names rather than character counts keeps a header like
    ``name,label (short; plain)`` from being split on the semicolon.
    """
    line = next((line for line in text.splitlines() if line.strip()), "")

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        return sum(is_header(c) for c in cells), line.count(delimiter)

    return max(reversed(DELIMITERS), key=score)


def consistent_delimiter(text: str) -> str:
    """The delimiter that splits every non-blank line into the same number (more than one) of fields.

    For sheets whose headers are arbitrary names (coders) or absent. Of several, the one giving the
    most fields wins, except that one leaving a semicolon or tab inside a field loses to one that does
    not: in ``0,5;1,5`` the commas are decimal commas (the comma split gives three fields, ``5;1``
    among them), while a comma inside a ``;``-split field is ordinary. A delimiter that splits every
    line but not all alike (a row with a stray extra field, or cut short) still beats one that leaves
    some line whole, so that the reader can then name the row that does not fit.
    """

    def score(delimiter: str) -> tuple[bool, bool, bool, int]:
        fields, holds_foreign = _field_counts(text, delimiter)
        splits_all = bool(fields) and min(fields) > 1
        return splits_all, not holds_foreign, len(set(fields)) == 1, fields[0] if fields else 0

    return max(DELIMITERS, key=score)


def _field_counts(text: str, delimiter: str) -> tuple[list[int], bool]:
    """Fields per non-blank record, and whether any field holds another delimiter than a comma."""
    foreign = [d for d in DELIMITERS if d not in (delimiter, ",")]
    fields: list[int] = []
    holds_foreign = False
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(cell.strip() for cell in row):
                fields.append(len(row))
                holds_foreign = holds_foreign or any(d in cell for cell in row for d in foreign)
    except csv.Error:
        return [], True
    return fields, holds_foreign


_DECIMAL_COMMA = re.compile(r"\s*[+-]?\d*,\d+\s*")


def with_decimal_point(text: str) -> str | None:
    """``2,5`` as ``2.5``; None when the text is not a number with a decimal comma.

    Only a single comma followed by digits qualifies: ``1.000,5`` (a thousands point) is left for the
    caller to refuse rather than guessed at.
    """
    return text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else None


class DecimalMarks:
    """The first number a sheet writes with a decimal comma and the first with a decimal point.

    Why both: where a sheet reads ``7,5`` as 7.5, a ``1.250`` elsewhere in it may be 1250 (a thousands
    point), and guessing would change data; so a sheet writing numbers both ways is refused, naming
    one cell of each kind. The one rule for every sheet that reads decimal commas.
    """

    def __init__(self) -> None:
        self.comma: str | None = None
        self.point: str | None = None

    def saw_comma(self, shown: str) -> None:
        self.comma = self.comma or shown

    def saw_point(self, shown: str) -> None:
        self.point = self.point or shown

    def problem(self, source: object) -> str | None:
        if self.comma is None or self.point is None:
            return None
        return (
            f"{source}: numbers are written both with a decimal comma, as {self.comma}, and with a "
            f"decimal point, as {self.point}; a point may be a thousands separator here, so write "
            "every number one way"
        )


def first_nonblank(table: Table) -> Table:
    """The table from its first non-blank row on (leading blank rows are common in hand-made sheets)."""
    start = next((i for i, (_, cells) in enumerate(table) if any(c.strip() for c in cells)), len(table))
    return table[start:]


# -- bytes to text ---------------------------------------------------------------------------------------
#
# The one decoder of the core: spreadsheets and transcripts come from the same machines. The order of
# the checks matters:
#
# 1. A byte-order mark decides (UTF-32/UTF-16/UTF-8) - it is unambiguous.
# 2. Otherwise NUL bytes mean "not text" (only UTF-16/32 text contains them, and without a BOM we will
#    not guess which byte order was meant).
# 3. Strict UTF-8: legacy 8-bit text containing accented letters is practically never valid UTF-8, so
#    a successful strict decode is trustworthy.
# 4. Otherwise cp1252, a superset of the printable part of latin-1. The five bytes cp1252 leaves
#    undefined (0x81 0x8D 0x8F 0x90 0x9D) are read as latin-1 (the C1 code point of the same number),
#    which is what WHATWG decoders do, so no file is refused merely for containing one of them.
#
# After decoding, text that is mostly control or private-use characters is refused as binary: a
# decoder accepts almost any bytes, so this is the check that stops a renamed image or archive from
# becoming a "transcript" or a "coding sheet".

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE must be tested before UTF-16 LE: its BOM starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Signatures of common non-text files, so the refusal can say what the file is.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (perhaps a .docx or .xlsx saved under the wrong extension)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx or plain text"),
)

_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# Control characters other than tab, LF, VT, FF and CR, plus private-use code points.
_SUSPICIOUS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
#: Share of suspicious characters above which decoded text is taken for binary data.
#: Random bytes decode to about 12% control characters; real text has next to none
#: (a few Symbol-font bullets map to private use). A floor of 3 keeps a stray
#: Ctrl-Z at the end of a short DOS file from refusing it.
_SUSPICIOUS_SHARE = 0.05
_SUSPICIOUS_FLOOR = 3


class UndecodableText(Exception):
    """The bytes are not text ictool can read; the caller adds the file name to ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedText:
    """Decoded, not yet normalised text and the name of the encoding that decoded it."""

    text: str
    encoding: str


def decode_bytes(data: bytes) -> DecodedText:
    """Decode the bytes of a text file, or raise :class:`UndecodableText` saying why not."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_with_bom(data, bom, encoding))
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise UndecodableText(f"is not a text file: it looks like {what}")
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            raise UndecodableText(
                "looks like UTF-16 text without a byte-order mark, which cannot be read reliably; "
                "save it again as UTF-8"
            )
        raise UndecodableText("looks like a binary file, not text (it contains NUL bytes)")
    try:
        return _checked(DecodedText(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data))


def _decode_with_bom(data: bytes, bom: bytes, encoding: str) -> DecodedText:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return DecodedText(data[len(bom) :].decode(codec), encoding)
    except UnicodeDecodeError as exc:
        label = encoding.removesuffix("-sig").upper()
        raise UndecodableText(
            f"starts with a {label} byte-order mark but is not valid {label} "
            f"(damaged or truncated near byte {exc.start + len(bom)})"
        ) from None


def _decode_legacy(data: bytes) -> DecodedText:
    if not _CP1252_UNDEFINED.intersection(data):
        return DecodedText(data.decode("cp1252"), "cp1252")
    # surrogateescape turns each undefined byte into U+DC80+byte; map it to the
    # latin-1 code point of the same byte (U+0080+...).
    escaped = data.decode("cp1252", errors="surrogateescape")
    text = _ESCAPED_BYTE.sub(lambda m: chr(ord(m.group()) - 0xDC00), escaped)
    has_cp1252_only = any(0x80 <= b <= 0x9F and b not in _CP1252_UNDEFINED for b in data)
    return DecodedText(text, "cp1252+latin-1" if has_cp1252_only else "latin-1")


def _checked(decoded: DecodedText) -> DecodedText:
    text = decoded.text
    if "\x00" in text:
        raise UndecodableText("looks like a binary file, not text (it contains NUL characters)")
    suspicious = len(_SUSPICIOUS.findall(text))
    if suspicious > max(_SUSPICIOUS_FLOOR, len(text) * _SUSPICIOUS_SHARE):
        raise UndecodableText(
            f"looks like a binary file, not text ({suspicious} of {len(text)} characters are control codes)"
        )
    return decoded


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """Mostly-ASCII UTF-16 has a NUL in every other byte; binary data rarely does."""
    if len(data) < 4 or len(data) % 2:
        return False
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    return max(even_nuls, odd_nuls) >= 0.7 * half and min(even_nuls, odd_nuls) <= 0.05 * half
