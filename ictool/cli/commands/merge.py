"""``ictool merge PROJECT PACKAGE...``: bring returned coder packages into the project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ictool.core.project import Project
from ictool.core.team.merge import merge_packages


def register(sub: Any) -> None:
    p = sub.add_parser(
        "merge",
        help="merge returned coder packages into the project",
        description="Merge coder packages. Every package is checked first (an ictool coder package of this "
        "project, for a known coder, not older than one already merged); on any refusal nothing is merged. "
        "A backup of the project is kept beside it, and each package is applied in one transaction. "
        "Merging the same file twice changes nothing.",
    )
    p.add_argument("project", type=Path, help="project file")
    p.add_argument("packages", type=Path, nargs="+", metavar="PACKAGE", help="coder package files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Project.open(args.project, actor=args.actor) as project:
        reports = merge_packages(project, args.packages)
    for report in reports:
        print(report.summary_line())
        for note in report.notes:
            print(f"  {note}")
        for refused in report.refused:
            print(f"  refused: {refused}", file=sys.stderr)
    return 0
