"""``ictool report PROJECT [--json] [--bootstrap N] [--seed S]``: reliability per variable.

The table is meant to be read in a terminal: one line per variable (``variable=code`` per option of
a multi-select variable), alpha at the variable's level, its KALPHA 95% interval when asked for,
the counts that qualify it and a status word — colour only adds to the word, never replaces it.
A short "who drifts" section names, for each variable that is not reliable, the coder whose
removal raises alpha the most.

``--variable NAME`` prints one variable's diagnostics instead, for repairing its definitions: its
line, the coincidence matrix (which categories coders confuse), each category's alpha against the
rest, and with ``--merge-categories`` the alpha it would have with some categories merged — a
what-if on a copy, so a read-only command stays read-only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.display import progress_printer
from ictool.core.errors import UserError
from ictool.core.reliability.defaults import DEFAULT_SEED
from ictool.core.text.readable_json import readable_json
from ictool.core.text.wording import plural

if TYPE_CHECKING:
    from ictool.core.project import Project
    from ictool.core.reliability import ReliabilityReport, VariableReliability


_COLOURS = {"reliable": "32", "tentative": "33", "unreliable": "31", "undefined": "2"}
DRIFT_GAIN = 0.05  # alpha must rise by this much without a coder to call it drift


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="Krippendorff's alpha per variable, with bootstrap CIs, pairwise and leave-one-coder-out",
        description="Reliability of every scored variable of a project: alpha at the variable's level "
        "(multi-select: one binary alpha per option, named variable=code), units, pairable values, "
        "percent agreement, documents in disagreement, values excluded as declared missing codes, and "
        "a status (reliable >= .800, tentative >= .667, unreliable, undefined with its reason). "
        "CIs are computed only with --bootstrap N.",
    )
    p.add_argument("project", type=Path, help="the project file (.ictool)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--bootstrap", type=int, default=0, metavar="N", help="KALPHA bootstrap replicates")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help="bootstrap seed")
    p.add_argument(
        "--methods",
        action="store_true",
        help="the methods section: a paragraph, the APA table and references (Markdown; .docx with -o)",
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="with --methods: write OUT.md or OUT.docx"
    )
    p.add_argument("--force", action="store_true", help="with --methods: replace OUT if it exists")
    p.add_argument(
        "--round", metavar="NAME", default=None, help="only the documents of this round (same report)"
    )
    p.add_argument(
        "--by-round",
        action="store_true",
        help="every round side by side per variable, whether each meets the study's rule, reference alphas",
    )
    p.add_argument(
        "--variable",
        metavar="NAME",
        help="print one variable's line, coincidence matrix and per-category alphas",
    )
    p.add_argument(
        "--merge-categories",
        metavar="CODES",
        help="with --variable: the alpha it would have with these categories merged (e.g. 3,4)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.reliability.from_project import project_reliability

    if args.bootstrap < 0:
        raise UserError(f"--bootstrap must be 0 or more (got {args.bootstrap})")
    if args.methods or args.output is not None:
        return methods(args)
    if args.merge_categories is not None and args.variable is None:
        raise UserError("--merge-categories needs --variable NAME")
    if args.variable is not None and args.json:
        raise UserError("--variable prints one variable's tables; --json alone has them for every variable")
    if args.by_round:
        from ictool.cli.rounds_report import run_by_round

        return run_by_round(args)
    progress = progress_printer("lines") if args.bootstrap else None
    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        documents = None
        if args.round is not None:
            from ictool.core.rounds.membership import find_round, round_documents

            documents = round_documents(project, args.round)
        report = project_reliability(
            project, bootstrap=args.bootstrap, seed=args.seed, progress=progress, documents=documents
        )
        title = project.title
        if args.round is not None:
            title = f"{title}, round {find_round(project, args.round).name}"
        if args.variable is not None:
            print(variable_details(project, report, args.variable, args.merge_categories, documents))
            return 0
    if args.json:
        print(readable_json(report.to_json_dict()))
    else:
        print(format_report(report, title, colour=sys.stdout.isatty()))
    return 0


def methods(args: argparse.Namespace) -> int:
    """``--methods``: the section on the whole study, always with bootstrap intervals (1,000
    replicates unless ``--bootstrap`` says otherwise), printed, or written to ``-o`` by its suffix."""
    from ictool import __version__
    from ictool.cli.outputs import checked_output
    from ictool.core.export.methods import DEFAULT_REPLICATES, read_methods
    from ictool.core.export.methods_output import METHODS_FORMATS, to_markdown, write_methods
    from ictool.core.project import Project
    from ictool.core.reliability.from_project import project_reliability

    if not args.methods:
        raise UserError("-o/--output writes the methods section: add --methods")
    others = {
        "--json": args.json,
        "--round": args.round,
        "--by-round": getattr(args, "by_round", False),
        "--variable": getattr(args, "variable", None),
    }
    for option, given in others.items():
        if given:
            raise UserError(f"--methods describes the whole study; leave out {option}")
    if args.output is not None:
        what = "the methods section"
        checked_output(args.output, METHODS_FORMATS, what, force=args.force, reads=[args.project])
    replicates = args.bootstrap or DEFAULT_REPLICATES
    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        report = project_reliability(project, bootstrap=replicates, seed=args.seed)
        section = read_methods(project, report, version=__version__)
    if args.output is None:
        print(to_markdown(section))
    else:
        write_methods(section, args.output)
        print(f"wrote {args.output}")
    return 0


def _num(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _row_cells(v: VariableReliability) -> list[str]:
    ci = f"[{v.ci95[0]:.3f}, {v.ci95[1]:.3f}]" if v.ci95 else ""
    agreement = "—" if v.percent_agreement is None else f"{v.percent_agreement:.0%}"
    return [
        v.name,
        v.level.value,
        _num(v.alpha),
        ci,
        str(v.units),
        str(v.pairable_values),
        agreement,
        str(v.disagreements),
        str(v.excluded_missing),
        v.status + (" *" if v.sample is not None and v.sample["too_small"] else ""),
    ]


def format_report(report: ReliabilityReport, title: str, *, colour: bool = False) -> str:
    headers = [
        "variable",
        "level",
        "alpha",
        "95% CI",
        "units",
        "pairable",
        "agree",
        "disagree",
        "missing",
        "status",
    ]
    rows = [_row_cells(v) for v in report.variables]
    if not any(r[3] for r in rows):
        headers.pop(3)
        rows = [r[:3] + r[4:] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    right = {"alpha", "95% CI", "units", "pairable", "agree", "disagree", "missing"}

    def line(cells: list[str], status: str | None = None) -> str:
        out = []
        for h, w, c in zip(headers, widths, cells, strict=True):
            out.append(c.rjust(w) if h in right else c.ljust(w))
        text = "  ".join(out).rstrip()
        if colour and status in _COLOURS:
            return f"\x1b[{_COLOURS[status]}m{text}\x1b[0m"
        return text

    out = [f"Reliability — {title}", ""]
    if report.bootstrap_replicates:
        out.append(
            f"95% CIs from {report.bootstrap_replicates} KALPHA bootstrap replicates (seed {report.seed})"
        )
        out.append("")
    out.append(line(headers))
    out.append("  ".join("-" * w for w in widths))
    for v, cells in zip(report.variables, rows, strict=True):
        out.append(line(cells, v.status))
    undefined = [v for v in report.variables if v.alpha is None]
    if undefined:
        out += ["", "Undefined:"]
        out += [f"  {v.name}: {v.undefined_reason}" for v in undefined]
    small = [v for v in report.variables if v.sample is not None and v.sample["too_small"]]
    if small:
        out += [
            "",
            f"* {plural(len(small), 'line')}: the reliability sample is smaller than the claim needs "
            "(Krippendorff 2019, after Bloch & Kraemer 1989; `ictool plan PROJECT` says how many documents):",
        ]
        for v in small:
            s = v.sample or {}
            out.append(
                f"  {v.name}: {s['units']} documents; {s['claim']:.3f} needs {s['units_needed']} "
                f"(rarest category {s['rarest_category']!s}: {s['rarest_share']:.0%} of the values)"
            )
    counts = {s: sum(1 for v in report.variables if v.status == s) for s in _COLOURS}
    out += ["", "  ".join(f"{n} {s}" for s, n in counts.items() if n)]
    drift = _drift_lines(report)
    if drift:
        out += ["", "Who drifts (alpha without that coder, where it rises by .05 or more):", *drift]
    if report.coders:
        out += [
            "",
            "Coders: "
            + ", ".join(f"{name} ({info.get('done') or 0} done)" for name, info in report.coders.items()),
        ]
    return "\n".join(out)


def _drift_lines(report: ReliabilityReport) -> list[str]:
    lines = []
    for v in report.variables:
        if v.status == "reliable" or v.alpha is None:
            continue
        without = {c: a for c, a in report.leave_one_out.get(v.name, {}).items() if a is not None}
        if not without:
            continue
        coder, best = max(without.items(), key=lambda item: item[1])
        if best - v.alpha >= DRIFT_GAIN:
            lines.append(f"  {v.name}: {v.alpha:.3f} → {best:.3f} without {coder}")
    return lines


def _count(x: float) -> str:
    """A coincidence as a person reads it: whole pairs whole, thirds to two decimals."""
    return f"{round(x, 2):g}"


def variable_details(
    project: Project,
    report: ReliabilityReport,
    name: str,
    merge: str | None,
    documents: Collection[str] | None = None,
) -> str:
    """``--variable NAME``: the report lines of NAME (a variable, or each option of a multi-select
    one, or ``variable=code``), each with its coincidence matrix and per-category alphas, then the
    ``--merge-categories`` what-if, on the report's ``documents`` (a round's)."""
    from ictool.core.reliability.diagnostics import line_merged_alpha
    from ictool.core.reliability.from_project import project_input
    from ictool.core.reliability.project_report import status_of

    wanted = name.casefold()  # variable names are unique ignoring case, as everywhere else
    lines = [v for v in report.variables if wanted in (v.name.casefold(), v.variable.casefold())]
    if not lines:
        known = ", ".join(dict.fromkeys(v.variable for v in report.variables)) or "none"
        raise UserError(f"no scored variable {name!r} in this project (scored: {known})")
    out: list[str] = []
    for v in lines:
        out += _line_details(project, v)
    if merge is not None:
        if len(lines) != 1:
            raise UserError(
                f"{name} is a multi-select variable: each option is chosen or not, nothing to merge"
            )
        line = project_input(project, documents=documents).line(lines[0].name)
        assert line is not None  # the report has it
        codes, result = line_merged_alpha(line, merge.split(","))
        shown = " + ".join(str(c) for c in codes)
        now = lines[0].alpha
        if result.alpha is None:
            outcome = f"alpha would be undefined ({result.undefined_reason})"
        else:
            outcome = f"alpha would be {result.alpha:.3f} ({status_of(result.alpha)})"
        out += [
            f"What if {shown} were one category? {outcome}, instead of {_num(now)} ({status_of(now)}).",
            "A what-if on a copy: nothing stored changes.",
        ]
    return "\n".join(out).rstrip()


def _line_details(project: Project, v: VariableReliability) -> list[str]:
    variable = project.codebook.get(v.variable)
    agreement = "—" if v.percent_agreement is None else f"{v.percent_agreement:.0%}"
    figures = f"alpha {_num(v.alpha)}" + (f" [{v.ci95[0]:.3f}, {v.ci95[1]:.3f}]" if v.ci95 else "")
    figures += f" — {v.status}" if v.alpha is not None else f" — undefined: {v.undefined_reason}"
    out = [
        f"{v.name} — {v.label} ({v.level.value})" if v.label != v.name else f"{v.name} ({v.level.value})",
        f"{figures}; {plural(v.units, 'document')} coded by two or more coders, "
        f"{plural(v.pairable_values, 'pairable value')}, {agreement} agreement, "
        f"{plural(v.disagreements, 'document')} in disagreement, "
        f"{plural(v.excluded_missing, 'value')} excluded as missing codes",
        "",
    ]
    matrix = v.coincidences
    if matrix is None:
        return out
    per_category = dict(v.category_alpha) if v.category_alpha is not None else None
    if v.option is not None:
        names = ["not chosen" if value == 0 else "chosen" for value in matrix.values]
    else:
        categories: dict[Hashable, str] = {c.code: c.label for c in variable.choices} if variable else {}
        names = [
            f"{value} · {categories[value]}" if categories.get(value) else str(value)
            for value in matrix.values
        ]
    header = ["value", *(str(value) for value in matrix.values), "n_c"]
    rows = [
        [name, *(_count(x) for x in row), _count(total)]
        for name, row, total in zip(names, matrix.matrix, matrix.totals, strict=True)
    ]
    rows.append(["n_k", *(_count(x) for x in matrix.totals), _count(matrix.n)])
    if per_category is not None:
        header.append("alpha")
        for row, value in zip(rows, matrix.values, strict=False):
            row.append(_num(per_category[value]))
        rows[-1].append("")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out.append("Coincidences (o_ck: pairs in which one coder gave the row's value and another the column's)")
    out += [line(header), "  ".join("-" * w for w in widths), *(line(r).rstrip() for r in rows)]
    if per_category is not None:
        out.append("alpha: each category against all the others (which one the coders cannot agree on)")
    out.append("")
    return out
