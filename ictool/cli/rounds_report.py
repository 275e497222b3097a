"""``ictool report PROJECT --by-round``: each variable's alpha per round, whether it meets the study's
rule, and the coders' alphas against each round's reference coder.

Apart from ``commands/report.py`` because it prints a different table (rounds as columns); the report
command only hands over to it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ictool.core.text.readable_json import readable_json

if TYPE_CHECKING:
    from ictool.core.reliability.by_round import AgainstReference, ByRound, RoundFigures

_VERDICT = {True: "qualified", False: "not qualified", None: "needs CI"}


def run_by_round(args: argparse.Namespace) -> int:
    from ictool.cli.display import progress_printer
    from ictool.core.errors import UserError
    from ictool.core.project import Project
    from ictool.core.reliability.by_round import by_round

    if args.round is not None:
        raise UserError("--by-round shows every round; --round NAME shows one: give one of them")
    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        progress = progress_printer("lines of every round") if args.bootstrap else None
        result = by_round(project, bootstrap=args.bootstrap, seed=args.seed, progress=progress)
        title = project.title
    if not result.rounds and not result.stability:
        raise UserError(
            f"{args.project}: no rounds yet; add them with ictool rounds add PROJECT NAME DOC_ID..."
        )
    if args.json:
        print(readable_json(result.to_json_dict()))
    else:
        print(format_by_round(result, title))
    return 0


def _cell(f: RoundFigures | None) -> str:
    if f is None:
        return "—"
    alpha = "—" if f.alpha is None else f"{f.alpha:.3f}"
    ci = f" [{f.ci95[0]:.3f}, {f.ci95[1]:.3f}]" if f.ci95 is not None else ""
    return f"{alpha}{ci} {_VERDICT[f.qualified]}"


def format_by_round(result: ByRound, title: str) -> str:
    headers = ["variable", *(r.name for r in result.rounds)]
    rows = [
        [line, *(_cell(result.figures[line].get(r.name)) for r in result.rounds)] for line in result.lines
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [
        f"Reliability by round — {title}",
        f"Rule: {result.rule.describe()} (ictool rounds rule)",
        f"Documents: {', '.join(f'{r.name} {r.documents}' for r in result.rounds)}",
        "",
    ]
    if result.bootstrap_replicates:
        out += [
            f"95% CIs from {result.bootstrap_replicates} KALPHA bootstrap replicates (seed {result.seed})",
            "",
        ]
    out += [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    if any(f.qualified is None for per in result.figures.values() for f in per.values()):
        out += [
            "",
            "needs CI: alpha meets the rule; run with --bootstrap N to check the interval's lower bound",
        ]
    for r in result.rounds:
        lines = result.reference.get(r.name)
        if lines is None:
            continue
        out += ["", f"Against the reference coder, round {r.name} ({r.reference}):"]
        for name, coders in lines.items():
            shown = ", ".join(_pair(coder, a) for coder, a in coders.items())
            out.append(f"  {name}: {shown or 'no other coder'}")
    if result.stability:
        out += ["", "Stability (each coder's alpha with their own earlier coding, from a retest):"]
        for name, coders in result.stability.items():
            shown = ", ".join(_pair(coder, a) for coder, a in coders.items())
            out.append(f"  {name}: {shown}")
    return "\n".join(out)


def _pair(coder: str, a: AgainstReference) -> str:
    """``Jonas 0.812 [0.702, 0.901] (12 units)``: the interval only when the report was bootstrapped."""
    alpha = "—" if a.alpha is None else f"{a.alpha:.3f}"
    interval = f" [{a.ci95[0]:.3f}, {a.ci95[1]:.3f}]" if a.ci95 is not None else ""
    return f"{coder} {alpha}{interval} ({a.units} units)"
