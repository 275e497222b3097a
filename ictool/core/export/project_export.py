"""Export a project: the format follows the file name (.xlsx, .csv, .sav); one read, one atomic write.

* ``.xlsx`` — the whole workbook: Final, Codings, Evidence, Memos, Reliability, Methods,
  Disagreements, Codebook, About (see :mod:`.xlsx` for how cells look);
* ``.csv`` — the final dataset only, in the Final sheet's columns (see :mod:`.csv_export`);
* ``.sav`` — the final dataset with variable labels, value labels and user-missing codes (:mod:`.sav`).

Unresolved disagreements are never filled in: the xlsx marks them ``UNRESOLVED``, CSV and SPSS leave
them empty, and the result tells how many remain so the caller can say so. With ``strict`` nothing is
written while any remain. Options that a format cannot honour (``bom`` outside CSV, a bootstrap
outside xlsx) are refused rather than silently ignored.

The project is read once, a document at a time (:mod:`ictool.core.reconcile.stream`): for CSV and
SPSS into the final dataset, for the workbook into every sheet at once (:mod:`.workbook`); evidence
and memos are streamed from the store. What memory keeps grows only with the final dataset (a row of
shared cells per document) and, for the workbook, the disagreement rows and 16 bytes per value for
reliability. All of it reads a frozen copy of the project inside one read transaction, so every sheet
describes the same moment and nobody saving meanwhile has to wait for the export (:mod:`.frozen`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ictool.core.errors import UserError
from ictool.core.export.csv_export import write_csv
from ictool.core.export.frozen import frozen_copy
from ictool.core.export.sheets import final_columns, final_table
from ictool.core.paths import write_atomically
from ictool.core.reconcile.final import CellStatus, FinalDataset, FinalRows
from ictool.core.reconcile.stream import open_stream
from ictool.core.reliability import DEFAULT_SEED

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = ["FORMATS", "ExportResult", "export_format", "export_project"]

FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".sav": "sav"}
_SHOWN = 5


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    unresolved: int
    rows: Mapping[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def export_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError(f"{path}: cannot tell the export format; name the file .xlsx, .csv or .sav")
    return fmt


def export_project(
    project: Project,
    path: Path,
    *,
    labels: bool = False,
    strict: bool = False,
    bom: bool = False,
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the export named by ``path``; raises UserError (and writes nothing) on bad options."""
    path = Path(path)
    fmt = export_format(path)
    problems = []
    if bom and fmt != "csv":
        problems.append("--bom applies to a .csv export only")
    if bootstrap < 0:
        problems.append("--bootstrap must be 0 or a positive number of replicates")
    elif bootstrap and fmt != "xlsx":
        problems.append("--bootstrap applies to the .xlsx export (its Reliability sheet) only")
    if not path.parent.is_dir():
        problems.append(f"{path}: the folder {path.parent} does not exist")
    if problems:
        raise UserError(problems)
    step = progress or (lambda _: None)
    step("reading the project")
    check = _refuse_unresolved if strict else _accept
    with frozen_copy(project, path.parent) as source, open_stream(source) as stream:
        if fmt == "xlsx":
            # Imported here: the XML writer's escaping pulls in urllib (2-3 MB) that CSV and SPSS never need.
            from ictool.core.export.methods import study_facts
            from ictool.core.export.workbook import WorkbookOptions, write_workbook

            study = study_facts(source)
            options = WorkbookOptions(project.actor, labels, bootstrap, seed, check_final=check, study=study)
            final, counts, notes = write_workbook(stream, path, options, step)
            return ExportResult(path, fmt, final.unresolved, counts, tuple(notes))
        final = FinalRows(tuple(stream.outline.codebook)).read(stream.documents())
        check(final)
        columns = final_columns(stream.outline, final)
        if fmt == "csv":
            step("writing the CSV")
            table = final_table(final, columns, labels)
            rows = write_atomically(path, lambda tmp: write_csv(table, tmp, bom=bom))
            return ExportResult(path, fmt, final.unresolved, {table.name: rows})
        from ictool.core.export.sav import write_sav

        step("writing the SPSS file")
        title = stream.outline.title
        notes = write_atomically(path, lambda tmp: write_sav(final, columns, tmp, title=title))
        return ExportResult(path, fmt, final.unresolved, {"Final": len(final.rows)}, tuple(notes))


def _accept(final: FinalDataset) -> None:
    """Without ``strict``, unresolved cells are exported (marked or empty) and counted."""


def _refuse_unresolved(final: FinalDataset) -> None:
    if final.unresolved:
        raise UserError(_strict_message(final))


def _strict_message(final: FinalDataset) -> list[str]:
    cells = [
        f"{doc.doc_id} {var.name}"
        for doc, row in zip(final.documents, final.rows, strict=True)
        for var, cell in zip(final.variables, row, strict=True)
        if cell.status is CellStatus.UNRESOLVED
    ]
    shown = ", ".join(cells[:_SHOWN]) + (", …" if len(cells) > _SHOWN else "")
    return [
        f"{len(cells)} cell{'s' if len(cells) != 1 else ''} of the final dataset "
        f"{'are' if len(cells) != 1 else 'is'} still unresolved ({shown}); nothing was exported. "
        "Settle them with 'ictool resolve' or export without --strict."
    ]


def plaintext_warning(project: Project, output: str) -> str | None:
    """What to tell a person who exported ``output`` from an encrypted project, None from a plain one.

    Why it is said: exports are never encrypted, so the transcripts, values and names in them are readable
    by anyone who gets the file, which the person may not expect of an encrypted study. One wording for the
    command line and the app.
    """
    if not project.encrypted:
        return None
    return (
        f"{output} is not encrypted (exports never are), though the project is: anyone who gets this file "
        "can read it. Store it and send it accordingly."
    )
