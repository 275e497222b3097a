"""``ictool import-docs PROJECT PATH... [--skip-bad]``: import transcripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.core.text.wording import plural

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import-docs",
        help="import transcripts (.txt, .md, .docx files or folders)",
        description="Import transcripts into a project. Folders are searched recursively. Each document's "
        "id is its file name without extension. By default the batch is all-or-nothing: every bad file "
        "is listed and nothing is imported.",
    )
    p.add_argument("project", type=Path, help="project file")
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--skip-bad", action="store_true", help="import the good files and list the refused ones")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.project import Project
    from ictool.core.setup.documents import import_documents

    with Project.open(args.project, actor=args.actor) as project:
        report = import_documents(project, args.paths, skip_bad=args.skip_bad)
    for problem in report.refused:
        print(f"refused: {problem}", file=sys.stderr)
    for skipped in report.skipped:
        print(f"skipped: {skipped}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"imported {plural(len(report.imported), 'document')} into {args.project}")
    return 0
