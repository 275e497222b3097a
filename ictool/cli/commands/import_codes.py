"""``ictool import-codes FILE [--coder NAME] CODES.(csv|xlsx)``: one coder's values from a spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass


_DESCRIPTION = """\
Import one coder's values from a wide spreadsheet (.csv or .xlsx, first sheet): a 'document' column
holding document ids, then one column per variable name (headers are case-insensitive). A cell holds
a choice code or its label (1, 1.0 and 01 are all code 1), several choices of a multi-select variable
separated by |, [] for "coded, none chosen", a number, or text. A blank cell means "not coded here"
and leaves any stored value untouched; variables without a column are untouched too. CSV files may
be UTF-8 (with or without BOM), UTF-16 or Windows-1252, separated by commas, semicolons or tabs.
Every problem is listed with its row and column (header = row 1), and on any problem nothing is
imported. In a project file --coder is required, and documents not yet assigned to the coder are
assigned; in a coder package the values are the package's coder's."""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import-codes",
        help="import one coder's values from a .csv/.xlsx sheet (document column + a column per variable)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, help="project file or coder package")
    p.add_argument("codes", type=Path, metavar="CODES", help="the values: CODES.csv or CODES.xlsx")
    p.add_argument(
        "--coder",
        metavar="NAME",
        default=None,
        help="whose values these are (required for a project file; in a package it must be its coder)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.project import open_study_file
    from ictool.core.team.import_codes import import_codes

    with open_study_file(args.file, actor=args.actor) as project:
        report = import_codes(project, args.coder, args.codes)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(report.summary(args.codes.name))
    return 0
