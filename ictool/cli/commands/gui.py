"""``ictool gui [FILE]``: open the desktop app, optionally on a project or coder package."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ictool.cli.display import display_available
from ictool.core.errors import UserError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "gui",
        help="open the GUI (the default when no command is given)",
        description="Open the ictool desktop app, optionally on a project file or coder package.",
    )
    p.add_argument("file", nargs="?", type=Path, help="project file or coder package to open")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not display_available():
        raise UserError(
            "no display is available (no DISPLAY or WAYLAND_DISPLAY); run ictool on a desktop, "
            "or use the command-line tools (ictool --help)"
        )
    from ictool.gui.app import run_app

    return run_app(getattr(args, "file", None), actor=args.actor)
