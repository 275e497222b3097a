"""Plain-text transcripts: every encoding people actually send comes in exactly."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from ictool.core.documents.encodings import decode_text_bytes, normalise_text
from ictool.core.documents.model import text_sha256
from ictool.core.documents.reader import read_transcript
from ictool.core.errors import ValidationError

TEXT = "Interviewer: Wie geht's?\nBefragte: Très bien – „gut“ 👍\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-le"),  # Python writes a BOM and little-endian
        ("utf-32", "utf-32-le"),
    ],
)
def test_unicode_encodings_round_trip(tmp_path: Path, codec: str, expected: str) -> None:
    doc = read_transcript(write(tmp_path, "INT-001.txt", TEXT.encode(codec)))
    assert doc.text == TEXT
    assert doc.metadata["encoding"] == expected


def test_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")
    doc = read_transcript(write(tmp_path, "INT-002.txt", data))
    assert doc.text == TEXT
    assert doc.metadata["encoding"] == "utf-16-be"


def test_cp1252_smart_quotes_and_accents(tmp_path: Path) -> None:
    text = "“Café”, she said – it’s 5 € … naïve\n"
    doc = read_transcript(write(tmp_path, "INT-003.txt", text.encode("cp1252")))
    assert doc.text == text
    assert doc.metadata["encoding"] == "cp1252"


def test_latin1_with_bytes_undefined_in_cp1252(tmp_path: Path) -> None:
    text = "Grüße aus Köln \x81 und \x9d\n"
    doc = read_transcript(write(tmp_path, "INT-004.txt", text.encode("latin-1")))
    assert doc.text == text
    assert doc.metadata["encoding"] == "latin-1"


def test_undefined_bytes_next_to_cp1252_punctuation_keep_both() -> None:
    decoded = decode_text_bytes("“quoted” é".encode("cp1252") + b"\x8f")
    assert decoded.text == "“quoted” é\x8f"
    assert decoded.encoding == "cp1252+latin-1"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16"])
def test_right_to_left_and_astral_characters_are_stored_exactly(tmp_path: Path, codec: str) -> None:
    text = "مرحبا بكم في المقابلة\nשלום עולם\u200f\nLaughs 😂🇩🇪 👩‍👩‍👧 𝒳\n"
    doc = read_transcript(write(tmp_path, "INT-005.md", text.encode(codec)))
    assert doc.text == text
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_line_endings_become_lf_and_nothing_else_changes(tmp_path: Path) -> None:
    data = b"one  \r\ntwo\rthree\n\tfour \r\n\r\n"
    doc = read_transcript(write(tmp_path, "INT-006.txt", data))
    assert doc.text == "one  \ntwo\nthree\n\tfour \n\n"
    assert doc.metadata["line_endings"] == "mixed"


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"a\r\nb\r\n", "crlf"), (b"a\rb", "cr"), (b"a\nb", "lf"), (b"ab", "none")],
)
def test_line_endings_are_recorded(tmp_path: Path, data: bytes, expected: str) -> None:
    assert read_transcript(write(tmp_path, "x.txt", data)).metadata["line_endings"] == expected


def test_a_bom_that_survives_decoding_is_removed() -> None:
    # Saved twice with a BOM: the second one survives the utf-8-sig decode.
    assert normalise_text("\ufeff\ufeffHello\ufeffworld") == "Hello\ufeffworld"


def test_double_bom_file(tmp_path: Path) -> None:
    doc = read_transcript(write(tmp_path, "x.txt", codecs.BOM_UTF8 * 2 + b"Hi"))
    assert doc.text == "Hi"


def test_unicode_is_not_recomposed(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 und Mu\u0308ller"
    doc = read_transcript(write(tmp_path, "x.txt", decomposed.encode("utf-8")))
    assert doc.text == decomposed


def test_damaged_utf16_is_refused_naming_the_file(tmp_path: Path) -> None:
    from ictool.core.errors import ValidationError

    path = write(tmp_path, "INT-009.txt", codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00")
    with pytest.raises(ValidationError) as info:
        read_transcript(path)
    assert info.value.problems == [
        f"{path}: starts with a UTF-16-LE byte-order mark but is not valid UTF-16-LE "
        "(damaged or truncated near byte 8)"
    ]


def test_sha256_is_over_the_normalised_text_and_stable(tmp_path: Path) -> None:
    crlf = read_transcript(write(tmp_path, "a.txt", "Zeile 1\r\nZeile 2".encode("utf-16")))
    lf = read_transcript(write(tmp_path, "b.txt", b"Zeile 1\nZeile 2"))
    assert crlf.sha256 == lf.sha256 == text_sha256("Zeile 1\nZeile 2")
    assert crlf.sha256 == hashlib.sha256(b"Zeile 1\nZeile 2").hexdigest()


# -- files mixing two encodings ------------------------------------------------------------------------


def test_a_utf8_file_with_a_line_pasted_in_cp1252_is_refused_naming_the_line(tmp_path: Path) -> None:
    data = "Première ligne, café.\n".encode() + "Deuxième ligne collée depuis Word\n".encode("cp1252")
    path = write(tmp_path, "MIX-1.txt", data + "Troisième, en UTF-8\n".encode())
    with pytest.raises(ValidationError) as info:
        read_transcript(path)
    (problem,) = info.value.problems
    assert problem.startswith(
        f"{path}: mixes two encodings: it holds UTF-8 text (line 1) but line 2 is not UTF-8"
    )
    assert "save it as UTF-8" in problem


def test_a_line_mixing_both_encodings_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "MIX.txt", b"Intro\n" + "café ".encode() + "crème".encode("cp1252"))
    with pytest.raises(ValidationError, match="line 2 holds UTF-8 text and text in another encoding"):
        read_transcript(path)


@pytest.mark.parametrize(
    "text",
    [
        "Er sagte: „Das ist heiß“ und „Fuß“.\nÄrger im Büro.\n",
        "Le CAFÉ” dit-il.\nUn été à Paris.\n",  # É” is a valid UTF-8 pair by chance
        "ESPAÑA» y más.\nSeñor.\n",
    ],
)
def test_cp1252_text_whose_bytes_form_a_utf8_pair_by_chance_is_read(tmp_path: Path, text: str) -> None:
    doc = read_transcript(write(tmp_path, "LAT.txt", text.encode("cp1252")))
    assert doc.text == text
    assert doc.metadata["encoding"] == "cp1252"
