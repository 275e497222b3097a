"""Reading and validating codebook sheets; every input file is built here, in tmp_path."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from ictool.core.codebook.model import Category, Level
from ictool.core.codebook.sheet import read_codebook
from ictool.core.errors import ValidationError

HEADER = ["name", "label", "level", "choices", "group", "description", "missing", "multiple", "min", "max"]
GOOD = {"name": "role", "label": "Role", "level": "nominal", "choices": "1, Fighter | 2, Recruiter"}


def row(**cells: Any) -> list[Any]:
    return [cells.get(column, "") for column in HEADER]


def write_csv(path: Path, rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path, rows: list[list[Any]], *, title: str = "Sheet1", before: str | None = None
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if before is not None:
        sheet.title = before
        sheet.append(["notes"])
        sheet = workbook.create_sheet(title)
    else:
        sheet.title = title
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        read_codebook(path)
    return info.value.problems


def problems_of_row(tmp_path: Path, **cells: Any) -> list[str]:
    """Problems of a sheet whose row 2 is valid and row 3 holds ``cells``; all must name row 3."""
    found = problems(write_csv(tmp_path / "cb.csv", [HEADER, row(**GOOD), row(**cells)]))
    assert found
    assert all(p.startswith("cb.csv, row 3") for p in found), found
    return found


# -- valid sheets ------------------------------------------------------------------------------------


def test_reads_all_columns_and_kinds(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cb.csv",
        [
            HEADER,
            row(
                name="role",
                label="Role",
                level="Nominal ",
                choices="1, Fighter | 2, Recruiter | 9, NA",
                missing="9",
            ),
            row(
                name="topics", level="nominal", choices="a, Arms | b, Money, cash", multiple="yes", group="G"
            ),
            row(name="age", level="ratio", min="0", max="120", missing="999 | -9", description="in years"),
            row(name="score", level="interval", min="-3.5", max="3.5"),
            row(name="likert", level="ordinal", choices="01, low | 2, mid | 3, high"),
            row(name="notes", level="TEXT", label="NA"),
        ],
    )
    codebook = read_codebook(path)
    role, topics, age, score, likert, notes = codebook
    assert role.level is Level.NOMINAL
    assert role.choices == (Category(1, "Fighter"), Category(2, "Recruiter"), Category(9, "NA"))
    assert role.missing == (9,)
    assert topics.multiple and topics.group == "G"
    assert topics.choices[1] == Category("b", "Money, cash")
    assert (age.minimum, age.maximum, age.missing) == (0, 120, (999, -9))
    assert isinstance(age.minimum, int)
    assert (score.minimum, score.maximum) == (-3.5, 3.5)
    assert [c.code for c in likert.choices] == [1, 2, 3]
    assert notes.level is Level.TEXT and notes.label == "NA"
    assert len({v.uuid for v in codebook}) == 6


def test_header_is_case_insensitive_unknown_columns_ignored_and_only_name_level_required(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "cb.csv",
        [
            [" Level ", "my notes", "NAME", "Minimum"],
            ["ratio", "ask Ana", "age", "0"],
            ["text", "", "memo", ""],
        ],
    )
    age, memo = read_codebook(path)
    assert (age.name, age.level, age.minimum) == ("age", Level.RATIO, 0)
    assert memo.level is Level.TEXT


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(tmp_path: Path) -> None:
    rows = [HEADER, row(**GOOD), [""] * 10, [], row(name="x", level="bogus")]
    found = problems(write_csv(tmp_path / "cb.csv", rows))
    assert found == [
        "cb.csv, row 5 (‘x’): ‘bogus’ is not a level (allowed: nominal, ordinal, interval, ratio, text)."
    ]


@pytest.mark.parametrize("flag", ["yes", "Y", "true", "TRUE", "1", "x", "X"])
def test_multiple_accepts_yes_words(tmp_path: Path, flag: str) -> None:
    path = write_csv(tmp_path / "cb.csv", [HEADER, row(**GOOD, multiple=flag)])
    assert read_codebook(path).variables[0].multiple


@pytest.mark.parametrize("flag", ["no", "N", "false", "0", ""])
def test_multiple_accepts_no_words(tmp_path: Path, flag: str) -> None:
    path = write_csv(tmp_path / "cb.csv", [HEADER, row(**GOOD, multiple=flag)])
    assert not read_codebook(path).variables[0].multiple


def test_interval_with_whole_number_choices_is_allowed(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cb.csv", [HEADER, row(name="n", level="interval", choices="-1, less | 0, same | 1, more")]
    )
    assert [c.code for c in read_codebook(path).variables[0].choices] == [-1, 0, 1]


# -- encodings and delimiters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", ","), ("utf-16", "\t"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [HEADER, row(name="city", level="nominal", choices="1, Zürich | 2, Liège, Belgium | 3, القاهرة")]
    path = write_csv(tmp_path / "cb.csv", rows, delimiter=delimiter, encoding=encoding)
    labels = [c.label for c in read_codebook(path).variables[0].choices]
    assert labels == ["Zürich", "Liège, Belgium", "القاهرة"]


def test_cp1252_csv_with_semicolons_as_european_excel_writes_it(tmp_path: Path) -> None:
    rows = [
        HEADER,
        row(name="city", label="Città", level="nominal", choices="1, Zürich | 2, Liège – Lüttich"),
    ]
    path = write_csv(tmp_path / "cb.csv", rows, delimiter=";", encoding="cp1252")
    variable = read_codebook(path).variables[0]
    assert variable.label == "Città"
    assert [c.label for c in variable.choices] == ["Zürich", "Liège – Lüttich"]


def test_semicolon_inside_a_header_cell_does_not_win_over_commas(tmp_path: Path) -> None:
    path = tmp_path / "cb.csv"
    path.write_text("name,level,note (a; b; c)\nq,text,x\n", encoding="utf-8")
    assert read_codebook(path).variables[0].name == "q"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "cb.csv: is not a text file: it looks like a PNG image"),
        (b"name,level\x00\x00\x01\x02\x03", "cb.csv: looks like a binary file, not text"),
        ("name,level\n".encode("utf-16-le") * 3, "cb.csv: looks like UTF-16 text without a byte-order mark"),
    ],
)
def test_bytes_that_are_not_text_are_a_problem(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "cb.csv"
    path.write_bytes(data)
    assert problems(path)[0].startswith(message)


def test_bytes_undefined_in_cp1252_read_as_latin1_like_transcripts(tmp_path: Path) -> None:
    """One decoder for sheets and transcripts: a stray 0x81 is a character, not a refused file."""
    path = tmp_path / "cb.csv"
    path.write_bytes("name,label,level\nq,Gr\u00fc\u00dfe \x81,text\n".encode("latin-1"))
    assert read_codebook(path).variables[0].label == "Grüße \x81"


# -- xlsx ----------------------------------------------------------------------------------------


def test_xlsx_numeric_and_boolean_cells_read_as_typed(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        HEADER,
        row(name="age", level="ratio", min=0.0, max=120, missing=999.0),
        row(name="share", level="interval", min=0.5, max=2.25),
        row(name="flag", level="nominal", choices="1, yes | 0, no", missing=1.0, multiple=False),
        row(name="topics", level="nominal", choices="1, a | 2, b", multiple=True),
        row(name="na", label="NA", level="text"),
    ]
    age, share, flag, topics, na = read_codebook(write_xlsx(tmp_path / "cb.xlsx", rows))
    assert (age.minimum, age.maximum, age.missing) == (0, 120, (999,))
    assert all(isinstance(x, int) for x in (age.minimum, age.maximum, age.missing[0]))
    assert (share.minimum, share.maximum) == (0.5, 2.25)
    assert flag.missing == (1,) and not flag.multiple
    assert topics.multiple
    assert na.label == "NA"


def test_xlsx_reads_a_sheet_named_codebook_even_when_not_first(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cb.xlsx", [HEADER, row(**GOOD)], title="CODEBOOK", before="Readme")
    assert read_codebook(path).variables[0].name == "role"


def test_xlsx_problem_rows_are_excel_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "cb.xlsx", [HEADER, row(**GOOD), row(name=7, level="nominal", choices="1, a")]
    )
    assert problems(path) == [
        "cb.xlsx, row 3 (‘7’): ‘7’ is not a valid variable name: start with a letter (A–Z) and use only "
        "letters A–Z, digits and _ (SPSS, R and Stata accept nothing else)."
    ]


# -- files that are not codebooks -----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.xlsx"
    assert problems(path) == [f"{path}: file not found"]


@pytest.mark.parametrize(("suffix", "message"), [(".json", "must be an .xlsx or .csv"), (".xls", "old .xls")])
def test_wrong_extension(tmp_path: Path, suffix: str, message: str) -> None:
    path = tmp_path / f"cb{suffix}"
    path.write_text("{}")
    (found,) = problems(path)
    assert found.startswith(path.name) and message in found


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "cb.xlsx"
    path.write_bytes(b"this is not a zip file")
    assert problems(path) == [
        "cb.xlsx is not a readable .xlsx workbook (damaged, password-protected or another format)"
    ]


def test_workbook_saved_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "cb.csv"
    write_xlsx(tmp_path / "real.xlsx", [HEADER]).rename(path)
    assert "rename it to .xlsx" in problems(path)[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"cb{suffix}"
    if suffix == ".csv":
        path.write_bytes(b"")
    else:
        write_xlsx(path, [])
    assert problems(path)[0].startswith(f"cb{suffix} is empty")


def test_header_without_variables(tmp_path: Path) -> None:
    assert problems(write_csv(tmp_path / "cb.csv", [HEADER])) == ["cb.csv has a header row but no variables"]


def test_missing_required_column(tmp_path: Path) -> None:
    (found,) = problems(write_csv(tmp_path / "cb.csv", [["name", "label"], ["q", "Q"]]))
    assert found.startswith("cb.csv, row 1: the header has no ‘level’ column")


def test_duplicate_column(tmp_path: Path) -> None:
    (found,) = problems(write_csv(tmp_path / "cb.csv", [["name", "level", "Label", "label "], ["q", "text"]]))
    assert found == "cb.csv, row 1: the column ‘label’ appears twice (C and D)."


# -- row problems -----------------------------------------------------------------------------------

BAD_ROWS: list[tuple[dict[str, Any], str]] = [
    ({"name": "", "level": "text"}, "the name is empty"),
    ({"name": "2nd", "level": "text"}, "not a valid variable name"),
    ({"name": "a b", "level": "text"}, "not a valid variable name"),
    ({"name": "_x", "level": "text"}, "not a valid variable name"),
    ({"name": "café", "level": "text"}, "not a valid variable name"),
    ({"name": "x" * 65, "level": "text"}, "longer than 64 characters"),
    ({"name": "if", "level": "text"}, "‘if’ is a reserved word"),
    ({"name": "NA", "level": "text"}, "‘NA’ is a reserved word"),
    ({"name": "And", "level": "text"}, "‘And’ is a reserved word"),
    ({"name": "str12", "level": "text"}, "‘str12’ is a reserved word"),
    ({"name": "Document", "level": "text"}, "names the column of document ids in every export"),
    ({"name": "ROLE", "level": "text"}, "the name ‘ROLE’ is already used in row 2 (‘role’)"),
    ({"name": "q", "level": "categorical"}, "‘categorical’ is not a level (allowed: nominal, ordinal"),
    ({"name": "q", "level": ""}, "the level is empty"),
    ({"name": "q", "level": "nominal", "choices": "Yes | No"}, "choice ‘Yes’ has no code"),
    ({"name": "q", "level": "nominal", "choices": "1, Yes || 2, No"}, "choice 2 is empty"),
    ({"name": "q", "level": "nominal", "choices": "1, Yes | 2,"}, "choice ‘2’ has no label"),
    ({"name": "q", "level": "nominal", "choices": "1, Yes | , No"}, "a choice has an empty code"),
    ({"name": "q", "level": "nominal", "choices": "a b, Yes"}, "‘a b’ is not a valid code"),
    ({"name": "q", "level": "nominal", "choices": f"{'c' * 33}, Yes"}, "longer than 32 characters"),
    (
        {"name": "q", "level": "nominal", "choices": "1, Yes | 01, No"},
        "the code ‘1’ (as ‘01’) is given twice",
    ),
    ({"name": "q", "level": "nominal", "choices": "y, Yes | Y, No"}, "the code ‘y’ (as ‘Y’) is given twice"),
    (
        {"name": "q", "level": "nominal", "choices": "1, Yes | 1, No"},
        "the code ‘1’ is given twice: to ‘Yes’ and to ‘No’",
    ),
    ({"name": "q", "level": "nominal", "choices": "1, Yes | 2, yes"}, "the label ‘yes’ is used twice"),
    ({"name": "q", "level": "nominal", "choices": "1, 2 | 2, Two"}, "a typed ‘2’ would be ambiguous"),
    ({"name": "q", "level": "nominal"}, "a nominal variable needs choices"),
    ({"name": "q", "level": "ordinal"}, "ordinal without an order"),
    ({"name": "q", "level": "text", "choices": "1, a"}, "a text variable is free text and takes no choices"),
    ({"name": "q", "level": "text", "missing": "9"}, "takes no missing"),
    ({"name": "q", "level": "text", "min": "1", "max": "2"}, "takes no min, max"),
    ({"name": "q", "level": "text", "multiple": "yes"}, "takes no multiple"),
    (
        {"name": "q", "level": "nominal", "choices": "1, a", "multiple": "maybe"},
        "multiple ‘maybe’ is not yes or no",
    ),
    (
        {"name": "q", "level": "ordinal", "choices": "1, a", "multiple": "yes"},
        "only a nominal variable with choices",
    ),
    ({"name": "q", "level": "interval", "multiple": "yes"}, "only a nominal variable with choices"),
    ({"name": "q", "level": "ratio", "missing": "1|2|3|4"}, "missing lists 4 codes; at most 3"),
    (
        {"name": "q", "level": "nominal", "choices": "1, a | 9, n/a", "missing": "7"},
        "the missing code ‘7’ is not one",
    ),
    ({"name": "q", "level": "ratio", "missing": "unknown"}, "the missing code ‘unknown’ is not a number"),
    ({"name": "q", "level": "ratio", "missing": "9|09"}, "the missing code ‘9’ is listed twice"),
    ({"name": "q", "level": "ratio", "missing": "9|"}, "missing has an empty entry"),
    (
        {"name": "q", "level": "nominal", "choices": "1, a | 9, n", "multiple": "y", "missing": "9"},
        "takes no missing",
    ),
    ({"name": "q", "level": "ratio", "min": "abc"}, "min ‘abc’ is not a number"),
    ({"name": "q", "level": "ratio", "max": "3,5"}, "max ‘3,5’ is not a number"),
    ({"name": "q", "level": "interval", "min": "5", "max": "1"}, "min 5 is greater than max 1"),
    ({"name": "q", "level": "ratio", "min": "-1"}, "min -1 is negative"),
    ({"name": "q", "level": "ratio", "choices": "-1, less | 1, more"}, "the code -1 is negative"),
    ({"name": "q", "level": "interval", "choices": "a, A | 1, B"}, "the code ‘a’ is not a whole number"),
    ({"name": "q", "level": "nominal", "choices": "1, a", "min": "0"}, "min and max apply to numbers only"),
    ({"name": "q", "level": "interval", "choices": "1, a", "max": "3"}, "min and max apply to numbers only"),
    ({"name": "q", "level": "text", "label": "bell\x07"}, "control character"),
]


@pytest.mark.parametrize(("cells", "expected"), BAD_ROWS, ids=[expected for _, expected in BAD_ROWS])
def test_each_bad_row_is_reported_with_its_row(tmp_path: Path, cells: dict[str, Any], expected: str) -> None:
    found = problems_of_row(tmp_path, **cells)
    assert any(expected in problem for problem in found), found
    assert all(problem.endswith(".") for problem in found)


def test_missing_code_outside_min_max_and_negative_missing_of_a_ratio_are_allowed(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cb.csv", [HEADER, row(name="age", level="ratio", min="0", max="120", missing="999|-9")]
    )
    assert read_codebook(path).variables[0].missing == (999, -9)


def test_all_problems_of_all_rows_are_reported_at_once(tmp_path: Path) -> None:
    rows = [
        HEADER,
        row(name="1st", level="nominal", choices="1, Yes | 01, No"),
        row(**GOOD),
        row(name="Role", level="ordinal"),
        row(name="age", level="ratio", min="10", max="5", missing="a|b|c|d"),
    ]
    found = problems(write_csv(tmp_path / "cb.csv", rows))
    assert [p.split(":")[0] for p in found] == [
        "cb.csv, row 2 (‘1st’)",
        "cb.csv, row 2 (‘1st’)",
        "cb.csv, row 4 (‘Role’)",
        "cb.csv, row 4 (‘Role’)",
        "cb.csv, row 5 (‘age’)",
        "cb.csv, row 5 (‘age’)",
        "cb.csv, row 5 (‘age’)",
        "cb.csv, row 5 (‘age’)",
        "cb.csv, row 5 (‘age’)",
        "cb.csv, row 5 (‘age’)",
    ]
    assert "the name ‘Role’ is already used in row 3 (‘role’)" in found[2]


def test_a_name_an_option_column_would_take_is_refused(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "cb.csv",
        [
            HEADER,
            row(name="reasons", level="nominal", multiple="yes", choices="1, Money | 2, Friends"),
            row(name="reasons_2", level="ratio"),
        ],
    )
    (found,) = problems(sheet)
    assert found.startswith("cb.csv, row 3 (‘reasons_2’): the name is taken by option 2")
    assert "‘reasons’ (row 2)" in found and "rename one of them" in found


# -- choices typed one per line, values beside the header -----------------------------------------


@pytest.mark.parametrize("line_break", ["\n", "\r\n"])
def test_choices_typed_one_per_line_in_a_cell_are_separate_choices(tmp_path: Path, line_break: str) -> None:
    # Alt+Enter in an Excel cell; a trailing line break and a ‘|’ beside a line break are harmless too
    choices = line_break.join(["1, Yes", "2, No |", "9, Not said", ""])
    sheet = write_xlsx(
        tmp_path / "cb.xlsx",
        [HEADER, row(name="q1", level="nominal", choices=choices, missing=f"9{line_break}")],
    )
    (variable,) = read_codebook(sheet)
    assert [(c.code, c.label) for c in variable.choices] == [(1, "Yes"), (2, "No"), (9, "Not said")]
    assert variable.missing == (9,)


def test_a_choice_label_cannot_continue_on_a_new_line(tmp_path: Path) -> None:
    sheet = write_xlsx(
        tmp_path / "cb.xlsx", [HEADER, row(name="q1", level="nominal", choices="1, Strongly\nagree | 2, No")]
    )
    with pytest.raises(ValidationError) as info:
        read_codebook(sheet)
    assert info.value.problems == [
        "cb.xlsx, row 2 (‘q1’): choice ‘agree’ has no code: write each choice as ‘code, label’ "
        "(a label cannot continue on a new line: a line break starts the next choice)."
    ]


def test_a_value_in_a_column_without_a_header_is_refused_with_row_and_column(tmp_path: Path) -> None:
    # one ‘;’ too many shifts a value beyond the header: dropping it would lose part of the row
    sheet = tmp_path / "cb.csv"
    sheet.write_text("name;level;choices\nq1;nominal;1, A | 2, B\nq2;nominal;1, A | 2, B;extra\nq3;oops\n")
    with pytest.raises(ValidationError) as info:
        read_codebook(sheet)
    assert info.value.problems[0] == (
        "cb.csv, row 3, column D: ‘extra’ is in a column without a header; a value may have shifted "
        "into the wrong column (an extra delimiter?). Move it where it belongs, or give the column a "
        "header (columns ictool does not know are ignored)."
    )
    # listed together with the other rows' problems, not one per run
    assert info.value.problems[1].startswith("cb.csv, row 4 (‘q3’): ‘oops’ is not a level")


def test_a_note_column_with_a_header_is_still_ignored(tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "cb.csv", [["name", "level", "", "notes"], ["q1", "text", "", "ask Jo"]])
    (variable,) = read_codebook(sheet)
    assert variable.name == "q1"
