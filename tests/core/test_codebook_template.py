"""The codebook template: it reads back cleanly, shows every kind of variable, explains every column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ictool.core.codebook.model import Kind, Level
from ictool.core.codebook.names import COLUMNS, REQUIRED_COLUMNS
from ictool.core.codebook.sheet import read_codebook
from ictool.core.codebook.template import (
    COLUMN_HELP,
    HELP_HEADER,
    HELP_SHEET,
    TEMPLATE,
    write_codebook_template,
)
from ictool.core.errors import StorageError


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "codebook template.xlsx"
    write_codebook_template(path)
    return path


def test_the_template_reads_back_through_the_codebook_reader(template: Path) -> None:
    codebook = read_codebook(template)  # raises on any problem in any row
    assert codebook == TEMPLATE
    levels = {v.name: v.level for v in codebook}
    assert levels == {
        "role": Level.NOMINAL,
        "employment": Level.NOMINAL,
        "age_join": Level.RATIO,
        "motives": Level.NOMINAL,
        "disillusion": Level.ORDINAL,
        "feeling": Level.INTERVAL,
        "exit_story": Level.TEXT,
    }


def test_the_examples_cover_every_level_and_kind(template: Path) -> None:
    codebook = read_codebook(template)
    assert {v.level for v in codebook} == set(Level)
    assert {v.kind for v in codebook} == set(Kind)
    motives = codebook.get("motives")
    assert motives is not None and motives.multiple and len(motives.choices) == 4
    employment = codebook.get("employment")
    assert employment is not None and employment.missing == (8, 9)
    assert employment.label_of(9) == "No information"
    age = codebook.get("age_join")
    assert age is not None and age.missing == (999,) and (age.minimum, age.maximum) == (10, 80)
    disillusion = codebook.get("disillusion")
    assert disillusion is not None
    assert [c.label for c in disillusion.choices] == ["None", "Low", "Medium", "High"]  # the scale's order
    assert all(v.label and v.group and v.description for v in codebook)


def test_the_codebook_sheet_has_exactly_the_reader_columns(template: Path) -> None:
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == ["Codebook", HELP_SHEET]
    sheet = workbook["Codebook"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(COLUMNS)
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + len(TEMPLATE)


def test_the_explanation_sheet_covers_every_column(template: Path) -> None:
    sheet = openpyxl.load_workbook(template)[HELP_SHEET]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(max_col=len(HELP_HEADER))]
    assert rows[0] == HELP_HEADER
    explained = {row[0]: row for row in rows[1 : 1 + len(COLUMNS)]}
    assert list(explained) == list(COLUMNS)
    for column, (_, required, meaning, allowed, example) in explained.items():
        assert required == ("yes" if column in REQUIRED_COLUMNS else "no")
        assert meaning and allowed and example, column
    assert "nominal, ordinal, interval, ratio, text" in explained["level"][3]
    assert set(COLUMN_HELP) == set(COLUMNS)  # no explanation of a column the reader does not know
    assert sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[letter].width >= 10 for letter in "ABCDE")


def test_the_examples_in_the_explanation_are_what_the_examples_hold() -> None:
    # The explanation quotes the template's own values, so a reader sees them on the other sheet.
    rows = {column: help.example for column, help in COLUMN_HELP.items()}
    age = TEMPLATE.get("age_join")
    assert age is not None
    assert (rows["name"], rows["min"], rows["max"]) == (age.name, str(age.minimum), str(age.maximum))
    assert rows["missing"] == "8 | 9"


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "missing folder" / "template.xlsx"
    with pytest.raises(StorageError, match="cannot be written"):
        write_codebook_template(target)
    assert not target.parent.exists()


def test_an_existing_file_is_replaced_whole(template: Path) -> None:
    template.write_bytes(b"not a workbook")
    write_codebook_template(template)
    assert read_codebook(template) == TEMPLATE
    assert [p.name for p in template.parent.iterdir()] == [template.name]  # no temporary file left
