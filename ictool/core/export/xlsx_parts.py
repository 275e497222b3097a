"""The fixed parts of an .xlsx package (SpreadsheetML), and the escaping of cell text.

The parts mirror what XlsxWriter writes (content types, relationships, a three-style style sheet,
frozen panes, autofilter with its hidden ``_xlnm._FilterDatabase`` name), so the files open in Excel,
LibreOffice, openpyxl and pandas the way XlsxWriter's do. Style ids: 0 default, 1 header (bold, thin
bottom border), 2 marker (bold dark red on yellow).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from ictool.core.export.cells import xlsx_text

__all__ = [
    "HEADER_STYLE",
    "MARKER_STYLE",
    "column_letter",
    "content_types",
    "core_properties",
    "package_rels",
    "sheet_head",
    "sheet_tail",
    "styles",
    "text_cell",
    "text_cell_tail",
    "workbook",
    "workbook_rels",
]

HEADER_STYLE, MARKER_STYLE = 1, 2
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# Anything a cell text needs work for: XML-forbidden characters, CR, markup characters, and text
# that looks like Excel's own ``_xHHHH_`` escape (which must itself be escaped to read back as typed).
_NEEDS_WORK = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff&<>]|_x[0-9A-Fa-f]{4}_")
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")
_FAST_LENGTH = 16_000  # shorter texts cannot pass Excel's limit, even in UTF-16 units


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_cell(ref: str, text: str, style: int = 0) -> str:
    """An inline-string cell; the text made safe by :func:`~.cells.xlsx_text` and XML-escaped."""
    tail = text_cell_tail(text, style)
    return f'<c r="{ref}{tail}' if tail else ""


def text_cell_tail(text: str, style: int = 0) -> str:
    """Everything of :func:`text_cell` after ``<c r="A1`` (empty for an empty cell): the same for every
    cell with this text, so a writer can reuse it for texts that repeat."""
    if not text:
        return ""  # an empty cell, as XlsxWriter and Excel leave it
    if len(text) > _FAST_LENGTH or _NEEDS_WORK.search(text):
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", escape(xlsx_text(text)))
        if not text:
            return ""
    s = f' s="{style}"' if style else ""
    if text[0].isspace() or text[-1].isspace():
        return f'"{s} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'"{s} t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_head(dimension: str, widths: Sequence[float], frozen_columns: int, selected: bool) -> str:
    """Everything before ``<sheetData>``: dimension, frozen header row (and columns), column widths."""
    tab = ' tabSelected="1"' if selected else ""
    if frozen_columns:
        col = column_letter(frozen_columns)
        pane = (
            f'<pane xSplit="{frozen_columns}" ySplit="1" topLeftCell="{col}2" activePane="bottomRight" '
            f'state="frozen"/><selection pane="topRight" activeCell="{col}1" sqref="{col}1"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/><selection pane="bottomRight"/>'
        )
    else:
        pane = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        pane += '<selection pane="bottomLeft"/>'
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:.7g}" customWidth="1"/>' for i, w in enumerate(widths, 1)
    )
    return (
        f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{dimension}"/>'
        f'<sheetViews><sheetView{tab} workbookViewId="0">{pane}</sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'
    )


def sheet_tail(autofilter: str | None) -> str:
    flt = f'<autoFilter ref="{autofilter}"/>' if autofilter else ""
    margins = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    return f"</sheetData>{flt}{margins}</worksheet>"


def _sheet_ref(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def workbook(sheets: Sequence[tuple[str, str | None]]) -> str:
    """``sheets``: (name, autofilter range or None), in tab order."""
    entries = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _) in enumerate(sheets, 1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_sheet_ref(name))}!{_absolute(ref)}</definedName>"
        for i, (name, ref) in enumerate(sheets)
        if ref
    )
    return (
        f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/><bookViews>'
        f'<workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
        f"<sheets>{entries}</sheets>{f'<definedNames>{names}</definedNames>' if names else ''}</workbook>"
    )


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)([0-9]+)", r"$\1$\2", part) for part in ref.split(":"))


def workbook_rels(count: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    rels += f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    return f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'


def package_rels() -> str:
    return (
        f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/></Relationships>'
    )


def content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    return (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{sheets}</Types>'
    )


def core_properties(title: str, creator: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_XML_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(xlsx_text(title))}</dc:title><dc:creator>{escape(xlsx_text(creator))}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )


def styles() -> str:
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
        f'<fonts count="3"><font>{font}</font><font><b/>{font}</font>'
        '<font><b/><sz val="11"/><color rgb="FF9C0006"/><name val="Calibri"/><family val="2"/></font>'
        "</fonts>"
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/>'
        "</patternFill></fill></fills>"
        '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
        "</borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>'
        '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
        'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
    )
