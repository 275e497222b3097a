"""Write an export beside its target and rename it into place at the end.

Why: an export that fails half-way (disk full, a bug, Ctrl+C) must not leave a truncated workbook
behind that looks complete, nor destroy the previous good export. ``os.replace`` is atomic on one file
system, so the target is either the old file or the complete new one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ictool.core.errors import StorageError

T = TypeVar("T")


def temporary_path(path: Path) -> Path:
    """A hidden name in the target's folder (same file system, so the rename is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomically(path: Path, write: Callable[[Path], T]) -> T:
    """Run ``write`` on a temporary file, then move it over ``path``; on any failure remove it."""
    temporary = temporary_path(path)
    try:
        result = write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
        raise StorageError(f"{path} cannot be written: {exc.strerror or exc}{hint}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result
