"""Where the command line's passphrases come from: ``--passphrase-file``, ``ICTOOL_PASSPHRASE``, a prompt.

Why one source for the whole command: a merge opens a project and several packages, an export a
project and its frozen copy; ``ICTOOL_PASSPHRASE`` or ``--passphrase-file`` give one passphrase for
every file the command opens or creates (scripts: no prompt, no confirmation). At a terminal each
encrypted file is asked for once, by name, without echo, and a new file's passphrase is typed twice.
Nothing is asked when neither is possible (a pipe, a cron job): the core then says the file is
encrypted and needs its passphrase.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from ictool.core.errors import UserError
from ictool.core.store import cipher

ENVIRONMENT = "ICTOOL_PASSPHRASE"
HINT = (
    f"give the passphrase at a terminal, in the environment variable {ENVIRONMENT}, "
    "or with --passphrase-file FILE"
)


def install(passphrase_file: Path | None) -> None:
    """Make the core ask this command line for every passphrase it needs (``store.cipher``)."""
    cipher.set_passphrase_source(lambda path, new: _passphrase(path, new, passphrase_file))


def scripted(passphrase_file: Path | None) -> bool:
    """Whether this command's passphrase comes from ``--passphrase-file`` or ``ICTOOL_PASSPHRASE``:
    then every file's key can be derived up front without asking anyone anything."""
    return passphrase_file is not None or bool(os.environ.get(ENVIRONMENT))


def from_file(path: Path) -> str:
    """The first line of ``path`` (its line break dropped): a passphrase kept in a file for scripts."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: the passphrase file cannot be read ({exc})") from exc
    passphrase = text.splitlines()[0] if text.splitlines() else ""
    if not passphrase:
        raise UserError(f"{path}: the passphrase file is empty")
    return passphrase


def _passphrase(path: Path, new: bool, passphrase_file: Path | None) -> str | None:
    if passphrase_file is not None:
        return from_file(passphrase_file)
    given = os.environ.get(ENVIRONMENT)
    if given:
        return given
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    if not new:
        return getpass.getpass(f"Passphrase for {path}: ")
    first = getpass.getpass(f"New passphrase for {path}: ")
    cipher.check_new_passphrase(first, path)  # before asking for it again
    if getpass.getpass("The same passphrase again: ") != first:
        raise UserError(f"{path}: the two passphrases differ; nothing was written")
    return first
