"""Write a codebook as .xlsx or .csv in exactly the columns :mod:`ictool.core.codebook.sheet` reads.

Writing is only useful if reading the file back gives the same codebook, so both writers go through
:func:`codebook_to_rows`, which runs the reader's own validation on what it is about to write and
refuses a codebook that would not come back (for instance a choice label containing ``|``, which
REDCap syntax cannot escape). The xlsx adds a "Value labels" sheet for people; the reader ignores it.

Every text cell is written as text: a label such as ``=HYPERLINK(...)`` or ``-5 or less`` must reach
Excel as the string a researcher typed, never as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ictool.core.codebook.choices import format_choices, parse_code
from ictool.core.codebook.model import Code, Codebook, Level, Number, Variable
from ictool.core.codebook.names import COLUMNS
from ictool.core.codebook.sheet import codebook_from_rows
from ictool.core.codebook.values import format_number, parse_number
from ictool.core.errors import ValidationError
from ictool.core.paths import write_atomically

VALUE_LABEL_COLUMNS = ("variable", "code", "label", "missing")
_EXACT_IN_EXCEL = 2**53  # Excel stores numbers as doubles; larger integers are kept as text
_MIN_WIDTH, _MAX_WIDTH = 8, 60

Cell = str | int | float


def codebook_to_rows(codebook: Codebook) -> list[dict[str, str]]:
    """One dict per variable, keyed by :data:`COLUMNS`; raises ValidationError if not writable.

    Refused: a choice label containing ``|`` and a text code the reader would turn into another
    code (``"01"`` reads back as the number 1). Everything else the reader would refuse is refused
    in its own words. Surrounding spaces of labels are not kept (the reader strips cells).
    """
    problems = [problem for var in codebook for problem in _unwritable(var)]
    if problems:
        raise ValidationError(problems)
    rows = [_variable_row(var) for var in codebook]
    codebook_from_rows(enumerate(rows, start=2), "the codebook")
    return rows


def _unwritable(var: Variable) -> list[str]:
    problems = [
        f"the codebook: the label ‘{cat.label}’ of code {cat.code} of ‘{var.name}’ contains ‘|’, which "
        "separates choices and has no escape in REDCap syntax."
        for cat in var.choices
        if "|" in cat.label
    ]
    codes = [cat.code for cat in var.choices] + [code for code in var.missing if isinstance(code, str)]
    problems.extend(
        f"the codebook: the text code ‘{code}’ of ‘{var.name}’ would read back as ‘{parse_code(code)}’."
        for code in codes
        if isinstance(code, str) and parse_code(code) != code
    )
    return problems


def _variable_row(var: Variable) -> dict[str, str]:
    offers_multiple = var.level is Level.NOMINAL and bool(var.choices)
    return {
        "name": var.name,
        "label": var.label,
        "level": var.level.value,
        "choices": format_choices(var.choices),
        "group": var.group,
        "description": var.description,
        "missing": " | ".join(_code_text(code) for code in var.missing),
        "multiple": "yes" if var.multiple else ("no" if offers_multiple else ""),
        "min": "" if var.minimum is None else format_number(var.minimum),
        "max": "" if var.maximum is None else format_number(var.maximum),
    }


def _code_text(code: Code | Number) -> str:
    return code if isinstance(code, str) else format_number(code)


def write_codebook_csv(codebook: Codebook, path: Path, *, bom: bool = True) -> None:
    """Comma-separated UTF-8; the byte-order mark (default) makes Excel show accents correctly."""
    rows = codebook_to_rows(codebook)

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows([row[column] for column in COLUMNS] for row in rows)

    write_atomically(path, write)


def write_codebook_xlsx(codebook: Codebook, path: Path) -> None:
    """A "Codebook" sheet (read back by ictool) and a "Value labels" sheet for people."""
    workbook = codebook_workbook(codebook)
    labels = workbook.create_sheet("Value labels")
    _fill(labels, VALUE_LABEL_COLUMNS, _value_label_rows(codebook))
    write_atomically(path, lambda target: workbook.save(target))


def codebook_workbook(codebook: Codebook) -> Workbook:
    """A workbook holding only the "Codebook" sheet, for writers that add sheets of their own.

    The template starts from it, so its example sheet is written by the same code as every exported
    codebook and is checked by the same round trip through the reader.
    """
    rows = codebook_to_rows(codebook)
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new Workbook always has one worksheet
    sheet.title = "Codebook"
    numeric = {"min", "max"}
    _fill(sheet, COLUMNS, [[_excel(row[c]) if c in numeric else row[c] for c in COLUMNS] for row in rows])
    return workbook


def _value_label_rows(codebook: Codebook) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for var in codebook:
        if var.choices:
            for cat in var.choices:
                missing = "yes" if var.is_missing_code(cat.code) else "no"
                rows.append([var.name, _excel(_code_text(cat.code)), cat.label, missing])
        else:
            rows.extend([var.name, _excel(_code_text(code)), "", "yes"] for code in var.missing)
    return rows


def _excel(text: str) -> Cell:
    """A number cell where Excel can hold the number exactly, else the text."""
    number = parse_number(text)
    if number is None or (isinstance(number, int) and abs(number) >= _EXACT_IN_EXCEL):
        return text
    return number


def _fill(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """Header in row 1 (bold, frozen, filterable), text cells forced to text, widths from content."""
    widths = [len(title) for title in header]
    for row_index, values in enumerate([header, *rows], start=1):
        for column_index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
                longest = max((len(line) for line in value.splitlines()), default=0)
            else:
                longest = len(str(value))
            widths[column_index - 1] = max(widths[column_index - 1], longest)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column_index, width in enumerate(widths, start=1):
        letter = get_column_letter(column_index)
        sheet.column_dimensions[letter].width = min(max(width, _MIN_WIDTH), _MAX_WIDTH) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
