"""Turning the bytes of a .txt/.md file into text, or refusing them with a reason.

Transcripts arrive from many machines: UTF-8 from current editors, UTF-16 with a
BOM from Windows Notepad's "Unicode", and cp1252 from older Windows tools and
transcription services. The order of the checks matters:

1. A byte-order mark decides (UTF-32/UTF-16/UTF-8-sig) - it is unambiguous.
2. Otherwise NUL bytes mean "not text" (only UTF-16/32 text contains them, and
   without a BOM we will not guess which byte order was meant).
3. Strict UTF-8: legacy 8-bit text containing accented letters is practically
   never valid UTF-8, so a successful strict decode is trustworthy.
4. Otherwise cp1252, a superset of the printable part of latin-1. The five bytes
   cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) are read as latin-1 (the C1
   code point of the same number), which is what WHATWG decoders do, so no file is
   refused merely for containing one of them.

After decoding, text that is mostly control or private-use characters is refused
as binary: a decoder accepts almost any bytes, so this is the check that stops a
renamed image or archive from becoming a "transcript".
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ictool.core.documents.model import DocumentRefused

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE must be tested before UTF-16 LE: its BOM starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Signatures of common non-text files, so the refusal can say what the file is.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (perhaps a .docx or .xlsx saved under the wrong extension)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx or plain text"),
)

_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# Control characters other than tab, LF, VT, FF and CR, plus private-use code points.
_SUSPICIOUS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
#: Share of suspicious characters above which decoded text is taken for binary data.
#: Random bytes decode to about 12% control characters; real text has next to none
#: (a few Symbol-font bullets map to private use). A floor of 3 keeps a stray
#: Ctrl-Z at the end of a short DOS file from refusing it.
_SUSPICIOUS_SHARE = 0.05
_SUSPICIOUS_FLOOR = 3


@dataclass(frozen=True)
class DecodedText:
    """Decoded, not yet normalised text and the name of the encoding that decoded it."""

    text: str
    encoding: str


def decode_text_bytes(data: bytes) -> DecodedText:
    """Decode the bytes of a plain-text transcript, or raise ``DocumentRefused``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_with_bom(data, bom, encoding))
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise DocumentRefused(f"is not a text file: it looks like {what}")
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            raise DocumentRefused(
                "looks like UTF-16 text without a byte-order mark, which cannot be read reliably; "
                "save it again as UTF-8"
            )
        raise DocumentRefused("looks like a binary file, not text (it contains NUL bytes)")
    try:
        return _checked(DecodedText(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data))


def _decode_with_bom(data: bytes, bom: bytes, encoding: str) -> DecodedText:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        return DecodedText(data[len(bom) :].decode(codec), encoding)
    except UnicodeDecodeError as exc:
        label = encoding.removesuffix("-sig").upper()
        raise DocumentRefused(
            f"starts with a {label} byte-order mark but is not valid {label} "
            f"(damaged or truncated near byte {exc.start + len(bom)})"
        ) from None


def _decode_legacy(data: bytes) -> DecodedText:
    if not _CP1252_UNDEFINED.intersection(data):
        return DecodedText(data.decode("cp1252"), "cp1252")
    # surrogateescape turns each undefined byte into U+DC80+byte; map it to the
    # latin-1 code point of the same byte (U+0080+...).
    escaped = data.decode("cp1252", errors="surrogateescape")
    text = _ESCAPED_BYTE.sub(lambda m: chr(ord(m.group()) - 0xDC00), escaped)
    has_cp1252_only = any(0x80 <= b <= 0x9F and b not in _CP1252_UNDEFINED for b in data)
    return DecodedText(text, "cp1252+latin-1" if has_cp1252_only else "latin-1")


def _checked(decoded: DecodedText) -> DecodedText:
    text = decoded.text
    if "\x00" in text:
        raise DocumentRefused("looks like a binary file, not text (it contains NUL characters)")
    suspicious = len(_SUSPICIOUS.findall(text))
    if suspicious > max(_SUSPICIOUS_FLOOR, len(text) * _SUSPICIOUS_SHARE):
        raise DocumentRefused(
            f"looks like a binary file, not text ({suspicious} of {len(text)} characters are control codes)"
        )
    return decoded


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """Mostly-ASCII UTF-16 has a NUL in every other byte; binary data rarely does."""
    if len(data) < 4 or len(data) % 2:
        return False
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    return max(even_nuls, odd_nuls) >= 0.7 * half and min(even_nuls, odd_nuls) <= 0.05 * half


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
