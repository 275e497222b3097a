"""``ictool passphrase change FILE``: a new passphrase for an encrypted file, in place."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    group = sub.add_parser(
        "passphrase",
        help="change the passphrase of an encrypted file",
        description="The passphrase of an encrypted project or coder package.",
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser(
        "change",
        help="encrypt FILE with a new passphrase, in place",
        description="Ask for FILE's passphrase, then for a new one (twice), and encrypt FILE with the new "
        "one in one transaction: a crash leaves it with the old one. Refused while the file is open for "
        "work in the app. Backup copies made before keep the old passphrase. In scripts, "
        "--passphrase-file gives the current passphrase and ICTOOL_PASSPHRASE the new one.",
    )
    p.add_argument("file", type=Path, help="encrypted project file or coder package")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os

    from ictool.cli import passphrases
    from ictool.core.errors import UserError
    from ictool.core.store import cipher
    from ictool.core.store.files import change_passphrase, inspect_file

    inspect_file(args.file)  # asks for (and checks) the current passphrase
    new = os.environ.get(passphrases.ENVIRONMENT) if args.passphrase_file is not None else None
    if args.passphrase_file is not None and not new:
        raise UserError(
            f"{args.file}: with --passphrase-file (the current passphrase), give the new one in "
            f"{passphrases.ENVIRONMENT}"
        )
    if new is None:
        new = cipher.new_passphrase(args.file)
    if new == cipher.passphrase_for(args.file):
        raise UserError(f"{args.file}: the new passphrase is the current one; nothing was changed")
    change_passphrase(args.file, new, actor=args.actor)
    print(f"{args.file}: encrypted with the new passphrase. {cipher.LOST_PASSPHRASE}")
    backups = args.file.with_name(f"{args.file.name}.backups")
    if backups.is_dir():
        print(f"note: the copies in {backups} keep the old passphrase")
    return 0
