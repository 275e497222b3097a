"""Coding from a spreadsheet: one coder's values for many documents, read from a wide .csv or .xlsx.

Why this exists: some coders work in Excel, and projects migrate from older tools. The layout is the
one a statistician would expect: a ``document`` column with document ids and one column per variable
name (both case-insensitive); a cell holds a choice code or its label, several choices of a
multi-select variable separated by ``|``, ``[]`` for "coded, none chosen", a number, or text.

A number may be written with a decimal comma (``7,5``) where the CSV delimiter is not a comma (a
semicolon sheet from a European Excel), by the same rule as ``ictool alpha``'s sheets
(:attr:`ictool.core.tabular.Sheet.decimal_comma`): the two commands read sheets alike. A sheet writing
numbers both with a decimal comma and with a decimal point is refused, since there a point may be a
thousands separator.

A blank cell means "not coded in this sheet" and leaves any value already stored untouched: a sheet
cannot clear values. That makes a partial sheet (a few columns, a few rows) safe to import, and a
spreadsheet's empty cells can never wipe work done in the app.

The import is all-or-nothing. Every problem is listed with the row and column a spreadsheet shows
(header = row 1), and on any problem nothing is written; otherwise all values, and any missing
assignment of the coder to a document, are written in one transaction with their audit entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from ictool.core import coding
from ictool.core.codebook.model import Codebook, Kind, Variable
from ictool.core.codebook.values import encode_value, parse_number, parse_value, validate_value
from ictool.core.coding import ValueChange
from ictool.core.errors import UserError, ValidationError
from ictool.core.project import CoderPackage, Project
from ictool.core.records import Coder, DocumentInfo
from ictool.core.store import coders_repo, codings_repo, packages_repo
from ictool.core.store.clock import now
from ictool.core.tabular import (
    DecimalMarks,
    Sheet,
    Table,
    first_nonblank,
    read_sheet,
    with_decimal_point,
)
from ictool.core.text.wording import plural

#: The header of the column that names the document of each row.
DOCUMENT_COLUMN = "document"


@dataclass
class ImportCodesReport:
    """What an import did; ``values`` counts every non-blank cell read."""

    coder: str
    values: int = 0
    changed: int = 0
    unchanged: int = 0
    documents: int = 0  # documents with at least one value in the sheet
    assigned: int = 0  # documents newly assigned to the coder (project files only)
    notes: list[str] = field(default_factory=list)

    def summary(self, source: str) -> str:
        text = (
            f"{source}: {plural(self.values, 'value')} for {self.coder} on "
            f"{plural(self.documents, 'document')}: "
            f"{self.changed} changed, {self.unchanged} unchanged"
        )
        return text + (f"; {plural(self.assigned, 'document')} newly assigned" if self.assigned else "")


@dataclass
class _Column:
    index: int
    header: str
    variable: Variable


@dataclass
class _Layout:
    document: int
    columns: list[_Column]
    headed: set[int]  # indexes of columns with a header (known or not); cells elsewhere are problems


def import_codes(project: Project | CoderPackage, coder_name: str | None, path: Path) -> ImportCodesReport:
    """Import one coder's values from ``path``; raise UserError listing every problem, writing nothing."""
    path = Path(path)
    coder = _coder(project, coder_name)
    full = project.full_codebook()
    sheet = read_codes_sheet(path, full)
    changes, problems, doc_uuids = _changes(project, coder, sheet, full, path.name)
    if problems:
        raise ValidationError(problems)
    if not changes:
        raise UserError(f"{path.name} holds no values to import (every cell under a variable is blank)")
    report = ImportCodesReport(coder=coder.name, values=len(changes), documents=len(doc_uuids))
    report.changed = _count_changed(project, changes)
    report.unchanged = report.values - report.changed
    new_pairs: list[tuple[str, str]] = []
    if not isinstance(project, CoderPackage):
        assigned = coders_repo.assignments(project.db).get(coder.uuid, set())
        new_pairs = [(coder.uuid, d) for d in doc_uuids if d not in assigned]
        report.notes = _package_notes(project, coder, doc_uuids)
    report.assigned = len(new_pairs)
    if report.changed == 0 and not new_pairs:
        return report  # nothing to write: no transaction, so a package's revision does not move
    at = now()
    with project.transaction() as db:
        coders_repo.add_assignments(db, new_pairs, at)
        for coder_uuid, doc_uuid in new_pairs:
            project.audit(
                "assign document",
                origin="imported",
                coder=coder_uuid,
                document=doc_uuid,
                new=path.name,
                at=at,
            )
        coding.apply(project, changes, origin="imported")
    return report


