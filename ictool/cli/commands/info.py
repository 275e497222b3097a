"""``ictool info FILE [--documents] [--json]``: what a project or coder package holds, progress per coder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ictool.core.text.readable_json import readable_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "info",
        help="show what a project or coder package holds, with progress per coder",
        description="Show a project's or coder package's codebook, documents and coders with their "
        "progress. The file is opened read-only, and every page of it is checked.",
    )
    p.add_argument("file", type=Path, help="project file or coder package")
    p.add_argument(
        "--documents",
        action="store_true",
        help="also list every document: its id (what other commands take), title, length, done, rounds",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.project import open_study_file
    from ictool.core.store.files import inspect_file
    from ictool.core.team.progress import format_summary, summarize

    inspect_file(args.file)  # the whole-file check a read-only open leaves out: info is how people ask
    with open_study_file(args.file, actor=args.actor, readonly=True) as project:
        summary = summarize(project, documents=args.documents)
    if args.json:
        print(readable_json(summary.to_json_dict()))
    else:
        print(format_summary(summary))
    return 0
