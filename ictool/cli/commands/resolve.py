"""``ictool resolve PROJECT DOCUMENT VARIABLE (VALUE [--note TEXT] | --clear)``: the lead's final value."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.core.codebook.model import Value, Variable
from ictool.core.errors import UserError

if TYPE_CHECKING:
    from ictool.core.project import Project

_DESCRIPTION = """\
Set the final value of one (document, variable) — usually a disagreement, but any cell may be
resolved — with an optional note. VALUE is written as in import-codes: a choice code or its exact
label, several choices of a multi-select variable separated by | , [] for "none chosen", a number,
or text. The coders' own values are never changed; the final dataset and the exports use the
resolution. Running it again changes the resolution; --clear removes it. Every change is recorded in
the audit trail with who (--as) and when. Only in the project file, not in a coder package."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "resolve",
        help="set (or --clear) the lead's final value for one document and variable",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("project", type=Path, help="project file")
    p.add_argument("document", metavar="DOCUMENT", help="document id")
    p.add_argument("variable", metavar="VARIABLE", help="variable name")
    p.add_argument("value", metavar="VALUE", nargs="?", default=None, help="the final value")
    p.add_argument(
        "--note",
        metavar="TEXT",
        default=None,
        help="why this value (kept with the resolution); without --note an earlier note stays, "
        '--note "" clears it',
    )
    p.add_argument("--clear", action="store_true", help="remove the resolution instead")
    p.set_defaults(func=run)


def _variable(project: Project, name: str) -> Variable:
    variable = project.codebook.get(name)
    if variable is not None:
        return variable
    if project.full_codebook().get(name) is not None:
        raise UserError(f"{project.path}: variable '{name}' is retired; it is not part of the final dataset")
    known = ", ".join(v.name for v in list(project.codebook)[:8])
    raise UserError(f"{project.path}: no variable named '{name}' (variables: {known}, …)")


def run(args: argparse.Namespace) -> int:
    from ictool.core.codebook.values import parse_value
    from ictool.core.project import Project
    from ictool.core.reconcile import clear_resolution, set_resolution

    if args.clear and (args.value is not None or args.note is not None):
        raise UserError("--clear removes a resolution; give no VALUE or --note with it")
    if not args.clear and args.value is None:
        raise UserError("give the final VALUE, or --clear to remove the resolution")
    with Project.open(args.project, actor=args.actor) as project:
        doc = project.document(args.document)
        variable = _variable(project, args.variable)
        where = f"{doc.doc_id} {variable.name}"
        if args.clear:
            removed = clear_resolution(project, doc.uuid, variable.uuid)
            print(f"{where}: resolution cleared" if removed else f"{where}: had no resolution")
            return 0
        value = parse_value(variable, args.value)
        if value is None:
            raise UserError(f"{where}: the value is empty; use --clear to remove a resolution")
        change = set_resolution(project, doc.uuid, variable.uuid, value, note=args.note)
    shown = _shown(variable, change.resolution.value)
    if not change.changed:
        print(f"{where}: unchanged, still {shown}")
    elif change.previous is None:
        print(f"{where}: resolved as {shown}")
    else:
        print(f"{where}: resolution changed from {_shown(variable, change.previous.value)} to {shown}")
    return 0


def _shown(variable: Variable, value: Value) -> str:
    from ictool.core.codebook.values import format_value

    code = format_value(variable, value)
    label = format_value(variable, value, labels=True)
    return code if code == label else f"{code} ({label})"