def _coder(project: Project | CoderPackage, coder_name: str | None) -> Coder:
    """The coder whose values these are: named in a project, implied (or checked) in a package."""
    if not isinstance(project, CoderPackage):
        if not coder_name:
            raise UserError(f"{project.path}: name the coder whose values these are (--coder NAME)")
        return project.coder(coder_name)
    own = project.owner
    if coder_name and coder_name.casefold() not in (own.name.casefold(), own.uuid):
        raise UserError(
            f"{project.path}: this coder package belongs to {own.name}, not to '{coder_name}'; "
            "values can only be imported for the package's own coder"
        )
    return own


def _count_changed(project: Project | CoderPackage, changes: Sequence[ValueChange]) -> int:
    stored: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    changed = 0
    for ch in changes:
        key = (ch.coder_uuid, ch.document_uuid)
        if key not in stored:
            stored[key] = codings_repo.values_for(project.db, *key)
        old = stored[key].get(ch.variable_uuid)
        assert ch.value is not None
        changed += old is None or old[0] != encode_value(ch.value)
    return changed


def _package_notes(project: Project | CoderPackage, coder: Coder, doc_uuids: Sequence[str]) -> list[str]:
    """Merging a package makes the project hold exactly its values, so say when that may overwrite these."""
    issued = {d for c, d in packages_repo.issued_pairs(project.db) if c == coder.uuid}
    held = [d for d in doc_uuids if d in issued]
    if not held:
        return []
    return [
        f"{coder.name} was issued a coder package holding {len(held)} of these documents; merging a "
        "later revision of it will replace the values imported here for those documents"
    ]


# -- sheet -> value changes ---------------------------------------------------------------------------


def _changes(
    project: Project | CoderPackage, coder: Coder, sheet: Sheet, full: Codebook, source: str
) -> tuple[list[ValueChange], list[str], list[str]]:
    """Every change the sheet asks for, every problem found, and the documents that receive values."""
    table = sheet.rows
    layout, problems = _layout(table, project.codebook, full, source)
    if layout is None:
        return [], problems, []
    docs = _DocumentIndex(project.documents())
    seen: dict[str, int] = {}
    changes: list[ValueChange] = []
    touched: dict[str, None] = {}
    where_doc = f"column '{table[0][1][layout.document].strip()}'"
    marks = DecimalMarks()
    for number, cells in table[1:]:
        if not any(c.strip() for c in cells):
            continue
        at = f"{source} row {number}"
        doc_key = _cell(cells, layout.document).strip()
        filled = [(col, _cell(cells, col.index)) for col in layout.columns if _cell(cells, col.index).strip()]
        doc: DocumentInfo | None = None
        if not doc_key:
            if filled:
                problems.append(f"{at}, {where_doc}: the document id is empty but the row holds values")
        elif (doc := docs.find(doc_key)) is None:
            problems.append(f"{at}, {where_doc}: no document '{doc_key}' in {project.path.name}")
        elif doc.uuid in seen:
            problems.append(f"{at}, {where_doc}: document '{doc_key}' is already in row {seen[doc.uuid]}")
            doc = None
        else:
            seen[doc.uuid] = number
        for index, text in enumerate(cells):
            if text.strip() and index not in layout.headed:
                letter = get_column_letter(index + 1)
                problems.append(f"{at}, column {letter}: '{text.strip()}' is in a column without a header")
        for col, raw in filled:
            if col.variable.kind is Kind.NUMBER and sheet.decimal_comma:
                raw = _read_decimal(marks, raw, f"row {number}, column '{col.header}'")
            try:
                value = parse_value(col.variable, raw)
                assert value is not None  # the cell is not blank
                value = validate_value(col.variable, value)
            except ValidationError as exc:
                problems.extend(f"{at}, column '{col.header}': {p}" for p in exc.problems)
                continue
            if doc is not None:
                changes.append(ValueChange(coder.uuid, doc.uuid, col.variable.uuid, value))
                touched[doc.uuid] = None
    mixed = marks.problem(source)
    if mixed is not None:
        problems.append(mixed)
    return changes, problems, list(touched)


