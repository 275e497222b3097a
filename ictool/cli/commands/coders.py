"""``ictool coders add PROJECT NAME...`` and ``ictool coders list PROJECT``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.core.text.wording import plural

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "coders", help="add or list the coders of a project", description="Manage the coders of a project."
    )
    csub = p.add_subparsers(dest="coders_command", metavar="ACTION")
    a = csub.add_parser("add", help="add coders by name", description="Add one or more coders to a project.")
    a.add_argument("project", type=Path, help="project file")
    a.add_argument("names", nargs="+", metavar="NAME", help="coder names (unique, case-insensitive)")
    a.set_defaults(func=run_add)
    ls = csub.add_parser("list", help="list coders", description="List the coders of a project.")
    ls.add_argument("project", type=Path, help="project file")
    ls.set_defaults(func=run_list)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def run_add(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.setup.coders import add_coders

    with Project.open(args.project, actor=args.actor) as project:
        added = add_coders(project, args.names)
    print(f"added {plural(len(added), 'coder')}: {', '.join(c.name for c in added)}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ictool.core.project import Project

    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        for coder in project.coders():
            print(coder.name)
    return 0
