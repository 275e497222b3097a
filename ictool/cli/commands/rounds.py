"""``ictool rounds``: rounds of coding (pilot, training, main), their reference coder and rule."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ictool.core.text.wording import plural


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
    ref = rsub.add_parser(
        "reference",
        help="name a round's reference coder (an expert, or the agreed key)",
        description="Name the coder whose values are a round's reference: the report (--by-round) then "
        "gives each other coder's alpha against the reference, per variable.",
    )
    ref.add_argument("project", type=Path, help="project file")
    ref.add_argument("name", metavar="NAME", help="round name")
    ref.add_argument("coder", nargs="?", metavar="CODER", help="the reference coder")
    ref.add_argument("--clear", action="store_true", help="the round has no reference coder any more")
    ref.set_defaults(func=run_reference)
    rule = rsub.add_parser(
        "rule",
        help="show or set the study's qualification rule",
        description="Show the rule a round's alpha must meet for a variable to qualify (default: alpha "
        ">= .800 and the 95%% CI's lower bound >= .667), or change it.",
    )
    rule.add_argument("project", type=Path, help="project file")
    rule.add_argument("--min-alpha", type=float, metavar="A", help="smallest alpha that qualifies")
    rule.add_argument(
        "--min-lower", type=float, metavar="L", help="smallest 95%% CI lower bound that qualifies"
    )
    rule.set_defaults(func=run_rule)
    rt = rsub.add_parser(
        "retest",
        help="give a coder documents they coded before, as their retest identity (stability)",
        description="Assign documents the coder coded before to the coder's retest identity "
        "('NAME · retest', created on first use). Hand it out with "
        "'ictool package PROJECT --coder \"NAME · retest\"': the package holds none of the earlier "
        "values, and merging it never overwrites them. 'ictool report PROJECT --by-round' then gives "
        "the coder's stability alpha.",
    )
    rt.add_argument("project", type=Path, help="project file")
    rt.add_argument("coder", metavar="CODER", help="the coder retested")
    rt.add_argument("documents", nargs="+", metavar="DOC_ID", help="documents the coder coded before")
    rt.set_defaults(func=run_retest)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def run_add(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.rounds.membership import add_to_round

    with Project.open(args.project, actor=args.actor) as project:
        change = add_to_round(project, args.name, args.documents)
    verb = "created round" if change.created else "round"
    already = f" ({change.already} already in it)" if change.already else ""
    print(
        f"{verb} {change.round.name}: added {plural(change.added, 'document')}{already}, "
        f"{change.round.documents} in all"
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.rounds.membership import list_rounds

    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        rounds = list_rounds(project)
    if not rounds:
        print(
            "no rounds yet (ictool rounds add PROJECT NAME DOC_ID...; ids: ictool info PROJECT --documents)"
        )
    for r in rounds:
        reference = f", reference {r.reference}" if r.reference else ""
        print(f"{r.name}: {plural(r.documents, 'document')}{reference}")
    return 0


def run_reference(args: argparse.Namespace) -> int:
    from ictool.core.errors import UserError
    from ictool.core.project import Project
    from ictool.core.rounds.membership import set_reference

    if (args.coder is None) == (not args.clear):
        raise UserError("give the reference CODER, or --clear to have none")
    with Project.open(args.project, actor=args.actor) as project:
        changed = set_reference(project, args.name, None if args.clear else args.coder)
    print(f"round {changed.name}: reference coder {changed.reference or 'none'}")
    return 0


def run_rule(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.rounds.rule import qualification_rule, set_qualification_rule

    changing = args.min_alpha is not None or args.min_lower is not None
    with Project.open(args.project, actor=args.actor, readonly=not changing) as project:
        if changing:
            rule = set_qualification_rule(project, min_alpha=args.min_alpha, min_lower=args.min_lower)
        else:
            rule = qualification_rule(project)
    print(f"qualified: {rule.describe()}")
    return 0


def run_retest(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.rounds.retest import add_retest

    with Project.open(args.project, actor=args.actor) as project:
        retest = add_retest(project, args.coder, args.documents)
    made = "created " if retest.created else ""
    print(
        f"{made}{retest.identity.name} (retests {retest.original.name}): "
        f"{plural(retest.added, 'document')} assigned; "
        f'hand it out with: ictool package PROJECT --coder "{retest.identity.name}" -o OUT'
    )
    return 0
