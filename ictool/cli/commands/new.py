"""``ictool new PROJECT --codebook FILE [--title T]``: create a project from a codebook sheet."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.outputs import checked_output

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "new",
        help="create a project file from a codebook (.xlsx or .csv)",
        description="Create a new project file. The codebook sheet has the columns name, label, level, "
        "choices, group, description, missing, multiple, min, max (only name and level are required). "
        "Every problem in the sheet is listed with its row; on any problem nothing is created.",
    )
    p.add_argument("project", type=Path, help="the project file to create (must not exist)")
    p.add_argument("--codebook", type=Path, required=True, help="codebook spreadsheet (.xlsx or .csv)")
    p.add_argument("--title", default="", help="project title (default: the file name)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.codebook.sheet import read_codebook
    from ictool.core.project import Project

    checked_output(args.project, (".ictool",), "a project file")
    codebook = read_codebook(args.codebook)
    with Project.create(args.project, codebook, title=args.title, actor=args.actor) as project:
        print(f"created {project.path}: {len(codebook)} variables in {len(codebook.groups)} groups")
    return 0
