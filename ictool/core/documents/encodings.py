"""Turning the bytes of a .txt/.md file into text, or refusing them with a reason.

Transcripts arrive from many machines: UTF-8 from current editors, UTF-16 with a BOM from Windows
Notepad's "Unicode", and cp1252 from older Windows tools and transcription services. Spreadsheets come
from the same machines, so both are decoded by the one decoder of the core,
:func:`ictool.core.tabular.decode_bytes` (which explains the order of its checks); what is particular
to transcripts is what happens around decoding: offsets of evidence quotes index the stored text, and
a transcript is often assembled by pasting, so one file can hold two encodings (see
:func:`mixed_encoding_lines`).
"""

from __future__ import annotations

import re

from ictool.core.documents.model import DocumentRefused
from ictool.core.tabular import DecodedText, UndecodableText, decode_bytes

__all__ = [
    "DecodedText",
    "decode_text_bytes",
    "describe_line_endings",
    "encoding_name",
    "mixed_encoding_lines",
    "normalise_text",
]

#: Encodings as people know them; UTF-8 (with or without a BOM) is the expected one and not named.
_NAMES = {
    "cp1252": "Windows-1252",
    "cp1252+latin-1": "Windows-1252",
    "latin-1": "Latin-1 (ISO-8859-1)",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32-le": "UTF-32",
    "utf-32-be": "UTF-32",
}
_UTF8 = frozenset({"utf-8", "utf-8-sig"})
_LINE_RE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n|$)")
_SHOWN_LINES = 3


def decode_text_bytes(data: bytes) -> DecodedText:
    """Decode the bytes of a plain-text transcript, or raise ``DocumentRefused``.

    A file mixing UTF-8 with a legacy encoding is refused: read as Windows-1252 (what the shared
    decoder falls back to), its UTF-8 lines would be stored garbled (``PremiÃ¨re``), and evidence
    quoted from them would be garbled for good.
    """
    try:
        decoded = decode_bytes(data)
    except UndecodableText as refused:
        raise DocumentRefused(refused.reason) from None
    if not decoded.encoding.startswith("utf-"):
        mixed = mixed_encoding_lines(data)
        if mixed is not None:
            utf8_line, others = mixed
            shown = ", ".join(str(n) for n in others[:_SHOWN_LINES])
            more = f" and {len(others) - _SHOWN_LINES} more" if len(others) > _SHOWN_LINES else ""
            if others == [utf8_line]:
                where = f"line {utf8_line} holds UTF-8 text and text in another encoding"
            elif len(others) == 1:
                where = f"it holds UTF-8 text (line {utf8_line}) but line {shown} is not UTF-8"
            else:
                where = f"it holds UTF-8 text (line {utf8_line}) but lines {shown}{more} are not UTF-8"
            raise DocumentRefused(
                f"mixes two encodings: {where} (probably Windows-1252, text pasted from an older "
                "program), so its accented letters would come in garbled. Open it in a text editor, "
                "retype the accented letters of those lines and save it as UTF-8"
            )
    return decoded


def encoding_name(encoding: str) -> str | None:
    """How to tell a person which encoding a file was read in; None for UTF-8, the expected one."""
    if encoding in _UTF8:
        return None
    return _NAMES.get(encoding, encoding)


def normalise_text(text: str) -> str:
    """Line endings to ``\\n`` and no leading BOM; nothing else changes.

    Offsets of evidence quotes index the stored text, and quotes must match the
    transcript a coder reads, so white space, Unicode composition and bidi marks
    are kept exactly. A U+FEFF can survive decoding (a file saved twice with a
    BOM, or a BOM-less decode); at the start it is never content.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def describe_line_endings(text: str) -> str:
    """``crlf``, ``lf``, ``cr``, ``mixed`` or ``none``, for provenance metadata."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, count in (("crlf", crlf), ("lf", lf), ("cr", cr)) if count]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def mixed_encoding_lines(data: bytes) -> tuple[int, list[int]] | None:
    """For bytes that are not UTF-8 as a whole: the first line holding UTF-8 text and every line that
    is not UTF-8, or None when no line looks like UTF-8 text.

    Decided line by line because a paste brings whole lines, and on evidence a Windows-1252 file does
    not produce by chance. Its accented letters are mostly invalid as UTF-8 (``é`` before a space or
    a letter), but a capital or ``ß`` before a quote or a symbol is a valid UTF-8 pair (``heiß”``,
    ``CAFÉ”``), common enough that counting pairs would refuse genuine Windows-1252 transcripts. So a
    line counts as UTF-8 text when it is valid UTF-8 and holds either two multi-byte sequences, or one
    that chance does not make: a Latin letter or typographic punctuation as UTF-8 encodes it (read as
    Windows-1252, the familiar ``Ã©`` and ``â€™`` of mojibake) or a three- or four-byte sequence. Such
    a sequence on a line that is not UTF-8 (both encodings on one line) counts too.
    """
    utf8_line: int | None = None
    others: list[int] = []
    for number, match in enumerate(_LINE_RE.finditer(data), start=1):
        line = match.group()
        if not line.isascii():
            distinctive = bool(_UTF8_DISTINCTIVE.search(line))
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                others.append(number)
                looks_utf8 = distinctive
            else:
                looks_utf8 = distinctive or len(_UTF8_MULTIBYTE.findall(line)) >= 2
            if looks_utf8 and utf8_line is None:
                utf8_line = number
        if match.end() == len(data):
            break
    if utf8_line is None or not others:
        return None
    return utf8_line, others


#: UTF-8 for U+00A0-U+017F (Latin letters with accents, NBSP, « ») and General Punctuation (’ “ ” …),
#: and any three- or four-byte sequence: what European UTF-8 text is made of, and what Windows-1252
#: text practically never holds by chance.
_UTF8_DISTINCTIVE = re.compile(
    rb"\xc2[\xa0-\xbf]|[\xc3-\xc5][\x80-\xbf]|\xe2\x80[\x80-\xbf]"
    rb"|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
