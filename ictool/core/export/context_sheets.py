"""The sheets that explain the data: reliability, coincidences, disagreements, codebook and About.

A statistician who receives the workbook without the project must be able to tell what every column
means (Codebook), how far to trust it (Reliability), which categories the coders confused
(Coincidences), where the lead decided and why (Disagreements), and which project, codebook version
and software produced it (About). Like :mod:`.sheets`, these are plain rows; the writers decide how
a cell looks.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ictool.core.codebook.choices import format_code
from ictool.core.codebook.model import Code, Codebook, Kind, Number
from ictool.core.codebook.values import format_number
from ictool.core.export.cells import UNRESOLVED, CellValue
from ictool.core.export.sheets import FinalColumn, Table, coded_cell, label_cell
from ictool.core.reconcile.final import CellStatus, FinalDataset
from ictool.core.reconcile.queue import Disagreement
from ictool.core.reconcile.stream import Outline

if TYPE_CHECKING:  # the disagreement tables are written without loading the statistics (numpy)
    from ictool.core.reliability import ReliabilityReport

__all__ = [
    "DisagreementRows",
    "about_table",
    "codebook_table",
    "coder_names",
    "coincidences_table",
    "disagreement_row",
    "disagreements_header",
    "disagreements_table",
    "reliability_table",
]


def _cell(value: object) -> CellValue:
    """A plain cell value; numpy numbers become Python numbers, anything else its text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return str(value)


def reliability_table(report: ReliabilityReport) -> Table:
    """The engine's per-variable table, flattened; CI and q columns only when bootstrapped."""
    rows_json = [line.to_json_dict() for line in report.variables]
    for row in rows_json:  # tables of their own: the Coincidences sheet
        del row["coincidences"], row["category_alpha"]
        sample = row.pop("sample") or {}  # the planner's check, as two plain columns
        row["documents_needed"] = sample.get("units_needed")
        too_small = sample.get("too_small")
        row["sample_too_small"] = None if too_small is None else ("yes" if too_small else "no")
    with_ci = report.bootstrap_replicates > 0
    q_keys: list[str] = []
    for row in rows_json:
        for key in row.get("q") or {}:
            if key not in q_keys:
                q_keys.append(key)
    header: list[str] = []
    for key in rows_json[0] if rows_json else ("name", "alpha", "status"):
        if key == "ci95":
            header += ["ci95_low", "ci95_high"] if with_ci else []
        elif key == "q":
            header += [f"q_alpha_below_{k}" for k in q_keys] if with_ci else []
        else:
            header.append(key)
    rows: list[list[CellValue]] = []
    for row in rows_json:
        out: list[CellValue] = []
        for key, value in row.items():
            if key == "ci95":
                out += ([_cell(v) for v in value] if value else [None, None]) if with_ci else []
            elif key == "q":
                out += [_cell((value or {}).get(k)) for k in q_keys] if with_ci else []
            else:
                out.append(_cell(value))
        rows.append(out)
    return Table("Reliability", tuple(header), rows)


def coincidences_table(report: ReliabilityReport, codebook: Codebook) -> Table:
    """One block per nominal or ordinal line that paired: which categories the coders confused.

    A sheet holds one header, and the blocks have different values, so the header names the
    columns generically: ``o_c1``… are the coincidences with the block's first, second… value, which
    the block's first row lists in those columns. Then a row per value (its code, label, n_c, its
    alpha against all the others for a nominal variable, o_ck unrounded), a row ``n_k`` of
    totals with n, and an empty row. Every row names its variable, so the autofilter shows one block.
    """
    lines = [line for line in report.variables if line.coincidences is not None]
    widest = max((len(line.coincidences.values) for line in lines if line.coincidences), default=1)
    header = ("variable", "value", "label", "n_c", "category_alpha", *(f"o_c{i + 1}" for i in range(widest)))
    rows: list[list[CellValue]] = []
    for line in lines:
        matrix = line.coincidences
        assert matrix is not None
        variable = codebook.get(line.variable)
        if line.option is not None:
            labels = ["not chosen" if value == 0 else "chosen" for value in matrix.values]
        else:
            choices = {c.code: c.label for c in variable.choices} if variable is not None else {}
            labels = [
                choices.get(value, "") if isinstance(value, int | str) else "" for value in matrix.values
            ]
        alpha = "undefined" if line.alpha is None else f"{line.alpha:.3f}"
        title = f"{line.label}: alpha {alpha} ({line.level.value}, {line.status})"
        per_category = dict(line.category_alpha) if line.category_alpha is not None else {}
        rows.append([line.name, None, title, None, None, *(_cell(v) for v in matrix.values)])
        for value, label, total, cells in zip(
            matrix.values, labels, matrix.totals, matrix.matrix, strict=True
        ):
            rows.append([line.name, _cell(value), label, total, per_category.get(value), *cells])
        rows.append([line.name, "n_k", None, matrix.n, None, *matrix.totals])
        rows.append([])
    return Table("Coincidences", header, rows)


