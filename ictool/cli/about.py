"""``ictool --version --verbose``: the versions a bug report needs.

Qt, pandas and the other libraries are imported only here, so that plain ``--version`` stays fast.
"""

from __future__ import annotations

import importlib
import platform
import sqlite3
import sys
from importlib import metadata

from ictool import __version__

#: (label, distribution name, module name) of the libraries ictool runs on.
LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("PySide6", "PySide6-Essentials", "PySide6"),
    ("numpy", "numpy", "numpy"),
    ("pandas", "pandas", "pandas"),
    ("openpyxl", "openpyxl", "openpyxl"),
    ("sqlite-utils", "sqlite-utils", "sqlite_utils"),
    ("krippendorff", "krippendorff", "krippendorff"),
    ("python-docx", "python-docx", "docx"),
    ("pyreadstat", "pyreadstat", "pyreadstat"),
)


def library_version(distribution: str, module: str) -> str:
    """The installed version, from the package's metadata or else its ``__version__``."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pass
    try:
        found = importlib.import_module(module)
    except Exception as exc:  # a broken install is what the report is for: say so, do not crash
        return f"not available ({type(exc).__name__}: {exc})"
    return str(getattr(found, "__version__", "unknown"))


def qt_version() -> str:
    try:
        from PySide6 import QtCore
    except Exception as exc:
        return f"not available ({type(exc).__name__}: {exc})"
    return QtCore.qVersion()


def version_report() -> str:
    """One ``name: version`` line per component, ictool's own line first."""
    frozen = " (bundled app)" if getattr(sys, "frozen", False) else ""
    lines = [
        f"ictool {__version__}{frozen}",
        f"Python: {platform.python_version()} ({platform.python_implementation()}, {sys.executable})",
        f"Platform: {platform.platform()}",
        f"Qt: {qt_version()}",
    ]
    lines += [f"{label}: {library_version(dist, module)}" for label, dist, module in LIBRARIES]
    lines.append(f"SQLite: {sqlite3.sqlite_version}")
    return "\n".join(lines)
