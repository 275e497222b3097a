"""``ictool decrypt FILE -o PLAIN``: a plain copy of an encrypted project or coder package."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ictool.cli.outputs import checked_output


def register(sub: Any) -> None:
    p = sub.add_parser(
        "decrypt",
        help="write a plain (unencrypted) copy of an encrypted file (the file itself is untouched)",
        description="Write PLAIN, a new file holding everything the encrypted FILE holds, unencrypted: "
        "anyone who gets PLAIN can read it. FILE is only read.",
    )
    p.add_argument("file", type=Path, help="encrypted project file or coder package")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="PLAIN", help="the plain file to write"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.store.files import decrypt_file

    checked_output(args.output, (args.file.suffix.lower(),), "the copy", reads=[args.file])
    info = decrypt_file(args.file, args.output)
    print(f"wrote {info.path}: a plain copy of {args.file}, readable by anyone who has it")
    return 0
