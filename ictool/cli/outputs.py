"""Checks on the files a command is asked to write, before any work is done.

Why before: an export of a large project takes tens of seconds; finding out afterwards that the name
was wrong, or that it replaced an unrelated file, costs the work or the file. Files are told apart by
content, so with ``--force`` nothing but this check keeps an output from replacing the file it was read
from, under another spelling of its name on Windows and macOS (``paths.same_file``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ictool.core.errors import UserError
from ictool.core.paths import same_file, windows_device_name


def checked_output(
    path: Path,
    suffixes: Sequence[str],
    what: str,
    *,
    force: bool | None = None,
    reads: Sequence[Path] = (),
    platform: str | None = None,
) -> Path:
    """``path`` if it has one of ``suffixes``, is none of the files the command ``reads`` and, unless
    ``force``, does not exist yet. ``force`` is None for a command without ``--force`` (a package, a
    project, an encrypted copy are never replaced), so the refusal does not suggest it."""
    if path.suffix.lower() not in suffixes:
        allowed = " or ".join(suffixes)
        raise UserError(f"{path}: {what} must end in {allowed}")
    if (sys.platform if platform is None else platform) == "win32" and windows_device_name(path.name):
        raise UserError(
            f"{path}: {path.name.partition('.')[0]} is a device name on Windows; choose another name"
        )
    for source in reads:
        if same_file(path, source, platform=platform):
            raise UserError(f"{path}: is the file being read ({source}); choose another name for {what}")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; name the file to write")
    if path.exists() and not force:
        hint = "" if force is None else ", or add --force to replace it"
        raise UserError(f"{path}: already exists; choose another name{hint}")
    return path
