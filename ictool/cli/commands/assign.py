"""``ictool assign PROJECT [--overlap F] [--seed S] [--round NAME]``: who codes which document."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.core.errors import UserError
from ictool.core.text.wording import plural

if TYPE_CHECKING:
    pass


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a fraction greater than 0 and at most 1")
    return value


def register(sub: Any) -> None:
    p = sub.add_parser(
        "assign",
        help="assign documents to coders (all, or a reliability overlap plus an even split)",
        description="Assign documents to coders. By default every coder codes every document. With "
        "--overlap F a random fraction F of the documents is coded by all coders (the reliability sample) "
        "and the rest is split evenly; the draw is reproducible from --seed. Documents already issued in a "
        "package or merged are never taken away from their coder; once packages are out, an assignment "
        "that would add documents to coders says what it would add and needs --extend.",
    )
    p.add_argument("project", type=Path, help="project file")
    p.add_argument("--overlap", type=_fraction, default=None, metavar="F", help="fraction coded by everyone")
    p.add_argument("--seed", type=int, default=None, metavar="S", help="seed of the random draw")
    p.add_argument(
        "--extend",
        action="store_true",
        help="after packages were handed out: add the documents this assignment gives on top of theirs",
    )
    p.add_argument(
        "--round",
        metavar="NAME",
        default=None,
        help="assign only this round's documents; the other documents' assignments stay as they are",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.team.assign import assign

    if args.seed is not None and args.overlap is None:
        raise UserError("--seed only matters with --overlap")
    with Project.open(args.project, actor=args.actor) as project:
        result = assign(project, overlap=args.overlap, seed=args.seed, extend=args.extend, round=args.round)
    if result.round is not None:
        print(f"round {result.round}:")
    if result.seed is not None:
        print(
            f"reliability sample: {len(result.reliability_sample)} documents coded by everyone "
            f"(seed {result.seed})"
        )
    for name, n in sorted(result.per_coder.items()):
        print(f"  {name}: {n} documents")
    if result.kept:
        print(f"kept {plural(result.kept, 'earlier assignment')} already issued in packages or merged")
    return 0
