"""``ictool rounds``: rounds of coding (pilot, training, main), their reference coder and rule."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "rounds",
        help="rounds of coding (pilot, training, main): their documents, reference coder and rule",
        description="Manage the rounds of a project: named sets of documents (pilot, training-1, main…) "
        "that assignment, packages and the report can be limited to.",
    )
    rsub = p.add_subparsers(dest="rounds_command", metavar="ACTION")
    a = rsub.add_parser(
        "add",
        help="put documents in a round (created if new)",
        description="Put documents in a round, creating the round if it does not exist. A document may "
        "be in several rounds; its codings are the same in each. Nothing is assigned: use "
        "'ictool assign PROJECT --round NAME' for that.",
    )
    a.add_argument("project", type=Path, help="project file")
    a.add_argument("name", metavar="NAME", help="round name (pilot, training-1, main…)")
    a.add_argument("documents", nargs="+", metavar="DOC_ID", help="document ids")
    a.set_defaults(func=run_add)
    ls = rsub.add_parser("list", help="list the rounds", description="List the rounds of a project.")
    ls.add_argument("project", type=Path, help="project file")
    ls.set_defaults(func=run_list)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def run_add(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.rounds.membership import add_to_round

    with Project.open(args.project, actor=args.actor) as project:
        change = add_to_round(project, args.name, args.documents)
    verb = "created round" if change.created else "round"
    already = f" ({change.already} already in it)" if change.already else ""
    print(
        f"{verb} {change.round.name}: added {change.added} document(s){already}, "
        f"{change.round.documents} in all"
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.rounds.membership import list_rounds

    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        rounds = list_rounds(project)
    if not rounds:
        print("no rounds yet (ictool rounds add PROJECT NAME DOC_ID...)")
    for r in rounds:
        reference = f", reference {r.reference}" if r.reference else ""
        print(f"{r.name}: {r.documents} document(s){reference}")
    return 0
