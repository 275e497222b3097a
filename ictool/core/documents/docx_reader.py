"""Text and title of a Word .docx transcript, read from the document XML.

The body is walked in document order rather than through ``document.paragraphs``
because that skips tables (many transcription services deliver a two-column
speaker/utterance table) and the runs inside tracked insertions, hyperlinks and
content controls. The text layout chosen:

* one ``\\n`` per paragraph break; empty paragraphs stay empty lines, so the
  text a coder reads keeps the spacing of the document;
* line breaks (``w:br`` of any type, ``w:cr``) become ``\\n`` and tabs ``\\t``;
* a table row is one line, its cells separated by ``\\t``; paragraphs inside a
  cell are joined by ``\\n``; nested tables are flattened the same way;
* deleted text (tracked deletions), field codes, text boxes, drawings, headers,
  footers, footnotes and comments are not part of the transcript.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

import docx
from docx.document import Document
from docx.opc.exceptions import OpcError
from lxml import etree

from ictool.core.documents.model import DocumentRefused

#: An lxml element; lxml ships no type stubs, so its elements are untyped.
Element = Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_PARAGRAPH, _TABLE, _ROW, _CELL = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
# Containers whose children are read as if they stood in the parent.
_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"})
_INLINE_TEXT = {
    f"{_W}t": None,  # the element's own text
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}
# Inline content that is not transcript text (or, for properties, not text at all).
_INLINE_SKIP = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}delText",
        f"{_W}instrText",
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}drawing",
        f"{_W}pict",
        f"{_W}object",
        f"{_MC}AlternateContent",
    }
)

# What python-docx and the zip/XML layers beneath it raise on a damaged or foreign file.
_OPEN_ERRORS: tuple[type[BaseException], ...] = (
    OpcError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    NotImplementedError,
    etree.LxmlError,
)


@dataclass(frozen=True)
class DocxContent:
    """The transcript text (not yet normalised) and the title found, if any."""

    text: str
    title: str | None


def read_docx(data: bytes) -> DocxContent:
    """Read a .docx from its bytes, or raise ``DocumentRefused`` if it is not one."""
    try:
        document = docx.Document(io.BytesIO(data))
    except _OPEN_ERRORS:
        raise DocumentRefused(
            "is not a readable Word document (.docx): the file is damaged or of another kind"
        ) from None
    body: Element = document.element.body
    text = "\n".join(_block_lines(body))
    style_names = {style.style_id: style.name or "" for style in document.styles}
    return DocxContent(text, _core_title(document) or _heading_title(body, style_names))


def _block_lines(container: Element) -> list[str]:
    lines: list[str] = []
    for child in container:
        if child.tag == _PARAGRAPH:
            lines.append(_paragraph_text(child))
        elif child.tag == _TABLE:
            lines.extend(_table_lines(child))
        elif child.tag in _WRAPPERS:
            lines.extend(_block_lines(child))
    return lines


def _table_lines(table: Element) -> list[str]:
    return [
        "\t".join("\n".join(_block_lines(cell)) for cell in _children(row, _CELL))
        for row in _children(table, _ROW)
    ]


def _children(parent: Element, tag: str) -> list[Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    found: list[Element] = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(_children(child, tag))
    return found


def _paragraph_text(paragraph: Element) -> str:
    parts: list[str] = []
    _collect_inline(paragraph, parts)
    return "".join(parts)


def _collect_inline(element: Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _INLINE_SKIP:
            continue  # comments and processing instructions have a non-str tag
        if tag in _INLINE_TEXT:
            fixed = _INLINE_TEXT[tag]
            parts.append((child.text or "") if fixed is None else fixed)
        else:  # runs, hyperlinks, insertions, smart tags, simple fields, bidi containers
            _collect_inline(child, parts)


def _core_title(document: Document) -> str | None:
    return _one_line(document.core_properties.title or "")


def _heading_title(body: Element, style_names: dict[str, str]) -> str | None:
    """Text of the first top-level paragraph styled Title or Heading N."""
    for child in body:
        if child.tag != _PARAGRAPH:
            continue
        style_name = style_names.get(_style_id(child) or "", "")
        if style_name == "Title" or style_name.startswith("Heading "):
            title = _one_line(_paragraph_text(child))
            if title:
                return title
    return None


def _style_id(paragraph: Element) -> str | None:
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    return None if style is None else str(style.get(f"{_W}val"))


def _one_line(text: str) -> str | None:
    """Titles are labels in lists: line breaks and runs of spaces collapse to one space."""
    return re.sub(r"\s+", " ", text).strip() or None
