"""Writing codebooks: the round trip through the reader, text-safe cells, and refusals."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictool.core.codebook.choices import parse_code
from ictool.core.codebook.export import codebook_to_rows, write_codebook_csv, write_codebook_xlsx
from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.codebook.names import COLUMNS
from ictool.core.codebook.sheet import read_codebook
from ictool.core.errors import StorageError, ValidationError

Writer = Callable[[Codebook, Path], None]
FORMULA_LIKE = ("=SUM(A1:A3)", "+49 30 1234", "-5 or less", "@home")

CODEBOOK = Codebook(
    (
        Variable(
            "role",
            Level.NOMINAL,
            label="=SUM(A1:A3)",
            group="Actors",
            description="Who speaks?\nSecond line, with a comma; and a semicolon.",
            choices=(
                Category(1, "Fighter, armed"),
                Category(2, "Recruiter – Zürich"),
                Category(3, "مُجنِّد"),
                Category(9, "-5 or less"),
            ),
            missing=(9,),
        ),
        Variable(
            "topics",
            Level.NOMINAL,
            label="@home",
            multiple=True,
            choices=(Category("arms", "+49 30 1234"), Category("money", "NA"), Category("x-1.b", "😀 emoji")),
        ),
        Variable("age", Level.RATIO, label="Âge", minimum=0, maximum=120, missing=(999, -9)),
        Variable("score", Level.INTERVAL, minimum=-2.5, maximum=0.1, missing=(99.5,)),
        Variable("big", Level.RATIO, maximum=12345678901234567890),
        Variable("stance", Level.ORDINAL, choices=(Category(-1, "against"), Category(0, "neutral"))),
        Variable("steps", Level.INTERVAL, choices=(Category(1, "one"), Category(2, "two")), missing=(2,)),
        Variable("memo", Level.TEXT, label="Notes", description="free text"),
    )
)


@pytest.mark.parametrize("writer", [write_codebook_xlsx, write_codebook_csv])
def test_round_trip(tmp_path: Path, writer: Writer) -> None:
    suffix = ".xlsx" if writer is write_codebook_xlsx else ".csv"
    path = tmp_path / f"out{suffix}"
    writer(CODEBOOK, path)
    again = read_codebook(path)
    assert again == CODEBOOK
    assert [type(v.minimum) for v in again] == [type(v.minimum) for v in CODEBOOK]
    assert [type(v.maximum) for v in again] == [type(v.maximum) for v in CODEBOOK]
    assert [[type(c.code) for c in v.choices] for v in again] == [
        [type(c.code) for c in v.choices] for v in CODEBOOK
    ]


def test_rows_use_redcap_syntax_and_the_reader_columns() -> None:
    rows = codebook_to_rows(CODEBOOK)
    assert all(tuple(row) == COLUMNS for row in rows)
    role, topics, age, score, *_ = rows
    assert role["choices"] == "1, Fighter, armed | 2, Recruiter – Zürich | 3, مُجنِّد | 9, -5 or less"
    assert (role["missing"], role["multiple"]) == ("9", "no")
    assert topics["multiple"] == "yes"
    assert (age["min"], age["max"], age["missing"], age["multiple"]) == ("0", "120", "999 | -9", "")
    assert (score["min"], score["max"], score["missing"]) == ("-2.5", "0.1", "99.5")


def test_xlsx_writes_text_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_codebook_xlsx(CODEBOOK, path)
    workbook = openpyxl.load_workbook(path)
    found = {
        cell.value: cell.data_type
        for sheet in workbook.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if cell.value in FORMULA_LIKE
    }
    assert found == dict.fromkeys(FORMULA_LIKE, "s")


def test_xlsx_layout_for_people(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_codebook_xlsx(CODEBOOK, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Codebook", "Value labels"]
    sheet, labels = workbook["Codebook"], workbook["Value labels"]
    for ws in (sheet, labels):
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    assert 8 <= widths["A"] <= 62 and widths["D"] == 62  # the long choices column is capped
    assert [c.value for c in sheet["I"][1:5]] == [None, None, 0, -2.5]  # min as numbers
    assert sheet["J"][5].value == "12345678901234567890"  # too large for Excel's doubles: kept as text
    rows = [[cell.value for cell in line] for line in labels.iter_rows()]
    assert rows[0] == ["variable", "code", "label", "missing"]
    assert ["role", 9, "-5 or less", "yes"] in rows
    assert ["role", 1, "Fighter, armed", "no"] in rows
    assert ["topics", "arms", "+49 30 1234", "no"] in rows
    assert ["age", 999, None, "yes"] in rows
    assert ["score", 99.5, None, "yes"] in rows


def test_csv_bom_is_optional(tmp_path: Path) -> None:
    with_bom, without = tmp_path / "a.csv", tmp_path / "b.csv"
    write_codebook_csv(CODEBOOK, with_bom)
    write_codebook_csv(CODEBOOK, without, bom=False)
    assert with_bom.read_bytes().startswith(codecs.BOM_UTF8)
    assert without.read_bytes().startswith(b"name,label,level")
    assert read_codebook(without) == CODEBOOK


def test_a_pipe_in_a_choice_label_is_refused() -> None:
    codebook = Codebook((Variable("q", Level.NOMINAL, choices=(Category(1, "either | or"),)),))
    with pytest.raises(ValidationError) as info:
        codebook_to_rows(codebook)
    assert info.value.problems == [
        "the codebook: the label ‘either | or’ of code 1 of ‘q’ contains ‘|’, which separates choices "
        "and has no escape in REDCap syntax."
    ]


def test_a_text_code_that_would_read_back_as_a_number_is_refused() -> None:
    codebook = Codebook((Variable("q", Level.NOMINAL, choices=(Category("01", "a"), Category(" b", "b"))),))
    with pytest.raises(ValidationError) as info:
        codebook_to_rows(codebook)
    assert info.value.problems == [
        "the codebook: the text code ‘01’ of ‘q’ would read back as ‘1’.",
        "the codebook: the text code ‘ b’ of ‘q’ would read back as ‘b’.",
    ]


def test_an_invalid_codebook_is_refused_with_the_readers_words(tmp_path: Path) -> None:
    codebook = Codebook((Variable("q", Level.ORDINAL), Variable("Q", Level.TEXT)))
    with pytest.raises(ValidationError) as info:
        write_codebook_xlsx(codebook, tmp_path / "out.xlsx")
    assert info.value.problems == [
        "the codebook, row 2 (‘q’): an ordinal variable needs its choices in order "
        "(an ordinal without an order).",
        "the codebook, row 3 (‘Q’): the name ‘Q’ is already used in row 2 (‘q’).",
    ]
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("writer", [write_codebook_xlsx, write_codebook_csv])
def test_unwritable_target_is_a_storage_error_and_leaves_nothing(tmp_path: Path, writer: Writer) -> None:
    target = tmp_path / "missing-folder" / "out.xlsx"
    with pytest.raises(StorageError) as info:
        writer(CODEBOOK, target)
    assert str(target) in info.value.problems[0]
    assert list(tmp_path.iterdir()) == []


def test_overwriting_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old")
    write_codebook_csv(CODEBOOK, path)
    assert read_codebook(path) == CODEBOOK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


_LABEL_CHARS = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="|")
_labels = st.text(_LABEL_CHARS, min_size=1, max_size=30).filter(
    lambda label: label == label.strip() and label != "" and isinstance(parse_code(label), str)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(labels=st.lists(_labels, min_size=1, max_size=5, unique_by=str.casefold), variable_label=_labels)
def test_any_unicode_labels_survive_both_formats(
    tmp_path: Path, labels: list[str], variable_label: str
) -> None:
    variable = Variable(
        "q",
        Level.NOMINAL,
        label=variable_label,
        choices=tuple(Category(code, label) for code, label in enumerate(labels, start=1)),
    )
    codebook = Codebook((variable,))
    for writer, name in ((write_codebook_xlsx, "p.xlsx"), (write_codebook_csv, "p.csv")):
        writer(codebook, tmp_path / name)
        assert read_codebook(tmp_path / name) == codebook
