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
        "anyone who gets PLAIN can read it. FILE is only read. With --recovery-key-file, a package of a "
        "study with a recovery key is opened by that key instead of its passphrase (a plain copy of a "
        "project leaves the recovery key out).",
    )
    p.add_argument("file", type=Path, help="encrypted project file or coder package")
    p.add_argument(
        "-o", "--output", type=Path, required=True, metavar="PLAIN", help="the plain file to write"
    )
    p.add_argument(
        "--recovery-key-file",
        type=Path,
        metavar="KEYFILE",
        help="the study's recovery key file ('ictool new --encrypt --recovery-key' wrote it)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ictool.core.store import cipher
    from ictool.core.store.files import decrypt_file

    checked_output(args.output, (args.file.suffix.lower(),), "the copy", reads=[args.file])
    if args.recovery_key_file is None:
        info = decrypt_file(args.file, args.output)
    else:
        recovery_key = cipher.read_recovery_key(args.recovery_key_file)
        if cipher.may_be_encrypted(args.file):  # else decrypt_file says what the file is
            cipher.open_with_recovery_key(args.file, recovery_key)
        try:
            info = decrypt_file(args.file, args.output)
        except cipher.WrongPassphrase as exc:
            raise cipher.WrongPassphrase(
                f"{args.file}: the recovery key in {args.recovery_key_file} does not open it (the key of "
                "another study, or a package encrypted with a passphrase of its own); nothing was written"
            ) from exc
    print(f"wrote {info.path}: a plain copy of {args.file}, readable by anyone who has it")
    return 0
