"""``ictool plan``: how many documents every coder must code for alpha to be trustworthy.

Two questions, one command. Before coding: ``plan --min-alpha .8 --significance .05 --rarest .25``
gives Krippendorff's minimum reliability sample (after Bloch & Kraemer 1989) for the alpha the study
must reach and the share of its rarest category. During coding: ``plan PROJECT`` measures every
variable's rarest category in the values coders gave and says whether the documents coded so far are
enough for .800 and for .667. The formula and what it assumes are in
:mod:`ictool.core.reliability.planner`; registration imports nothing of it (``ictool --version``
stays fast).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.core.errors import UserError
from ictool.core.text.readable_json import readable_json

if TYPE_CHECKING:
    from ictool.core.reliability.planner import LinePlan, SampleSize

_DEFAULT_SIGNIFICANCE = 0.05  # the planner's DEFAULT_SIGNIFICANCE, repeated so registration stays light


def register(sub: Any) -> None:
    p = sub.add_parser(
        "plan",
        help="minimum reliability sample: documents every coder must code (Krippendorff; Bloch & Kraemer)",
        description="Without PROJECT: the minimum number of pairable values and of documents every coder "
        "must code so that alpha can be shown to exceed --min-alpha at --significance, when the rarest "
        "category has probability --rarest (Krippendorff 2019, after Bloch & Kraemer 1989, eq. 3.7). "
        "With PROJECT: for every nominal or ordinal variable and multi-select option, the rarest "
        "category's share among the values coded so far, the documents needed for .800 and .667, the "
        "documents there are, and a verdict.",
    )
    p.add_argument("project", type=Path, nargs="?", default=None, help="project file")
    p.add_argument(
        "--min-alpha", type=float, default=None, metavar="A", help="smallest acceptable alpha (e.g. 0.8)"
    )
    p.add_argument(
        "--significance",
        type=float,
        default=_DEFAULT_SIGNIFICANCE,
        metavar="P",
        help=f"one-tailed significance level (default {_DEFAULT_SIGNIFICANCE})",
    )
    p.add_argument(
        "--rarest",
        type=float,
        default=None,
        metavar="P",
        help="probability of the rarest category (at most 0.5)",
    )
    p.add_argument("--coders", type=int, default=2, metavar="M", help="coders per document (default 2)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.project is None:
        return _run_formula(args)
    given = [o for o, v in (("--min-alpha", args.min_alpha), ("--rarest", args.rarest)) if v is not None]
    if args.coders != 2:
        given.append("--coders")
    if given:
        verb = "go" if len(given) > 1 else "goes"
        raise UserError(
            f"{' and '.join(given)} {verb} without PROJECT: with a project, the rarest category is "
            "measured and the documents needed are given for .800 and .667"
        )
    return _run_project(args)


def _run_formula(args: argparse.Namespace) -> int:
    from ictool.core.reliability.planner import required_sample

    missing = [o for o, v in (("--min-alpha", args.min_alpha), ("--rarest", args.rarest)) if v is None]
    if missing:
        raise UserError(f"give {' and '.join(missing)} (or a PROJECT to measure)")
    size = required_sample(args.min_alpha, args.significance, args.rarest, args.coders)
    if args.json:
        print(readable_json(size.to_json_dict()))
    else:
        print(format_sample(size))
    return 0


def format_sample(size: SampleSize) -> str:
    from ictool.core.reliability.planner import CITATION

    rows = [
        ("smallest acceptable alpha", f"{size.min_alpha:.3f}"),
        ("significance level", f"{size.significance:.3f} (one-tailed z = {size.z:.3f})"),
        ("rarest category's probability", f"{size.rarest:.3f}"),
        ("coders per document", str(size.coders)),
        ("pairable values needed", str(size.values)),
        ("documents every coder codes", str(size.units)),
    ]
    width = max(len(label) for label, _ in rows)
    return "\n".join(
        [
            "Minimum reliability sample",
            "",
            *(f"  {label.ljust(width)}  {value}" for label, value in rows),
            "",
            CITATION,
        ]
    )


def _run_project(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.reliability.from_project import project_input
    from ictool.core.reliability.planner import CITATION, plan_lines, required_sample

    required_sample(0.8, args.significance)  # refuses a significance level outside the formula's range
    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        plans = list(plan_lines(project_input(project).lines(), args.significance))
        title = project.title
    if args.json:
        out = {
            "project": title,
            "significance": args.significance,
            "citation": CITATION,
            "variables": [p.to_json_dict() for p in plans],
        }
        print(readable_json(out))
    else:
        print(format_plans(plans, title, args.significance, CITATION))
    return 0


def _share(p: LinePlan) -> str:
    return "—" if p.rarest_share is None else f"{p.rarest} ({p.rarest_share:.1%})"


def format_plans(plans: list[LinePlan], title: str, significance: float, citation: str) -> str:
    headers = [
        "variable",
        "level",
        "rarest (share)",
        "values",
        "documents",
        "need .800",
        "need .667",
        "verdict",
    ]
    rows = [
        [
            p.name,
            p.level.value,
            _share(p),
            str(p.pairable_values),
            str(p.units),
            str(p.needed.get(0.8, "—")),
            str(p.needed.get(0.667, "—")),
            p.verdict,
        ]
        for p in plans
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    right = {"values", "documents", "need .800", "need .667"}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if h in right else c.ljust(w) for h, w, c in zip(headers, widths, cells, strict=True)
        ).rstrip()

    out = [
        f"Reliability sample — {title}",
        f"documents every coder must code for alpha to exceed .800 / .667 at significance {significance:g}",
        "",
        line(headers),
        "  ".join("-" * w for w in widths),
        *(line(r) for r in rows),
    ]
    notes = [f"  {p.name}: {p.note}" for p in plans if p.note]
    if notes:
        out += ["", "Notes:", *notes]
    out += ["", citation]
    return "\n".join(out)
