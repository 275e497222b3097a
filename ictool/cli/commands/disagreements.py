"""``ictool disagreements PROJECT [--json | --csv] [--variable NAME] [--unresolved] [--sort KEYS]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.core.codebook.model import Value
from ictool.core.reconcile.sorting import SORT_KEYS
from ictool.core.text.readable_json import readable_json

if TYPE_CHECKING:
    from ictool.core.reconcile import Disagreement

_DESCRIPTION = """\
List the (document, variable) cells where two or more coders coded different values: multi-select
values are compared as sets, a declared missing code counts as a value, text variables are never
compared. Each item shows every coder's value (code and label), and the lead's resolution if any
(status resolved / unresolved). --json adds the coders' evidence quotes and memos; --csv writes the
same table as the export's Disagreements sheet to standard output. The file is opened read-only."""

_CELL_WIDTH = 36


def register(sub: Any) -> None:
    p = sub.add_parser(
        "disagreements",
        help="list where coders disagree, with their values and the lead's resolutions",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("project", type=Path, help="project file")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help='print {"disagreements": [...]} as JSON')
    fmt.add_argument("--csv", action="store_true", help="write CSV to standard output")
    p.add_argument("--variable", metavar="NAME", default=None, help="only this variable")
    p.add_argument("--unresolved", action="store_true", help="only disagreements without a resolution")
    p.add_argument(
        "--sort",
        metavar="KEYS",
        default="variable,document",
        help=f"comma-separated sort keys from: {', '.join(SORT_KEYS)} (default: variable,document; "
        "status puts unresolved first)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.reconcile import disagreements

    sort = tuple(key.strip().lower() for key in args.sort.split(",") if key.strip())
    with Project.open(args.project, actor=args.actor, readonly=True) as project:
        items = disagreements(project, variable=args.variable, unresolved_only=args.unresolved, sort=sort)
    if args.json:
        print(readable_json({"disagreements": [d.to_json_dict() for d in items]}))
    elif args.csv:
        from ictool.core.export.context_sheets import coder_names, disagreements_table
        from ictool.core.export.csv_export import write_csv_rows

        write_csv_rows(disagreements_table(items, coder_names(items)), sys.stdout)
    else:
        print(format_table(items))
    return 0


def _shown(item: Disagreement, value: Value | None) -> str:
    from ictool.core.codebook.values import format_value

    if value is None:
        return ""
    code = format_value(item.variable, value)
    label = item.label(value)
    text = code if label == code else f"{code} ({label})"
    text = " ".join(text.split())
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


def format_table(items: list[Disagreement]) -> str:
    """An aligned plain-text table: one line per disagreement, one column per coder."""
    from ictool.core.export.context_sheets import coder_names

    if not items:
        return "no disagreements"
    coders = coder_names(items)
    header = ["document", "variable", "status", *coders, "resolution"]
    lines = []
    for item in items:
        by_coder = {v.coder: v.value for v in item.values}
        res = item.resolution
        lines.append(
            [
                item.document,
                item.variable.name,
                item.status,
                *(_shown(item, by_coder.get(name)) for name in coders),
                "" if res is None else _shown(item, res.value),
            ]
        )
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *lines]
    ]
    unresolved = sum(1 for d in items if d.resolution is None)
    out.append("")
    out.append(f"{len(items)} disagreement{'s' if len(items) != 1 else ''}, {unresolved} unresolved")
    return "\n".join(out)
