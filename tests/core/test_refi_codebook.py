"""The codebook as a REFI-QDA ``.qdc``: valid against the Codebook schema, and read back whole."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.errors import UserError, ValidationError
from ictool.core.exchange.codes import CODEBOOK_NS, block, codebook_from_tree, read_block, read_code_tree
from ictool.core.exchange.qdc import write_qdc
from tests.conftest import make_codebook
from tests.refi_qda.schemas import CODEBOOK_XSD, PROJECT_XSD, errors

EVERY_KIND = Codebook(
    (
        *make_codebook().variables,
        Variable(
            "tone",
            Level.ORDINAL,
            label="Tone\nof voice",
            group="Style",
            description='Rate the tone.\n\n"Quoted" line; [ictool] in the text',
            choices=(
                Category(3, "Calm"),
                Category(1, "Angry"),
                Category(2, "مُتردِّد 😐"),
                Category("na", "n/a"),
            ),
            missing=("na",),
        ),
        Variable("year", Level.INTERVAL, minimum=1990.5, maximum=2020, missing=(9999,)),
        Variable("note", Level.TEXT, description="free text"),
    )
)


def read_back(path: Path) -> Codebook | None:
    root = ET.parse(path).getroot()
    return codebook_from_tree(read_code_tree(root.find(f"{{{CODEBOOK_NS}}}Codes"), CODEBOOK_NS), path.name)


def test_the_qdc_is_valid_and_reads_back_every_column(tmp_path: Path) -> None:
    out = tmp_path / "codebook.qdc"
    write_qdc(EVERY_KIND, out)
    assert errors(out.read_bytes(), CODEBOOK_XSD) == []
    back = read_back(out)
    assert back == EVERY_KIND  # names, labels, levels, category order, missing, multiple, ranges, groups
    assert [c.code for c in back.variables[-3].choices] == [3, 1, 2, "na"]


def test_each_variable_is_a_code_and_each_category_a_child_code(tmp_path: Path) -> None:
    out = tmp_path / "codebook.qdc"
    write_qdc(EVERY_KIND, out)
    root = ET.parse(out).getroot()
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    top = root.findall(f"{{{CODEBOOK_NS}}}Codes/{{{CODEBOOK_NS}}}Code")
    assert [c.get("name") for c in top] == [v.name for v in EVERY_KIND]
    gender = top[0]
    assert [c.get("name") for c in gender.findall(f"{{{CODEBOOK_NS}}}Code")] == [
        "Woman",
        "Man",
        "Not mentioned",
    ]
    assert gender.get("guid") == EVERY_KIND.variables[0].uuid


def test_the_codebook_inside_a_project_file_uses_the_same_codes(tmp_path: Path) -> None:
    """The Project schema's CodeType is the Codebook's plus NoteRef: the same Codes validate there."""
    from ictool.core.exchange.codes import PROJECT_NS, code_elements

    root = ET.Element("Project", {"xmlns": PROJECT_NS, "name": "p"})
    ET.SubElement(root, "CodeBook").append(code_elements(EVERY_KIND))
    assert errors(ET.tostring(root), PROJECT_XSD) == []


def test_the_block_keeps_line_breaks_quotes_and_the_free_description() -> None:
    text = block("Why.\n\nSecond paragraph.", [("label", "two\nlines"), ("level", "nominal"), ("group", "")])
    description, pairs = read_block(text)
    assert description == "Why.\n\nSecond paragraph."
    assert pairs == {"label": "two\nlines", "level": "nominal"}
    assert read_block("a QDA program's own description") == ("a QDA program's own description", None)


def test_a_codebook_the_sheet_could_not_read_back_is_refused_and_nothing_written(tmp_path: Path) -> None:
    bad = Codebook((Variable("v", Level.NOMINAL, choices=(Category(1, "a | b"),)),))
    out = tmp_path / "bad.qdc"
    with pytest.raises(ValidationError, match="contains ‘\\|’"):
        write_qdc(bad, out)
    with pytest.raises(UserError, match="no variables"):
        write_qdc(Codebook(()), out)
    assert list(tmp_path.iterdir()) == []