def _read_decimal(marks: DecimalMarks, raw: str, where: str) -> str:
    """A number cell of a sheet whose delimiter leaves the comma free: ``7,5`` is read as ``7.5``."""
    dotted = with_decimal_point(raw)
    if dotted is not None:
        marks.saw_comma(f"'{raw.strip()}' ({where})")
        return dotted
    if "." in raw and parse_number(raw) is not None:
        marks.saw_point(f"'{raw.strip()}' ({where})")
    return raw


def _layout(
    table: Table, codebook: Codebook, full: Codebook, source: str
) -> tuple[_Layout | None, list[str]]:
    """Map the header row to the document column and to variables; unknown headers are problems."""
    if not table:
        return None, [f"{source} is empty: it needs a header row (document, then variable names)"]
    number, header = table[0]
    at = f"{source} row {number}"
    problems: list[str] = []
    document: int | None = None
    columns: list[_Column] = []
    first: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip()
        letter = get_column_letter(index + 1)
        if not name:
            continue
        key = name.casefold()
        if key in first:
            problems.append(
                f"{at}, column '{name}': the column appears twice "
                f"({get_column_letter(first[key] + 1)} and {letter})"
            )
            continue
        first[key] = index
        if key == DOCUMENT_COLUMN:
            document = index
        elif (var := codebook.get(name)) is not None:
            columns.append(_Column(index, name, var))
        elif full.get(name) is not None:
            problems.append(f"{at}, column '{name}': the variable '{name}' was removed from the codebook")
        else:
            problems.append(f"{at}, column '{name}': no variable named '{name}' in the codebook")
    if document is None:
        found = ", ".join(f"'{c.strip()}'" for c in header if c.strip()) or "nothing"
        problems.append(f"{at}: the header has no '{DOCUMENT_COLUMN}' column (found: {found})")
        return None, problems
    headed = {index for index, cell in enumerate(header) if cell.strip()}
    return _Layout(document, columns, headed), problems


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


class _DocumentIndex:
    """Documents by id as people type them: exactly, else ignoring case when that is unambiguous."""

    def __init__(self, documents: Sequence[DocumentInfo]) -> None:
        self._exact = {d.doc_id: d for d in documents}
        self._folded: dict[str, list[DocumentInfo]] = {}
        for doc in documents:
            self._folded.setdefault(doc.doc_id.casefold(), []).append(doc)

    def find(self, key: str) -> DocumentInfo | None:
        if key in self._exact:
            return self._exact[key]
        matches = self._folded.get(key.casefold(), [])
        return matches[0] if len(matches) == 1 else None


# -- files -> table -----------------------------------------------------------------------------------


def read_codes_table(path: Path, codebook: Codebook) -> Table:
    """Every row of the sheet as text, from the header on (leading blank rows are skipped)."""
    return read_codes_sheet(path, codebook).rows


def read_codes_sheet(path: Path, codebook: Codebook) -> Sheet:
    """The sheet's rows as text from the header on (leading blank rows skipped), and its delimiter.

    Cells are never type-guessed (a label ``NA`` stays ``NA``); Excel's numeric cells become the text
    a person typed (``1.0`` -> ``1``). ``codebook`` helps tell the CSV delimiter from the header.
    """
    known = {DOCUMENT_COLUMN} | {v.name.casefold() for v in codebook}
    sheet = read_sheet(path, what="codes", is_header=lambda cell: cell.strip().casefold() in known)
    return Sheet(first_nonblank(sheet.rows), sheet.delimiter)
