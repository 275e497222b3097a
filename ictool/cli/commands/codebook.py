"""``ictool codebook export FILE -o OUT``: the codebook back to a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ictool.core.codebook.export import write_codebook_csv, write_codebook_xlsx
from ictool.core.errors import UserError
from ictool.core.project import Project


def register(sub: Any) -> None:
    p = sub.add_parser("codebook", help="export or update a project's codebook",
                       description="Work with a project's codebook.")
    csub = p.add_subparsers(dest="codebook_command", metavar="ACTION")
    e = csub.add_parser(
        "export",
        help="write the codebook to .xlsx or .csv (same columns as import)",
        description="Write the codebook of a project or coder package to a spreadsheet in the import "
        "format, so that it can be edited and read back.",
    )
    e.add_argument("file", type=Path, help="project file or coder package")
    e.add_argument("-o", "--output", type=Path, required=True, help="OUT.xlsx or OUT.csv")
    e.set_defaults(func=run_export)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def run_export(args: argparse.Namespace) -> int:
    out: Path = args.output
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(f"{out}: the output must end in .xlsx or .csv")
    with Project.open(args.file, actor=args.actor, readonly=True) as project:
        codebook = project.codebook
    if suffix == ".xlsx":
        write_codebook_xlsx(codebook, out)
    else:
        write_codebook_csv(codebook, out)
    print(f"wrote {len(codebook)} variables to {out}")
    return 0