def disagreements_header(coders: Sequence[str]) -> tuple[str, ...]:
    header = ["document", "variable", "status"]
    for name in coders:
        header += [f"value ({name})", f"label ({name})"]
    header += ["resolution", "resolution label", "note", "resolved_by", "resolved_at", "evidence", "memos"]
    return tuple(header)


def disagreement_row(item: Disagreement, coders: Sequence[str]) -> list[CellValue]:
    """One row of the Disagreements sheet: ``coders`` name the value/label column pairs, in order."""
    var = item.variable
    by_coder = {v.coder: v.value for v in item.values}
    row: list[CellValue] = [item.document, var.name, item.status]
    for name in coders:
        value = by_coder.get(name)
        row += [None, None] if value is None else [coded_cell(var, value), label_cell(var, value)]
    res = item.resolution
    if res is None:
        row += [None, None, None, None, None]
    else:
        row += [
            coded_cell(var, res.value),
            label_cell(var, res.value),
            res.note,
            res.resolved_by,
            res.resolved_at,
        ]
    row.append("\n".join(f"[{q.coder}] {q.quote}" for q in item.evidence) or None)
    row.append("\n".join(f"[{coder}] {memo}" for coder, memo in item.memos) or None)
    return row


def disagreements_table(items: Sequence[Disagreement], coders: Sequence[str]) -> Table:
    """Wide: each disagreement with every coder's value and label side by side, then the decision."""
    rows = [disagreement_row(item, coders) for item in items]
    return Table("Disagreements", disagreements_header(coders), rows)


class DisagreementRows:
    """The export's Disagreements sheet, gathered a document at a time: the same rows as
    :func:`disagreements_table`, in variable (codebook), then document order.

    The queue is found a document at a time, but the sheet lists it by variable: each item becomes its
    row at once and waits under its variable (documents come in order, so each variable's rows are in
    sheet order already). Short texts that repeat from row to row (document ids, codes, labels,
    names) are kept once, so a row costs little more than its tuple: about 6 MB for the 32,000 items
    of 1,000 documents × 150 variables × 3 coders.

    The sheet has a value/label column pair per coder who appears in the queue, which is known only
    at the end: rows keep a pair for every coder of the project, and :meth:`table` drops the pairs of
    coders who never appeared.
    """

    _SHORT = 64

    def __init__(self, coders: Sequence[str]) -> None:
        self.coders = tuple(coders)  # every coder of the project, in name order
        self.count = 0
        self.resolved = 0
        self._seen: set[str] = set()
        self._by_variable: dict[int, list[tuple[CellValue, ...]]] = {}
        self._shared: dict[str, str] = {}

    def add(self, item: Disagreement) -> None:
        shared, short = self._shared, self._SHORT
        row = tuple(
            shared.setdefault(cell, cell) if isinstance(cell, str) and len(cell) <= short else cell
            for cell in disagreement_row(item, self.coders)
        )
        self._by_variable.setdefault(item.variable_position, []).append(row)
        self._seen.update(v.coder for v in item.values)
        self.count += 1
        self.resolved += item.resolution is not None

    def table(self) -> Table:
        shown = [name for name in self.coders if name in self._seen]
        return Table("Disagreements", disagreements_header(shown), self._rows(shown))

    def _rows(self, shown: Sequence[str]) -> Iterator[Sequence[CellValue]]:
        pairs = [i for i, name in enumerate(self.coders) if name in shown]
        first, tail = 3, 3 + 2 * len(self.coders)  # document, variable, status; then the pairs
        for position in sorted(self._by_variable):
            for row in self._by_variable[position]:
                if len(pairs) < len(self.coders):
                    picked = [cell for i in pairs for cell in row[first + 2 * i : first + 2 * i + 2]]
                    row = (*row[:first], *picked, *row[tail:])
                yield row


