"""``ictool merge PROJECT PACKAGE...``: bring returned coder packages into the project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.core.errors import UserError

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "merge",
        help="merge returned coder packages into the project",
        description="Merge coder packages. Every package is checked first, completely: issued by this "
        "project to the coder it names, for the documents it holds; continuing what was last merged from it "
        "(an older copy or a fork — two copies coded apart — is refused naming both); every value, evidence "
        "quote, memo and status valid. On any problem in any package nothing is merged and no backup is "
        "written. Otherwise a backup of the project is kept beside it and the whole batch is applied in one "
        "transaction. Merging the same file twice changes nothing. With --fork, one package refused as a "
        "fork is brought in value by value: what the project lacks is added, every conflict is listed and "
        "left as it was.",
    )
    p.add_argument("project", type=Path, help="project file")
    p.add_argument("packages", type=Path, nargs="+", metavar="PACKAGE", help="coder package files")
    p.add_argument(
        "--fork",
        action="store_true",
        help="bring in the values of one forked copy value by value, listing every conflict",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.fork:
        return _run_fork(args)
    _derive_keys_together(args)  # first: the keys are derived on threads while the rest is imported
    from ictool.core.project import Project
    from ictool.core.team.merge import merge_packages

    with Project.open(args.project, actor=args.actor) as project:
        reports = merge_packages(project, args.packages)
    for report in reports:
        print(report.summary_line())
        for note in report.notes:
            print(f"  {note}")
        for refused in report.refused:
            print(f"  refused: {refused}", file=sys.stderr)
    return 0


def _derive_keys_together(args: argparse.Namespace) -> None:
    """With a scripted passphrase, start deriving the project's key on threads with the packages' (the
    merge itself derives only the packages', once the project is open): the project opens once its
    own key is ready, while the packages' are still being derived.
    At a terminal nothing is asked ahead: a package the project's recovery key opens needs no question."""
    from ictool.cli import passphrases
    from ictool.core.store import cipher

    if passphrases.scripted(args.passphrase_file):
        cipher.derive_keys([args.project, *args.packages])


def _run_fork(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.team.fork import merge_fork

    if len(args.packages) != 1:
        raise UserError("--fork brings in one package at a time; name one PACKAGE")
    with Project.open(args.project, actor=args.actor) as project:
        report = merge_fork(project, args.packages[0])
    print(report.summary_line())
    for conflict in report.conflicts:
        print(f"  conflict: {conflict}")
    return 0
