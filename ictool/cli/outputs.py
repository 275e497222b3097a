"""Checks on the files a command is asked to write, before any work is done.

Why before: an export of a large project takes tens of seconds; finding out afterwards that the name
was wrong, or that it replaced an unrelated file, costs the work or the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ictool.core.errors import UserError


def checked_output(path: Path, suffixes: Sequence[str], what: str, *, force: bool = False) -> Path:
    """``path`` if it has one of ``suffixes`` and, unless ``force``, does not exist yet."""
    if path.suffix.lower() not in suffixes:
        allowed = " or ".join(suffixes)
        raise UserError(f"{path}: {what} must end in {allowed}")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; name the file to write")
    if path.exists() and not force:
        raise UserError(f"{path}: already exists; choose another name, or add --force to replace it")
    return path
