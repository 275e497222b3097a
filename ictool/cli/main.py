"""Entry point of the ``ictool`` command.

Why argparse: it ships with Python, gives ``--help`` on every sub-command for free and
keeps the PyInstaller bundle small. Exit codes follow the CLI contract in the README:
0 success, 2 bad input (with one ``error:`` line per problem on stderr), 130 on Ctrl+C.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from ictool import __version__
from ictool.core.errors import UserError

#: Command modules in the order ``ictool --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "gui",
    "demo",
    "new",
    "import_docs",
    "info",
    "codebook",
    "import_codes",
    "coders",
    "rounds",
    "assign",
    "package",
    "merge",
    "disagreements",
    "resolve",
    "export",
    "report",
    "alpha",
    "plan",
    "encrypt",
    "decrypt",
    "passphrase",
)

_PASSPHRASE_FILE_HELP = (
    "read the passphrase of every encrypted file the command opens or creates from the first line of "
    "FILE (else ICTOOL_PASSPHRASE, else a prompt at a terminal)"
)


def default_actor() -> str:
    """The person acting when ``--as`` is not given: the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:  # getuser raises when no user name can be found (containers)
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ictool",
        description="Inter-rater reliability coding: codebooks, coder packages, "
        "Krippendorff's alpha, reconciliation and exports. Without a command, opens the GUI.",
    )
    parser.add_argument("--version", action="store_true", help="print ictool's version and exit")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="with --version: also Python, Qt and the libraries' versions (for a bug report)",
    )
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        default=None,
        help="name of the person acting, recorded in the audit trail (default: your OS user name)",
    )
    parser.add_argument(
        "--passphrase-file", type=Path, metavar="FILE", default=None, help=_PASSPHRASE_FILE_HELP
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"ictool.cli.commands.{name}")
        module.register(sub)
    _accept_actor_after_the_command(sub)
    return parser


def _accept_actor_after_the_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``ictool merge --as Lead ...`` works as well as ``ictool --as Lead merge ...``, and every
    command's ``--help`` lists it (people put options after the command they are typing)."""
    for command in set(sub.choices.values()):
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            for inner in nested:
                _accept_actor_after_the_command(inner)
            continue
        command.add_argument(
            "--as",
            dest="actor",
            metavar="NAME",
            default=argparse.SUPPRESS,
            help="name of the person acting, recorded in the audit trail (default: your OS user name)",
        )
        command.add_argument(
            "--passphrase-file",
            type=Path,
            metavar="FILE",
            default=argparse.SUPPRESS,
            help=_PASSPHRASE_FILE_HELP,
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        if args.verbose:
            from ictool.about import version_report

            print(version_report())
        else:
            print(f"ictool {__version__}")
        return 0
    if args.verbose:
        parser.error("--verbose goes with --version (ictool --version --verbose)")
    if args.actor is None:
        args.actor = default_actor()
    if not getattr(args, "func", None):
        if args.command is None:
            from ictool.cli.commands.gui import run as run_gui

            args.file = None
            return run_gui(args)
        parser.parse_args([*(argv or sys.argv[1:]), "--help"])
        return 2
    try:
        from ictool.cli import passphrases

        passphrases.install(args.passphrase_file)
        return int(args.func(args) or 0)
    except UserError as exc:
        from ictool.core.store.cipher import PassphraseNeeded

        hint = f" ({passphrases.HINT})" if isinstance(exc, PassphraseNeeded) else ""
        for problem in exc.problems:
            print(f"error: {problem}{hint}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        # A file went busy or bad between the checks on opening and a later read: still a sentence.
        from ictool.core.store.files import storage_problem

        where = Path(getattr(args, "project", None) or getattr(args, "file", None) or "ictool")
        print(
            f"error: {storage_problem(where, exc, 'it could not be read or written').problems[0]}",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def gui_main() -> int:
    """The windowed launcher (``ictool-gui``): no console window on platforms that distinguish them."""
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
