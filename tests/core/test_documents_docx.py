"""Word transcripts: document order, tables, line breaks, titles and damaged files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml

from ictool.core.documents.reader import read_transcript
from ictool.core.errors import ValidationError

ARABIC = "قال المشارك: لا أعرف حقًا 🤷"


def build_docx(path: Path, title: str = "") -> Path:
    document = docx.Document()
    document.core_properties.title = title
    document.add_paragraph("Preamble before any heading")
    document.add_heading("Interview  INT-020", level=1)
    document.add_paragraph("Q: How did it start?")
    document.add_paragraph("")
    answer = document.add_paragraph("A: Slowly.")
    answer.add_run().add_break()
    answer.add_run("Then fast.\tReally.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Speaker"
    table.cell(0, 1).text = "Utterance"
    table.cell(1, 0).text = "R"
    table.cell(1, 1).text = "First line"
    table.cell(1, 1).add_paragraph("second paragraph")
    document.add_paragraph(ARABIC)
    document.save(str(path))
    return path


EXPECTED_TEXT = (
    "Preamble before any heading\n"
    "Interview  INT-020\n"
    "Q: How did it start?\n"
    "\n"
    "A: Slowly.\nThen fast.\tReally.\n"
    "Speaker\tUtterance\n"
    "R\tFirst line\nsecond paragraph\n" + ARABIC
)


def test_docx_text_in_document_order(tmp_path: Path) -> None:
    doc = read_transcript(build_docx(tmp_path / "INT-020.docx"))
    assert doc.text == EXPECTED_TEXT
    assert doc.doc_id == "INT-020"
    assert doc.metadata == {"format": "docx", "relative_path": "INT-020.docx"}


def test_docx_title_from_first_heading_when_core_title_is_blank(tmp_path: Path) -> None:
    doc = read_transcript(build_docx(tmp_path / "INT-020.docx"))
    assert doc.title == "Interview INT-020"


def test_docx_core_title_wins(tmp_path: Path) -> None:
    doc = read_transcript(build_docx(tmp_path / "INT-021.docx", title="  Ana, 3 March  "))
    assert doc.title == "Ana, 3 March"


def test_docx_without_heading_is_titled_by_its_id(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Just talk.")
    document.save(str(tmp_path / "INT-022.docx"))
    assert read_transcript(tmp_path / "INT-022.docx").title == "INT-022"


def test_docx_page_break_inside_a_paragraph_separates_words(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("end of page")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("next page")
    document.save(str(tmp_path / "x.docx"))
    assert read_transcript(tmp_path / "x.docx").text == "end of page\nnext page"


def test_tracked_deletions_are_left_out_and_insertions_kept(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("kept ")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph._p.append(
        parse_xml(
            f'<w:del xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:delText>gone </w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins xmlns:w="{w}" w:id="2" w:author="a"><w:r><w:t>added</w:t></w:r></w:ins>')
    )
    document.save(str(tmp_path / "x.docx"))
    assert read_transcript(tmp_path / "x.docx").text == "kept added"


def test_empty_docx_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    path = tmp_path / "INT-023.docx"
    document.save(str(path))
    with pytest.raises(ValidationError) as info:
        read_transcript(path)
    assert info.value.problems == [f"{path}: the document contains no text"]


def _zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _valid_docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("hello")
    document.save(buffer)
    return buffer.getvalue()


def _broken_xml_docx() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_valid_docx_bytes()))
    files = {info.filename: source.read(info) for info in source.infolist()}
    files["word/document.xml"] = b"<w:document"
    return _zip_bytes(files)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_valid_docx_bytes()[:2000], id="truncated zip"),
        pytest.param(_zip_bytes({"notes.txt": b"hi"}), id="zip that is not a docx"),
        pytest.param(_broken_xml_docx(), id="broken document.xml"),
        pytest.param(b"plain text pretending", id="not a zip"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), id="old .doc renamed"),
    ],
)
def test_corrupt_docx_is_refused_naming_the_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "INT-024.docx"
    path.write_bytes(data)
    with pytest.raises(ValidationError) as info:
        read_transcript(path)
    assert info.value.problems == [
        f"{path}: is not a readable Word document (.docx): the file is damaged or of another kind"
    ]


def test_xlsx_renamed_to_docx_is_refused(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "sheet.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ValidationError, match="not a readable Word document"):
        read_transcript(path)
