"""One file in: ids, titles, metadata and every way a file is refused."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from ictool.core.documents.model import SourceDocument
from ictool.core.documents.reader import markdown_title, read_transcript
from ictool.core.errors import ValidationError


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        read_transcript(path)
    return info.value.problems


def test_txt_document_fields(tmp_path: Path) -> None:
    doc = read_transcript(write(tmp_path, "INT-007.txt", "Hello\n"))
    assert doc == SourceDocument.from_text(
        "INT-007",
        "INT-007",
        "Hello\n",
        "INT-007.txt",
        {"format": "txt", "relative_path": "INT-007.txt", "encoding": "utf-8", "line_endings": "lf"},
    )


def test_document_is_frozen_and_hashable(tmp_path: Path) -> None:
    doc = read_transcript(write(tmp_path, "INT-007.txt", "Hello"))
    with pytest.raises(AttributeError):
        doc.text = "changed"  # type: ignore[misc]
    assert hash(doc) == hash(read_transcript(tmp_path / "INT-007.txt"))


def test_extension_is_case_insensitive_and_id_is_the_stem(tmp_path: Path) -> None:
    doc = read_transcript(write(tmp_path, "Interview.2024-03.TXT", "x"))
    assert doc.doc_id == "Interview.2024-03"
    assert doc.source_name == "Interview.2024-03.TXT"
    assert doc.metadata["format"] == "txt"


def test_decomposed_file_name_gives_a_composed_id(tmp_path: Path) -> None:
    doc = read_transcript(write(tmp_path, "Mu\u0308ller.txt", "x"))
    assert doc.doc_id == "Müller"


def test_markdown_title_is_the_first_level_one_heading(tmp_path: Path) -> None:
    text = "Intro line\n## Part 1\n```\n# not a title\n```\n#   Interview with   Ana  ##\n# Later\n"
    doc = read_transcript(write(tmp_path, "INT-010.md", text))
    assert doc.title == "Interview with Ana"
    assert doc.text == text  # the heading stays in the text


@pytest.mark.parametrize("text", ["no heading\n", "## Only a section\n", "#hashtag is not a heading\n"])
def test_markdown_without_level_one_heading_is_titled_by_its_id(tmp_path: Path, text: str) -> None:
    assert markdown_title(text) is None
    assert read_transcript(write(tmp_path, "INT-011.md", text)).title == "INT-011"


def test_relative_path_is_recorded(tmp_path: Path) -> None:
    doc = read_transcript(write(tmp_path, "a.txt", "x"), relative_path="wave1/a.txt")
    assert doc.metadata["relative_path"] == "wave1/a.txt"


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "INT-001.txt", b"")
    assert problems_of(path) == [f"{path}: the file is empty (0 bytes)"]


@pytest.mark.parametrize("data", [b"   \r\n\t\n", "\ufeff \n".encode("utf-8-sig"), " \n".encode("utf-16")])
def test_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "INT-001.md", data)
    assert problems_of(path) == [f"{path}: the file holds only white space"]


def test_png_is_refused_as_an_image(tmp_path: Path) -> None:
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    assert problems_of(path) == [f"{path}: is not a text file: it looks like a PNG image"]


def test_random_bytes_with_nuls_are_binary(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4096)
    assert b"\x00" in data
    (problem,) = problems_of(write(tmp_path, "blob.txt", data))
    assert "binary file" in problem and "NUL" in problem


def test_control_heavy_bytes_without_nuls_are_binary(tmp_path: Path) -> None:
    data = random.Random(3).randbytes(4096).replace(b"\x00", b"\x01")
    (problem,) = problems_of(write(tmp_path, "blob.md", data))
    assert "binary file" in problem and "control codes" in problem


def test_a_stray_control_character_does_not_make_text_binary(tmp_path: Path) -> None:
    assert read_transcript(write(tmp_path, "old.txt", b"DOS file\r\n\x1a")).text == "DOS file\n\x1a"


def test_bomless_utf16_gets_a_helpful_refusal(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "x.txt", "Hello there".encode("utf-16-le")))
    assert "UTF-16 text without a byte-order mark" in problem


def test_docx_bytes_in_a_txt_are_named(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "x.txt", b"PK\x03\x04rest"))
    assert "ZIP archive" in problem


@pytest.mark.parametrize("name", ["notes.pdf", "INT-001.doc", "README", "x.txt.bak", "a.rtf"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, "text")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}: unsupported file type")
    assert ".txt, .md and .docx" in problem


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    assert problems_of(path) == [f"{path}: no such file"]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", "secret")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert problems_of(path) == [f"{path}: cannot be read: permission denied"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_on_disk(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "secret")
    path.chmod(0)
    try:
        assert problems_of(path) == [f"{path}: cannot be read: permission denied"]
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"])
def test_random_bytes_behind_a_bom_are_refused(tmp_path: Path, bom: bytes) -> None:
    data = bom + random.Random(11).randbytes(4096)
    (problem,) = problems_of(write(tmp_path, "blob.txt", data))
    assert "byte-order mark but is not valid" in problem or "binary file" in problem


def test_txt_first_line_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "INT-042.txt"
    path.write_text("# Interview INT-042 — “Sami”\nDate: 2021\n\nI: Hello\n# not a title\n", encoding="utf-8")
    assert read_transcript(path).title == "Interview INT-042 — “Sami”"
    plain = tmp_path / "INT-043.txt"
    plain.write_text("I: Hello\n# not a title\n", encoding="utf-8")
    assert read_transcript(plain).title == "INT-043"
