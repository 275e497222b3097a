"""Export a project: the format follows the file name (.xlsx, .csv, .sav); one read, one atomic write.

* ``.xlsx`` — the whole workbook: Final, Codings, Evidence, Memos, Reliability, Disagreements,
  Codebook, About (see :mod:`.xlsx` for how cells look);
* ``.csv`` — the final dataset only, in the Final sheet's columns (see :mod:`.csv_export`);
* ``.sav`` — the final dataset with variable labels, value labels and user-missing codes (:mod:`.sav`).

Unresolved disagreements are never filled in: the xlsx marks them ``UNRESOLVED``, CSV and SPSS leave
them empty, and the result tells how many remain so the caller can say so. With ``strict`` nothing is
written while any remain. Options that a format cannot honour (``bom`` outside CSV, a bootstrap
outside xlsx) are refused rather than silently ignored.

Memory does not grow with the project beyond a few integers per value: the codings are read a document
at a time, once for the final dataset, queue and reliability input (:mod:`.scan`) and once more as the
Codings sheet is written; evidence and memos are streamed from the store. All of it reads a frozen copy
of the project inside one read transaction, so every sheet describes the same moment and nobody saving
meanwhile has to wait for the export (:mod:`.frozen`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool import __version__
from ictool.core.errors import UserError
from ictool.core.export.context_sheets import about_table, codebook_table, reliability_table
from ictool.core.export.csv_export import write_csv
from ictool.core.export.files import write_atomically
from ictool.core.export.frozen import frozen_copy
from ictool.core.export.scan import ExportScan, scan_project
from ictool.core.export.sheets import (
    FinalColumn,
    codings_table,
    evidence_table,
    final_columns,
    final_table,
    memos_table,
)
from ictool.core.reconcile.final import CellStatus, FinalDataset
from ictool.core.reconcile.reader import ProjectReader, read_project
from ictool.core.reliability import DEFAULT_SEED
from ictool.core.store.clock import now

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
    with (
        frozen_copy(project, path.parent) as source,
        read_project(source) as reader,
        scan_project(reader, queue=fmt == "xlsx", reliability=fmt == "xlsx") as scan,
    ):
        final = scan.final
        if strict and final.unresolved:
            raise UserError(_strict_message(final))
        columns = final_columns(reader.info, final)
        notes: list[str] = []
        if fmt == "csv":
            step("writing the CSV")
            table = final_table(final, columns, labels)
            rows = write_atomically(path, lambda tmp: write_csv(table, tmp, bom=bom))
            counts = {table.name: rows}
        elif fmt == "sav":
            from ictool.core.export.sav import write_sav

            step("writing the SPSS file")
            title = reader.info.title
            notes += write_atomically(path, lambda tmp: write_sav(final, columns, tmp, title=title))
            counts = {"Final": len(final.rows)}
        else:
            options = _Workbook(project.actor, labels, bootstrap, seed)
            counts = _export_workbook(reader, scan, columns, path, options, step)
    return ExportResult(path, fmt, final.unresolved, counts, tuple(notes))


@dataclass(frozen=True)
class _Workbook:
    actor: str
    labels: bool
    bootstrap: int
    seed: int


def _export_workbook(
    reader: ProjectReader,
    scan: ExportScan,
    columns: Sequence[Sequence[FinalColumn]],
    path: Path,
    options: _Workbook,
    step: Callable[[str], None],
) -> dict[str, int]:
    from ictool.core.export.xlsx import write_xlsx

    info, final, queue = reader.info, scan.final, scan.queue
    assert queue is not None and scan.codings is not None
    step("computing reliability")
    report = scan.codings.report(bootstrap=options.bootstrap, seed=options.seed)
    scan.codings = None  # the report is computed: free the table before the sheets are written
    facts: dict[str, Any] = {
        "ictool_version": __version__,
        "exported_at": now(),
        "exported_by": options.actor,
        "final_values": "labels" if options.labels else "codes",
        "reliability_bootstrap_replicates": options.bootstrap or "none (no confidence intervals)",
        "reliability_bootstrap_seed": options.seed if options.bootstrap else None,
    }
    tables = [
        final_table(final, columns, options.labels),
        codings_table(info, reader.documents()),
        evidence_table(info, reader.evidence()),
        memos_table(info, reader.memos()),
        reliability_table(report),
        queue.table(),
        codebook_table(info, columns),
        about_table(info, final, facts, disagreements=queue.count, resolved=queue.resolved),
    ]
    step("writing the workbook")
    return write_atomically(
        path, lambda tmp: write_xlsx(tables, tmp, title=info.title, creator=f"ictool {__version__}")
    )


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
