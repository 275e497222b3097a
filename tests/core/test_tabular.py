"""The one spreadsheet reader: delimiters by consistency, decimal commas, formulas without results.

Encodings and header-named delimiters are tested through their callers (test_codebook_sheet.py,
test_import_codes.py, test_documents_encodings.py); this file covers what the reader decides alone.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from ictool.core.codebook.sheet import read_codebook
from ictool.core.errors import ValidationError
from ictool.core.project import Project
from ictool.core.tabular import consistent_delimiter, read_sheet, read_table, with_decimal_point
from ictool.core.team.import_codes import import_codes

# -- the delimiter of a sheet without fixed header names -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("unit,Anna,Ben\nu1,1,2\nu2,2,2\n", ","),
        ("unit;Anna;Ben\nu1;2,5;3\nu2;1;1,5\n", ";"),  # decimal commas: comma splits unevenly
        ("0,5;1,5;2,5\n1,5;1,5;2,5\n", ";"),  # every cell has one: the comma split leaves ';' in fields
        ("0,5\t1,5\n2,5\t3,5\n", "\t"),
        ("A\tB\n1\t2\n", "\t"),
        ('unit;Anna;Ben\nu1;"a; b";c\nu2;d;e\n', ";"),  # a quoted delimiter is no split
        ("unit,Anna,Ben\nu1,1,2,3\nu2,2,2\n", ","),  # inconsistent: the header decides
        ("unit;Anna;Ben\nu1;2,5;3;1\nu2;1;1,5\n", ";"),
        ("\n\nA,B\n\n1,2\n\n", ","),  # blank lines do not count
        ("2,5;1;4;3,5\n3;1,5;4,5\n", ";"),  # ragged rows: the comma happens to split both alike
        ('unit,A,B\nu1,"x; y",z\n', ","),
        ("unit,A,B\nu1,x;y,z\n", ","),
    ],
)
def test_consistent_delimiter(text: str, delimiter: str) -> None:
    assert consistent_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,5", "2.5"),
        ("-0,25", "-0.25"),
        (",5", ".5"),
        (" 3,0 ", " 3.0 "),
        ("1.000,5", None),
        ("1,2,3", None),
    ],
)
def test_with_decimal_point(text: str, expected: str | None) -> None:
    assert with_decimal_point(text) == expected


def test_decimal_commas_only_where_the_delimiter_is_not_a_comma(tmp_path: Path) -> None:
    semicolon = tmp_path / "semi.csv"
    semicolon.write_text("A;B\n2,5;3\n", encoding="utf-8")
    comma = tmp_path / "comma.csv"
    comma.write_text('A,B\n"2,5",3\n', encoding="utf-8")
    book = tmp_path / "book.xlsx"
    write_xlsx(book, [["A", "B"], ["2,5", 3]])
    sheets = [read_sheet(p, what="data", is_header=None) for p in (semicolon, comma, book)]
    assert [s.decimal_comma for s in sheets] == [True, False, False]
    assert [s.rows[1][1][0] for s in sheets] == ["2,5", "2,5", "2,5"]  # the reader keeps the text


# -- formulas in workbooks ------------------------------------------------------------------------------


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def save_results(path: Path, results: dict[str, str]) -> None:
    """Give formula cells the saved results Excel would write (openpyxl writes none)."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for formula, value in results.items():
        assert f"<f>{formula}</f><v></v>" in xml
        xml = xml.replace(f"<f>{formula}</f><v></v>", f"<f>{formula}</f><v>{value}</v>")
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_formula_without_a_saved_value_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "codes.xlsx", [["document", "gender"], ["INT-001", 1], ["INT-002", "=SUM(A1)"]]
    )
    with pytest.raises(ValidationError) as caught:
        read_table(path, what="a coding sheet", is_header=None)
    assert caught.value.problems == [
        "codes.xlsx: cell B3 holds a formula without a saved value (=SUM(A1)); open the file in Excel "
        "and save it, or type the value"
    ]


def test_formulas_with_saved_values_read_as_their_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "codes.xlsx", [["A", "B"], [1, "=A2+1"], ["=A2*2.5", 3]])
    save_results(path, {"A2+1": "2", "A2*2.5": "2.5"})
    assert read_table(path, what="data", is_header=None) == [
        (1, ["A", "B"]),
        (2, ["1", "2"]),
        (3, ["2.5", "3"]),
    ]


def test_text_that_starts_with_an_equals_sign_is_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["A", "B"])
    sheet["A2"] = "=not a formula"
    sheet["A2"].data_type = "s"  # what Excel stores for '=not a formula
    sheet["B2"] = 1
    book.save(tmp_path / "text.xlsx")
    rows = read_table(tmp_path / "text.xlsx", what="data", is_header=None)
    assert rows[1] == (2, ["=not a formula", "1"])


def test_many_formulas_are_summarised(tmp_path: Path) -> None:
    rows: list[list[object]] = [["A"], *([f"=ROW({i})"] for i in range(1, 9))]
    with pytest.raises(ValidationError) as caught:
        read_table(write_xlsx(tmp_path / "many.xlsx", rows), what="data", is_header=None)
    problems = caught.value.problems
    assert len(problems) == 6 and "cell A2 holds a formula" in problems[0] and "A6" in problems[4]
    assert problems[5] == "many.xlsx: and 3 more formula cells like these"


def test_every_caller_refuses_unsaved_formulas(populated_project: Project, tmp_path: Path) -> None:
    codebook = write_xlsx(
        tmp_path / "cb.xlsx", [["name", "level", "min"], ["age", "ratio", 0], ["score", "interval", "=1-1"]]
    )
    with pytest.raises(ValidationError, match=r"cb\.xlsx: cell C3 holds a formula without a saved value"):
        read_codebook(codebook)
    sheet = write_xlsx(tmp_path / "codes.xlsx", [["document", "age_join"], ["INT-001", "=20+10"]])
    with pytest.raises(ValidationError, match=r"codes\.xlsx: cell B2 holds a formula .* \(=20\+10\)"):
        import_codes(populated_project, "Amira", sheet)


# -- text -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_encodings_of_a_sheet_without_fixed_headers(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes("unit;Zoë;Jürgen\nÉté;2,5;3\n".encode(encoding))
    sheet = read_sheet(path, what="data", is_header=None)
    assert sheet.rows == [(1, ["unit", "Zoë", "Jürgen"]), (2, ["Été", "2,5", "3"])]
    assert sheet.delimiter == ";"


def test_messages_name_the_file_as_the_caller_asks(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("{}")
    with pytest.raises(ValidationError) as caught:
        read_table(path, what="reliability data", is_header=None, name=str(path))
    assert caught.value.problems == [f"{path}: reliability data must be an .xlsx or .csv file, not ‘.json’"]
