"""Reading reliability data sheets: delimiters, decimal commas, encodings, shape, formulas.

Every expected alpha is the krippendorff package's on the matrix the sheet is meant to hold, written
out here by hand, so a misread sheet cannot agree with itself.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import krippendorff
import numpy as np
import openpyxl
import pytest

from ictool.core.errors import UserError
from ictool.core.reliability import compute_alpha
from ictool.core.reliability.sheet import load_reliability_sheet, read_reliability_sheet

NAN = np.nan
# coders × units: Anna and Ben rate six units, Ben misses one; the halves make decimals necessary
ANNA = [2.5, 1.0, 4.0, 2.0, 3.5, 1.5]
BEN = [3.0, 1.5, 4.0, 2.5, 3.5, NAN]


def package(matrix: list[list[float]], level: str) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(krippendorff.alpha(reliability_data=np.array(matrix, float), level_of_measurement=level))


def sheet_lines(delimiter: str, decimal: str) -> list[str]:
    def cell(v: float) -> str:
        return "" if v != v else f"{v:g}".replace(".", decimal)

    rows = [delimiter.join(["unit", "Anna", "Ben"])]
    rows += [
        delimiter.join([f"u{i + 1}", cell(a), cell(b)])
        for i, (a, b) in enumerate(zip(ANNA, BEN, strict=True))
    ]
    return rows


def write(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def alpha_of(path: Path, level: str = "interval", **options: object) -> float | None:
    return compute_alpha(read_reliability_sheet(path, level, **options)).alpha  # type: ignore[arg-type]


@pytest.mark.parametrize("level", ["interval", "ratio", "ordinal", "nominal"])
@pytest.mark.parametrize(("delimiter", "decimal"), [(";", ","), ("\t", ","), (",", "."), (";", ".")])
def test_decimal_commas_where_the_delimiter_is_not_a_comma(
    tmp_path: Path, delimiter: str, decimal: str, level: str
) -> None:
    path = write(tmp_path, "data.csv", sheet_lines(delimiter, decimal))
    assert alpha_of(path, level) == pytest.approx(package([ANNA, BEN], level), abs=1e-12)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    lines = [line.replace("Anna", "Zoë").replace("Ben", "Jürgen") for line in sheet_lines(";", ",")]
    data = read_reliability_sheet(write(tmp_path, "data.csv", lines, encoding), "interval")
    assert list(data.coder_labels) == ["Zoë", "Jürgen"]
    assert compute_alpha(data).alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)


def test_a_row_longer_than_the_header_is_refused_with_its_row(tmp_path: Path) -> None:
    lines = sheet_lines(",", ".")
    lines[3] += ",4"  # u3 (row 4) gains a third value
    lines[5] += ",1,"
    with pytest.raises(UserError) as caught:
        read_reliability_sheet(write(tmp_path, "data.csv", lines), "interval")
    assert [p.split(" has ")[0] for p in caught.value.problems] == [
        f"{tmp_path / 'data.csv'}: row 4",
        f"{tmp_path / 'data.csv'}: row 6",
    ]
    assert "header row names only 3 columns (unit, Anna, Ben)" in caught.value.problems[0]


def test_the_shifted_row_of_the_bug_report_is_refused(tmp_path: Path) -> None:
    # Read shifted, u1 became (Anna 1, Ben 2) with the 3 dropped or moved: alpha .7059; the intended
    # data are not knowable, which is why the sheet is refused rather than read.
    path = write(tmp_path, "data.csv", ["unit,Anna,Ben", "u1,1,2,3", "u2,2,2", "u3,3,3", "u4,1,2"])
    with pytest.raises(UserError, match="row 2 has 4 cells"):
        read_reliability_sheet(path, "interval")


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_trailing_delimiters_are_nothing(tmp_path: Path, delimiter: str) -> None:
    lines = [line + delimiter for line in sheet_lines(delimiter, "," if delimiter == ";" else ".")]
    lines[2] += delimiter * 2
    assert alpha_of(write(tmp_path, "data.csv", lines)) == pytest.approx(package([ANNA, BEN], "interval"))


def test_short_rows_are_missing_values(tmp_path: Path) -> None:
    lines = sheet_lines(",", ".")
    lines[6] = "u6,1.5"  # Ben's missing value without its comma
    assert alpha_of(write(tmp_path, "data.csv", lines)) == pytest.approx(package([ANNA, BEN], "interval"))


def test_coders_in_rows_with_decimal_commas_and_ragged_rows(tmp_path: Path) -> None:
    anna = ";".join(f"{v:g}".replace(".", ",") for v in ANNA)
    ben = ";".join(f"{v:g}".replace(".", ",") for v in BEN[:5])  # the last unit left off
    data = read_reliability_sheet(write(tmp_path, "k.csv", [anna, "", ben]), "interval", coders_in_rows=True)
    assert compute_alpha(data).alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)
    assert list(data.coder_labels) == ["coder 1", "coder 2"]


def test_mixed_decimal_marks_are_refused(tmp_path: Path) -> None:
    lines = sheet_lines(";", ",")
    lines[2] = "u2;1.000;1,5"  # 1.000 is a thousand to a German reader, one to an English one
    with pytest.raises(UserError, match=r"both with a decimal comma, as '2,5' \(row 2, column 'Anna'\)"):
        read_reliability_sheet(write(tmp_path, "data.csv", lines), "interval")


def test_a_decimal_comma_in_a_comma_file_is_not_guessed(tmp_path: Path) -> None:
    path = write(tmp_path, "data.csv", ["A,B", '"2,5",3', "1,2"])
    with pytest.raises(UserError, match=r"must be numbers; found '2,5' \(row 2, column 'A'\)"):
        read_reliability_sheet(path, "interval")
    assert (1, "2,5") in read_reliability_sheet(path, "nominal").domain  # a category named "2,5"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["unit,A,,B", "u1,1,2,3"], "column 3 has no coder name"),
        (["A,B,a", "1,2,3"], "coder ‘a’ heads two columns (1 and 3)"),
        (["unit,A,B", "", ""], "a header row but no row of data"),
        (["", "   ", ""], "the file is empty"),
    ],
)
def test_header_problems(tmp_path: Path, lines: list[str], message: str) -> None:
    with pytest.raises(UserError) as caught:
        read_reliability_sheet(write(tmp_path, "data.csv", lines))
    assert any(message in p for p in caught.value.problems), caught.value.problems


def test_xlsx_formula_without_saved_value_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["unit", "Anna", "Ben"], ["u1", 1, 1], ["u2", 2, "=SUM(B3)"]):
        sheet.append(row)
    path = tmp_path / "data.xlsx"
    book.save(path)
    with pytest.raises(
        UserError, match=r"data\.xlsx: cell C3 holds a formula without a saved value \(=SUM\(B3\)\)"
    ):
        read_reliability_sheet(path)


def test_blank_rows_and_unit_ids(tmp_path: Path) -> None:
    lines = ["", *sheet_lines(",", ".")[:3], ",,", *sheet_lines(",", ".")[3:]]
    data = read_reliability_sheet(write(tmp_path, "data.csv", lines), "interval")
    assert list(data.unit_labels) == ["u1", "u2", "u3", "u4", "u5", "u6"]
    assert compute_alpha(data).alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)


# -- missing markers, unit id columns, layout mistakes, empty coders, workbooks ---------------------------

# Krippendorff (2011), 4 observers × 12 units; None = missing. Published nominal alpha .743.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
K2011_NAN = [[NAN if v is None else float(v) for v in row] for row in K2011]


def k2011_rows(marker: str) -> list[str]:
    return [",".join(marker if v is None else str(v) for v in row) for row in K2011]


@pytest.mark.parametrize("marker", ["*", "-", "na", "NA", "N/A", "n/a", "NaN", "nan", "#N/A", "."])
@pytest.mark.parametrize("level", ["nominal", "interval"])
def test_the_usual_missing_markers_are_missing_and_counted(tmp_path: Path, marker: str, level: str) -> None:
    # Read as a category, '*' gave nominal alpha .5766 on this example instead of .7434.
    path = write(tmp_path, "k.csv", k2011_rows(marker))
    reading = load_reliability_sheet(path, level, coders_in_rows=True)
    assert compute_alpha(reading.data).alpha == pytest.approx(package(K2011_NAN, level), abs=1e-12)
    assert reading.missing == {marker: 7}


def test_empty_cells_are_missing_without_a_count(tmp_path: Path) -> None:
    reading = load_reliability_sheet(write(tmp_path, "k.csv", k2011_rows("")), coders_in_rows=True)
    assert reading.missing == {}
    assert compute_alpha(reading.data).alpha == pytest.approx(package(K2011_NAN, "nominal"), abs=1e-12)


def test_declared_missing_codes_match_numbers_by_value_and_text_in_any_case(tmp_path: Path) -> None:
    lines = [
        "unit,Anna,Ben",
        *(f"u{i + 1},{a:g},{b:g}" for i, (a, b) in enumerate(zip(ANNA[:5], BEN[:5], strict=True))),
    ]
    lines += ["u6,1.5,99.0", "u7,99,N.A.", "u8,n.a.,2"]
    path = write(tmp_path, "data.csv", lines)
    with pytest.raises(UserError):
        read_reliability_sheet(path, "interval")  # n.a. is no number, and not a usual marker
    reading = load_reliability_sheet(path, "interval", missing=["99", "n.a."])
    assert compute_alpha(reading.data).alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)
    assert reading.missing == {"99": 2, "n.a.": 2}


def test_a_refused_value_at_a_numeric_level_says_what_means_missing(tmp_path: Path) -> None:
    path = write(tmp_path, "data.csv", ["A,B", "1,2", "3,x", "2,-"])
    with pytest.raises(UserError) as caught:
        read_reliability_sheet(path, "interval")
    (problem,) = caught.value.problems
    assert "found 'x' (row 3, column 'B')" in problem
    assert "NA, N/A, NaN" in problem and "'*' and '-' are read as missing" in problem
    assert "other missing codes can be declared" in problem


@pytest.mark.parametrize(
    "header",
    ["id", "ID", "units", "Unit ID", "unit_id", "document", "Document", "doc", "case", "item", "text"],
)
def test_usual_id_headers_head_the_unit_column(tmp_path: Path, header: str) -> None:
    lines = sheet_lines(",", ".")
    lines[0] = lines[0].replace("unit", header, 1)
    reading = load_reliability_sheet(write(tmp_path, "data.csv", lines), "interval")
    assert list(reading.data.coder_labels) == ["Anna", "Ben"]
    assert list(reading.data.unit_labels) == [f"u{i + 1}" for i in range(6)]
    assert compute_alpha(reading.data).alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)
    assert reading.notes == [f"column 1, ‘{header}’, is read as the unit ids, not as a coder"]


@pytest.mark.parametrize(
    ("header", "ids", "why"),
    [
        ("Tweet ID", [f"t{i}" for i in range(6)], "has an id's name"),
        ("A", [str(i + 1) for i in range(12)], "counts the rows"),
    ],
)
def test_a_first_column_that_looks_like_ids_is_refused(
    tmp_path: Path, header: str, ids: list[str], why: str
) -> None:
    lines = [f"{header},Anna,Ben", *(f"{u},{1 + i % 3},{1 + i % 2}" for i, u in enumerate(ids))]
    with pytest.raises(UserError, match=rf"column 1, ‘{header}’, looks like unit ids.*{why}.*head it ‘unit’"):
        read_reliability_sheet(write(tmp_path, "data.csv", lines), "interval")


def test_a_coder_with_distinct_values_is_still_a_coder(tmp_path: Path) -> None:
    # Interval ratings are often all different; without an id-like header that is no sign of ids.
    lines = ["Ida,Ben", *(f"{a:g},{b:g}" for a, b in zip(ANNA[:5], BEN[:5], strict=True)), "1.5,"]
    data = read_reliability_sheet(write(tmp_path, "data.csv", lines), "interval")
    assert list(data.coder_labels) == ["Ida", "Ben"]
    assert compute_alpha(data).alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)


ROWS_WITH_NAMES = [
    "coder,u1,u2,u3,u4,u5,u6,u7,u8,u9,u10,u11,u12",
    *(f"{name},{row}" for name, row in zip("ABCD", k2011_rows(""), strict=True)),
]


@pytest.mark.parametrize(
    ("lines", "found"),
    [
        (ROWS_WITH_NAMES, "row 1 looks like a header (‘coder’, ‘u1’, ‘u2’, …) and column 1 looks like coder"),
        (ROWS_WITH_NAMES[1:], "column 1 looks like coder names (‘A’, ‘B’, ‘C’, …); delete it"),
        ([ROWS_WITH_NAMES[0].split(",", 1)[1], *k2011_rows("")], "row 1 looks like a header (‘u1’"),
    ],
)
@pytest.mark.parametrize("level", ["nominal", "interval"])
def test_coders_in_rows_refuses_a_header_row_or_names_column(
    tmp_path: Path, lines: list[str], found: str, level: str
) -> None:
    # Read as values, the sheet with both gave nominal alpha .3219 (5 "coders", 13 "units").
    with pytest.raises(UserError) as caught:
        read_reliability_sheet(write(tmp_path, "k.csv", lines), level, coders_in_rows=True)
    assert found in caught.value.problems[0]
    assert "with --coders-in-rows the sheet must hold only values" in caught.value.problems[0]


def test_a_coder_without_values_is_not_counted(tmp_path: Path) -> None:
    lines = [line + ("," if i else ",Cleo") for i, line in enumerate(sheet_lines(",", "."))]
    lines[3] = lines[3].removesuffix(",") + ",NA"
    reading = load_reliability_sheet(write(tmp_path, "data.csv", lines), "interval")
    assert list(reading.data.coder_labels) == ["Anna", "Ben"]
    result = compute_alpha(reading.data)
    assert result.coders == 2
    assert result.alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)
    assert reading.notes == ["coder ‘Cleo’ has no values and is not counted, as in KALPHA"]


def workbook(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "data.xlsx"
    book.save(path)
    return path


DATA_SHEET: list[list[object]] = [["Anna", "Ben"]]
DATA_SHEET += [[a, b] for a, b in zip(ANNA[:5], BEN[:5], strict=True)]
DATA_SHEET.append([1.5, None])


def test_a_workbook_whose_first_sheet_has_no_data_reads_the_one_that_has(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Instructions": [["Please enter codes on sheet 2"]], "Data": DATA_SHEET})
    reading = load_reliability_sheet(path, "interval")
    assert compute_alpha(reading.data).alpha == pytest.approx(package([ANNA, BEN], "interval"), abs=1e-12)
    assert reading.notes == ["read sheet ‘Data’: the first sheet, ‘Instructions’, holds no data"]


def test_a_workbook_sheet_problem_names_the_sheet_read_and_the_others(tmp_path: Path) -> None:
    # two sheets with data: which one was meant is not guessed
    path = workbook(
        tmp_path,
        {"Instructions": [["Enter codes on sheet 2 or 3"]], "Data": DATA_SHEET, "Data 2": DATA_SHEET},
    )
    with pytest.raises(UserError) as caught:
        read_reliability_sheet(path, "interval")
    assert caught.value.problems[-1].endswith(
        "(read sheet ‘Instructions’; the workbook also has ‘Data’, ‘Data 2’)"
    )
    path = workbook(tmp_path, {"Data": DATA_SHEET, "Notes": [["coded in May"]]})
    assert load_reliability_sheet(path, "interval").notes == [
        "read sheet ‘Data’, the first; the workbook also has ‘Notes’"
    ]
