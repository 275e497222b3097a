"""``ictool demo [--dir DIR] [--no-gui] [--reset] [--coder NAME]``: the fictional demo project.

It opens in the lead's workspace (the project's pages: team, codebook, reliability, reconcile);
``--coder NAME`` opens it in the coder's workspace as that coder instead.

Safe to run again: an existing demo is reopened, not rebuilt (``--reset`` rebuilds it), so
whatever someone tried in it is kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ictool.cli.display import display_available

if TYPE_CHECKING:
    pass


def register(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="build the fictional demo project and open it",
        description="Build a fictional demo project (12 interview transcripts, a 25-variable codebook and "
        "three coders' codings) in your user data folder or --dir, and open it in the GUI. With no display "
        "available it prints a summary instead.",
    )
    p.add_argument("--dir", type=Path, default=None, help="folder for the demo project")
    p.add_argument("--no-gui", action="store_true", help="print where the project is and a summary")
    p.add_argument("--reset", action="store_true", help="rebuild the demo project from scratch")
    p.add_argument(
        "--coder",
        metavar="NAME",
        default=None,
        help="open the demo as this coder (e.g. Amira) instead of as the lead researcher",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.demo.build import DEMO_FILE_NAME, build_demo, default_demo_path
    from ictool.core.project import Project
    from ictool.core.team.progress import format_summary, summarize

    path = (args.dir / DEMO_FILE_NAME) if args.dir else default_demo_path()
    if args.reset and path.exists():
        path.unlink()
    if path.exists():
        print(f"opening the existing demo project {path} (use --reset to rebuild it)")
    else:
        build_demo(path, actor=args.actor)
        print(f"built the demo project at {path}")
    show_gui = not args.no_gui
    if show_gui and not display_available():
        print("no display is available: showing the summary instead of the GUI", file=sys.stderr)
        show_gui = False
    if not show_gui:
        with Project.open(path, actor=args.actor, readonly=True) as project:
            print(format_summary(summarize(project)))
        return 0
    from ictool.gui.app import run_app

    coder = getattr(args, "coder", None)
    if coder:
        with Project.open(path, readonly=True) as project:
            coder = project.coder(coder).name  # an unknown name is refused here, in words
        print(f"opening the demo as coder {coder}")
    else:
        print("opening the demo as the lead researcher (Project ▸ Code as… to code as one of its coders)")
    return run_app(path, actor=args.actor, coder=coder, dashboard=coder is None)
