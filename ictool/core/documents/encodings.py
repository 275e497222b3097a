"""Turning the bytes of a .txt/.md file into text, or refusing them with a reason.

Transcripts arrive from many machines: UTF-8 from current editors, UTF-16 with a BOM from Windows
Notepad's "Unicode", and cp1252 from older Windows tools and transcription services. Spreadsheets come
from the same machines, so both are decoded by the one decoder of the core,
:func:`ictool.core.tabular.decode_bytes` (which explains the order of its checks); what is particular
to transcripts is what happens after decoding: offsets of evidence quotes index the stored text.
"""

from __future__ import annotations

from ictool.core.documents.model import DocumentRefused
from ictool.core.tabular import DecodedText, UndecodableText, decode_bytes

__all__ = ["DecodedText", "decode_text_bytes", "describe_line_endings", "normalise_text"]


def decode_text_bytes(data: bytes) -> DecodedText:
    """Decode the bytes of a plain-text transcript, or raise ``DocumentRefused``."""
    try:
        return decode_bytes(data)
    except UndecodableText as refused:
        raise DocumentRefused(refused.reason) from None


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
