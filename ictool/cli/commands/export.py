"""``ictool export PROJECT -o OUT.(xlsx|csv|sav)``: the final dataset and its context, ready to analyse."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.outputs import checked_output
from ictool.core.reliability.defaults import DEFAULT_SEED

if TYPE_CHECKING:
    from ictool.core.project import Project

_DESCRIPTION = """\
Export the project; the format follows the output name.
  .xlsx  one workbook: Final (one row per document, one column per variable, multi-select as one 0/1
         column per option), Codings (every coder's values), Evidence, Memos, Reliability,
         Disagreements (with resolutions and notes), Codebook (value labels, missing codes), About.
  .csv   the final dataset (the Final sheet's columns), UTF-8; --bom for Excel on Windows.
  .sav   the final dataset for SPSS with variable labels, value labels and missing codes as
         user-missing values.
  .qdpx  a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo or QualCoder: the transcripts as text
         sources, the codebook as codes, each coder as a user whose values are codings on their
         evidence quotes (else on the whole document), the resolutions under the user
         "ictool final values"; positions in Unicode code points. 'ictool new --from-qdpx' reads it.
Agreed and single-coded values pass through, the lead's resolutions win, and a disagreement nobody
resolved is never filled in: UNRESOLVED (highlighted) in the xlsx, an empty cell in CSV and SPSS; the
count is printed on standard error, and --strict refuses to export while any remain. Text that a
spreadsheet could read as a formula is written as text (in CSV behind a leading '). The file is
written beside OUT and renamed at the end, so a failed export leaves no partial file."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="export the final dataset and more as .xlsx, .csv or SPSS .sav",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("project", type=Path, help="project file")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT",
        help="OUT.xlsx, OUT.csv, OUT.sav or OUT.qdpx",
    )
    p.add_argument("--labels", action="store_true", help="value labels instead of codes in the final dataset")
    p.add_argument(
        "--strict", action="store_true", help="refuse to export while disagreements are unresolved"
    )
    p.add_argument("--bom", action="store_true", help="CSV only: start with a byte-order mark (for Excel)")
    p.add_argument(
        "--bootstrap",
        type=int,
        default=0,
        metavar="N",
        help="xlsx only: N bootstrap replicates for the alpha confidence intervals (e.g. 1000)",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help="bootstrap seed")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.export import export_project
    from ictool.core.project import Project

    checked_output(
        args.output, (".xlsx", ".csv", ".sav", ".qdpx"), "the export", force=args.force, reads=[args.project]
    )
    if args.output.suffix.lower() == ".qdpx":
        return _run_qdpx(args)
    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        result = export_project(
            project,
            args.output,
            labels=args.labels,
            strict=args.strict,
            bom=args.bom,
            bootstrap=args.bootstrap,
            seed=args.seed,
        )
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.unresolved:
        shown = "marked UNRESOLVED" if result.format == "xlsx" else "left empty"
        n = result.unresolved
        print(
            f"note: {n} unresolved cell{'s' if n != 1 else ''} of the final dataset {shown}; "
            "see 'ictool disagreements --unresolved'",
            file=sys.stderr,
        )
    _plaintext_note(project, result.path)
    rows = ", ".join(f"{name} {count}" for name, count in result.rows.items())
    print(f"wrote {result.path} ({rows} rows)")
    return 0


def _run_qdpx(args: argparse.Namespace) -> int:
    from ictool.core.errors import UserError
    from ictool.core.exchange.qdpx_out import export_qdpx
    from ictool.core.project import Project

    given = [
        flag
        for flag, on in (
            ("--labels", args.labels),
            ("--strict", args.strict),
            ("--bom", args.bom),
            ("--bootstrap", args.bootstrap),
        )
        if on
    ]
    if given:
        raise UserError(f"{', '.join(given)}: only for .xlsx, .csv or .sav; a .qdpx export takes none")
    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        result = export_qdpx(project, args.output)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    _plaintext_note(project, result.path)
    print(
        f"wrote {result.path} ({result.documents} documents, {result.coders} coders, "
        f"{result.codings} codings, {result.memos} memos)"
    )
    return 0


def _plaintext_note(project: Project, output: Path) -> None:
    from ictool.core.export.project_export import plaintext_warning

    warning = plaintext_warning(project, str(output))
    if warning is not None:
        print(f"note: {warning}", file=sys.stderr)
