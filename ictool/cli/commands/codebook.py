"""``ictool codebook export FILE -o OUT``, ``ictool codebook update PROJECT SHEET [--allow-remove]`` and
``ictool codebook template OUT.xlsx``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.outputs import checked_output

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "codebook",
        help="export or update a project's codebook, or write a template to start one",
        description="Work with a project's codebook, or start a codebook from a template.",
    )
    csub = p.add_subparsers(dest="codebook_command", metavar="ACTION")
    e = csub.add_parser(
        "export",
        help="write the codebook to .xlsx or .csv (same columns as import), or .qdc (REFI-QDA)",
        description="Write the codebook of a project or coder package to a spreadsheet in the import "
        "format, so that it can be edited and read back; or, named .qdc, as a REFI-QDA codebook for "
        "ATLAS.ti, MAXQDA, NVivo or QualCoder: each variable a code, each category a child code, and "
        "level, order, missing codes, multi-select and range in the code's description after a line "
        "[ictool] (read back by 'ictool new --from-qdpx').",
    )
    e.add_argument("file", type=Path, help="project file or coder package")
    e.add_argument("-o", "--output", type=Path, required=True, help="OUT.xlsx, OUT.csv or OUT.qdc")
    e.add_argument("--force", action="store_true", help="replace OUT if it exists")
    e.set_defaults(func=run_export)
    u = csub.add_parser(
        "update",
        help="replace a project's codebook by an edited sheet (a new codebook version)",
        description="Read an edited codebook sheet (same columns as for 'ictool new') and make it the "
        "project's new codebook version. Variables are matched by name, categories by code, so codings "
        "stay attached. You may add variables and categories and edit labels, descriptions, groups, "
        "order, min/max and missing codes. A change that would make stored values invalid (e.g. single "
        "choice to multi-select) is refused. Removing a variable or category that has values needs "
        "--allow-remove: it is retired, and its values stay in the audit trail and in exports. On any "
        "problem nothing changes.",
    )
    u.add_argument("project", type=Path, help="project file (not a coder package)")
    u.add_argument("codebook", type=Path, help="the edited codebook, .xlsx or .csv")
    u.add_argument(
        "--allow-remove",
        action="store_true",
        help="retire variables and categories missing from the sheet even when they have values",
    )
    u.set_defaults(func=run_update)
    t = csub.add_parser(
        "template",
        help="write a codebook sheet to start from (.xlsx), with a sheet explaining each column",
        description="Write a workbook to start a codebook from: the Codebook sheet with every column "
        "'ictool new' reads and an example variable of each kind (nominal, ordinal, interval, ratio, "
        "multi-select, text, declared missing codes), and a second sheet explaining each column: what "
        "it holds, the values it allows, an example. Replace the examples by your variables.",
    )
    t.add_argument("output", type=Path, metavar="OUT", help="the workbook to write, OUT.xlsx")
    t.add_argument("--force", action="store_true", help="replace OUT if it exists")
    t.set_defaults(func=run_template)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def run_export(args: argparse.Namespace) -> int:
    from ictool.core.codebook.export import write_codebook_csv, write_codebook_xlsx
    from ictool.core.project import open_study_file

    out = checked_output(
        args.output, (".xlsx", ".csv", ".qdc"), "the codebook", force=args.force, reads=[args.file]
    )
    suffix = out.suffix.lower()
    with open_study_file(args.file, actor=args.actor, readonly=True) as project:
        codebook = project.codebook
    if suffix == ".qdc":
        from ictool.core.exchange.qdc import write_qdc

        write_qdc(codebook, out)
    elif suffix == ".xlsx":
        write_codebook_xlsx(codebook, out)
    else:
        write_codebook_csv(codebook, out)
    print(f"wrote {len(codebook)} variables to {out}")
    return 0


def run_update(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.setup.codebook_update import update_codebook

    with Project.open(args.project, actor=args.actor) as project:
        changes = update_codebook(project, args.codebook, allow_remove=args.allow_remove)
    if changes.empty:
        print(f"{args.codebook.name} matches the codebook: nothing changed (version {changes.version})")
        return 0
    print(f"codebook of {args.project.name} is now version {changes.version}:")
    for line in changes.lines():
        print(f"  {line}")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from ictool.core.codebook.template import TEMPLATE, write_codebook_template

    out = checked_output(args.output, (".xlsx",), "the codebook template", force=args.force)
    write_codebook_template(out)
    print(f"wrote a codebook template with {len(TEMPLATE)} example variables to {out}")
    print(f"next: replace the examples by your variables, then: ictool new PROJECT.ictool --codebook {out}")
    return 0
