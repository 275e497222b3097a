"""The methods section (:mod:`.methods`) rendered three ways: Markdown, Word (.docx) and a workbook sheet.

Why renderers only: what the section says is decided once, in :mod:`.methods`; these put the same
title, paragraphs, table and references on the page each format's way — Markdown a reviewer can read
as plain text, a Word table a journal accepts, and a sheet beside the data it describes. python-docx
is imported only when a .docx is written (it pulls in lxml, which nothing else on these paths needs).
"""

from __future__ import annotations

import re
from pathlib import Path

from ictool.core.export.cells import CellValue
from ictool.core.export.methods import MethodsSection, Span, Text
from ictool.core.export.sheets import Table
from ictool.core.paths import write_atomically

__all__ = ["METHODS_FORMATS", "methods_table", "plain", "to_markdown", "write_docx", "write_methods"]

#: What ``write_methods`` writes, by the file's suffix.
METHODS_FORMATS = (".md", ".docx")

#: What Markdown could read as markup: backslash, backtick, asterisk, an underscore at a word's edge, a
#: tag's opening ``<``, and a bracket that would close a link; ``|`` is escaped in table cells only.
_SPECIAL = re.compile(r"[\\`*]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|<(?=[A-Za-z/!?])|\](?=[(\[])")


def plain(text: Text) -> str:
    return "".join(span.text for span in text)


def _md(text: Text, *, cell: bool = False) -> str:
    """Markdown of a run of spans; characters Markdown would read as markup are escaped (``|`` too)."""
    out = []
    for span in text:
        escaped = _SPECIAL.sub(lambda m: "\\" + m.group(0), span.text)
        if cell:
            escaped = escaped.replace("|", "\\|").replace("\n", " ")
        out.append(f"*{escaped}*" if span.italic and escaped.strip() else escaped)
    return "".join(out)


def to_markdown(section: MethodsSection) -> str:
    """The section as Markdown: heading, paragraphs, the table (a pipe table, numbers right-aligned)
    with its caption and notes, and the references."""
    table = section.table
    out = [f"## {section.title}", ""]
    for paragraph in section.paragraphs:
        out += [_md(paragraph), ""]
    out += ["**Table 1**", "", _md(table.caption), ""]
    out.append("| " + " | ".join(_md(h, cell=True) for h in table.header) + " |")
    out.append("|" + "|".join(":---" if i < 2 else "---:" for i in range(len(table.header))) + "|")
    for row in table.rows:
        out.append("| " + " | ".join(_md((Span(c),), cell=True) for c in row) + " |")
    out.append("")
    for note in table.notes:
        out += [_md(note), ""]
    out += ["### References", ""]
    for reference in section.references:
        out += [_md(reference), ""]
    return "\n".join(out)


def write_docx(section: MethodsSection, path: Path) -> None:
    """Write the section as a Word document to ``path`` (a new file; see :func:`write_methods`)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()

    def runs(paragraph: object, text: Text) -> None:
        for span in text:
            run = paragraph.add_run(span.text)  # type: ignore[attr-defined]
            run.italic = span.italic or None

    document.add_heading(section.title, level=2)
    for text in section.paragraphs:
        runs(document.add_paragraph(), text)
    table = section.table
    label = document.add_paragraph()
    label.add_run("Table 1").bold = True
    runs(document.add_paragraph(), table.caption)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    for c, header in enumerate(table.header):
        cell = grid.rows[0].cells[c]
        runs(cell.paragraphs[0], header)
    for r, row in enumerate(table.rows, 1):
        for c, value in enumerate(row):
            paragraph = grid.rows[r].cells[c].paragraphs[0]
            paragraph.add_run(value)
            if c >= 2:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    for note in table.notes:
        runs(document.add_paragraph(), note)
    document.add_heading("References", level=3)
    for reference in section.references:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(36)
        paragraph.paragraph_format.first_line_indent = Pt(-36)  # APA's hanging indent
        runs(paragraph, reference)
    document.save(str(path))


def write_methods(section: MethodsSection, path: Path) -> None:
    """Write the section to ``path``, Markdown or Word by its suffix, atomically (a failed write
    leaves the previous file as it was)."""
    if path.suffix.lower() == ".docx":
        write_atomically(path, lambda tmp: write_docx(section, tmp))
    else:
        text = to_markdown(section)
        write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def methods_table(section: MethodsSection) -> Table:
    """The workbook's Methods sheet: the table first (its header is the sheet's header row, so it
    filters and freezes like every sheet), then its notes, the paragraphs and the references, one a
    row, in the first column. Italics are lost: a cell holds plain text."""
    table = section.table
    width = len(table.header)

    def line(text: str) -> list[CellValue]:
        return [text] + [None] * (width - 1)

    rows: list[list[CellValue]] = [[_number(c) for c in row] for row in table.rows]
    rows += [line("")] + [line(plain(note)) for note in table.notes]
    rows += [line(""), line(section.title)] + [line(plain(p)) for p in section.paragraphs]
    rows += [line(""), line("References")] + [line(plain(r)) for r in section.references]
    return Table("Methods", tuple(plain(h) for h in table.header), rows)


def _number(cell: str) -> CellValue:
    """Counts as numbers (so a spreadsheet can sum them); formatted statistics stay text as printed."""
    return int(cell) if cell.isdigit() else cell
