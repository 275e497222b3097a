"""``ictool encrypt FILE -o ENC``: an encrypted copy of a project or coder package."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ictool.cli.outputs import checked_output


def register(sub: Any) -> None:
    p = sub.add_parser(
        "encrypt",
        help="write an encrypted copy of a project or coder package (the file itself is untouched)",
        description="Write ENC, a new file holding everything FILE holds, encrypted with a new passphrase "
        "(asked twice at a terminal; ICTOOL_PASSPHRASE or --passphrase-file in scripts). FILE is only "
        "read; it may be encrypted already (the copy then has the new passphrase). A lost passphrase "
        "loses the data.",
    )
    p.add_argument("file", type=Path, help="project file or coder package")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="ENC", help="the encrypted file to write"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.store import cipher
    from ictool.core.store.files import encrypt_file, inspect_file

    checked_output(args.output, (args.file.suffix.lower(),), "the copy", reads=[args.file])
    inspect_file(args.file)  # refuse a foreign file before asking for a passphrase
    info = encrypt_file(args.file, args.output, cipher.new_passphrase(args.output))
    print(f"wrote {info.path}: an encrypted copy of {args.file}. {cipher.LOST_PASSPHRASE}")
    return 0
