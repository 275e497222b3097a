"""Safe cell values: transcripts, quotes and notes are untrusted text and must arrive as typed.

Two different dangers, two different cures:

* **Spreadsheet formulas.** A note such as ``=HYPERLINK("http://x")`` or ``@SUM(A1)`` must never run.
  In xlsx every text is written as a *string cell* (the writer never guesses), which is exact and
  safe; nothing is added to the text. CSV has no cell types, so Excel guesses on opening: a text
  cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading single
  quote ``'`` (OWASP's advice for CSV injection). A text that is just a plain number (``-3``,
  ``+1.5``) is left alone — Excel reads it as that number, which is what it is.
* **What XML cannot hold.** xlsx is XML: control characters other than tab, line feed and carriage
  return, lone surrogates and U+FFFE/U+FFFF are removed. Carriage returns become line feeds (Excel's
  own line break; pandas/openpyxl would otherwise read the ``_x000D_`` escape back). A cell longer
  than Excel's 32,767 characters (counted in UTF-16 units, as Excel counts) is cut and ends with
  :data:`TRUNCATION_MARKER`; the CSV export keeps the full text.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "EXCEL_MAX_CHARS",
    "TRUNCATION_MARKER",
    "UNRESOLVED",
    "CellValue",
    "Marker",
    "csv_text",
    "excel_number",
    "needs_quote_prefix",
    "too_long_for_excel",
    "xlsx_text",
    "xml_safe",
]

EXCEL_MAX_CHARS: Final = 32_767
TRUNCATION_MARKER: Final = "… [truncated: full text in the CSV export]"
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_EXACT_IN_EXCEL = 2**53  # Excel numbers are doubles: larger integers are written as text

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NEEDS_WORK = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)


class Marker:
    """A cell that is not data but a visible sign (``UNRESOLVED``); each writer renders it its way."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Marker({self.text!r})"


#: Coders disagree and the lead has not decided: shown (with a fill) in xlsx, empty in CSV and SPSS.
UNRESOLVED: Final = Marker("UNRESOLVED")

#: What a table cell may hold: text, a number, nothing (empty cell) or a marker.
CellValue = str | int | float | Marker | None


def xml_safe(text: str) -> str:
    """Without the characters XML 1.0 forbids (tab, line feed and carriage return are kept)."""
    return _XML_ILLEGAL.sub("", text)


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def too_long_for_excel(text: str) -> bool:
    """Whether an xlsx cell must cut ``text`` (Excel counts UTF-16 units)."""
    return len(text) > EXCEL_MAX_CHARS // 2 and _utf16_length(text) > EXCEL_MAX_CHARS


def xlsx_text(text: str) -> str:
    """The text as an xlsx string cell holds it (see the module docstring)."""
    if _NEEDS_WORK.search(text):
        text = xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) <= EXCEL_MAX_CHARS // 2 or _utf16_length(text) <= EXCEL_MAX_CHARS:
        return text
    room = EXCEL_MAX_CHARS - _utf16_length(TRUNCATION_MARKER)
    units = 0
    for index, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1  # astral characters (emoji) count twice
        if units > room:
            return text[:index] + TRUNCATION_MARKER
    return text  # not reached: the text was longer than the limit


def needs_quote_prefix(text: str) -> bool:
    """True when a CSV reader such as Excel could take ``text`` for a formula."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def csv_text(text: str) -> str:
    """The text as a CSV cell holds it: full length, formula-looking text behind a ``'``."""
    if _LONE_SURROGATE.search(text):  # cannot be encoded as UTF-8
        text = _LONE_SURROGATE.sub("", text)
    return "'" + text if needs_quote_prefix(text) else text


def excel_number(value: int | float) -> int | float | str:
    """A number Excel can hold exactly, or its text (integers beyond 2**53 would silently round)."""
    if isinstance(value, int) and abs(value) >= _EXACT_IN_EXCEL:
        return str(value)
    return value