_CODEBOOK_HEADER = (
    "variable",
    "label",
    "level",
    "kind",
    "group",
    "description",
    "min",
    "max",
    "missing_codes",
    "code",
    "value_label",
    "is_missing_code",
    "final_column",
    "retired",
)


def codebook_table(outline: Outline, columns: Sequence[Sequence[FinalColumn]]) -> Table:
    """One row per choice (or per variable without choices), retired ones marked."""
    by_var: dict[str, Sequence[FinalColumn]] = {group[0].variable.uuid: group for group in columns if group}
    rows: list[list[CellValue]] = []
    for var in outline.full_codebook:
        active = outline.codebook.by_uuid(var.uuid)
        group = by_var.get(var.uuid, ())
        base: list[CellValue] = [
            var.name,
            var.label,
            var.level.value,
            var.kind.value,
            var.group,
            var.description,
            var.minimum,
            var.maximum,
            " | ".join(_code_text(m) for m in var.missing) or None,
        ]
        if not var.choices:
            rows.append(
                [*base, None, None, None, group[0].name if group else None, None if active else "variable"]
            )
            continue
        active_cats = {c.uuid for c in active.choices} if active is not None else set()
        for cat in var.choices:
            column = next((c.name for c in group if c.option == cat.code), None)
            if column is None and var.kind is not Kind.MULTI and group:
                column = group[0].name
            retired = "variable" if active is None else (None if cat.uuid in active_cats else "category")
            missing = "yes" if var.is_missing_code(cat.code) else "no"
            rows.append([*base, cat.code, cat.label, missing, column, retired])
    return Table("Codebook", _CODEBOOK_HEADER, rows)


def _code_text(code: Code | Number) -> str:
    if isinstance(code, str):
        return code
    return format_code(code) if isinstance(code, int) else format_number(code)


def about_table(
    outline: Outline,
    final: FinalDataset,
    facts: Mapping[str, Any],
    *,
    disagreements: int,
    resolved: int,
) -> Table:
    """Provenance as key/value rows: where the data came from and how complete it is; ``disagreements``
    counts the queue, ``resolved`` its items the lead has decided."""
    counts = final.status_counts()
    retired = [v.name for v in outline.full_codebook if outline.is_retired(v.uuid)]
    rows: list[tuple[str, CellValue]] = [
        ("project_title", outline.title),
        ("project_uuid", outline.uuid),
        *((key, _cell(value)) for key, value in facts.items()),
        ("codebook_version", outline.codebook_version),
        ("coders", ", ".join(c.name for c in outline.coders)),
        ("documents", len(final.documents)),
        ("document_ids", ", ".join(d.doc_id for d in final.documents)),
        ("variables", len(final.variables)),
        ("retired_variables", ", ".join(retired) or None),
        ("final_cells", sum(counts.values())),
        *((f"cells_{status.value.replace(' ', '_')}", counts.get(status, 0)) for status in CellStatus),
        ("unresolved_cells", counts.get(CellStatus.UNRESOLVED, 0)),
        ("disagreements", disagreements),
        ("disagreements_resolved", resolved),
        (
            "how_to_read_final",
            "One row per document, one column per variable (codes unless exported with labels). "
            "Empty cell: nobody coded it. "
            f"{UNRESOLVED.text} (highlighted): the coders disagree and the lead has not decided; "
            "there is no value. Multi-select variables: one column per option, 1 = chosen, 0 = not. "
            "Text variables where coders wrote different texts keep every text, each after the "
            "names of its coders in brackets ('combined').",
        ),
    ]
    return Table("About", ("key", "value"), rows)


def coder_names(items: Sequence[Disagreement]) -> list[str]:
    """Coders that appear in the queue, in name order."""
    names = {v.coder for item in items for v in item.values}
    return sorted(names, key=str.casefold)
