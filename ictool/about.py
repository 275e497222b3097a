"""What ictool runs on and under which licences: ``ictool --version --verbose`` and Help ▸ About.

It sits at the package's root because both the command line and the desktop app show it, and the app
may not import the command line. Nothing here imports Qt, pandas or the other libraries until a version
is asked for, so plain ``--version`` and opening a file stay fast.
"""

from __future__ import annotations

import importlib
import platform
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

from ictool import __version__

LICENSE = "MIT"
COPYRIGHT = "Copyright (c) 2026 The ictool authors"  # as in LICENSE
NOTICES_FILE = "THIRD_PARTY_NOTICES.md"
LICENSE_FILE = "LICENSE"

#: (label, distribution name, module name) of the libraries ictool runs on. A new dependency gets a
#: line here: the version report lists it and the bundle copies its metadata (build_app.spec).
LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("PySide6", "PySide6-Essentials", "PySide6"),
    ("numpy", "numpy", "numpy"),
    ("pandas", "pandas", "pandas"),
    ("openpyxl", "openpyxl", "openpyxl"),
    ("sqlite-utils", "sqlite-utils", "sqlite_utils"),
    ("python-docx", "python-docx", "docx"),
    ("pyreadstat", "pyreadstat", "pyreadstat"),
    ("sqlcipher3", "sqlcipher3", "sqlcipher3"),
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
    """The Qt the bindings run on (PySide6 6.x.y may be built against a different Qt 6.x.z)."""
    try:
        from PySide6 import QtCore
    except Exception as exc:
        return f"not available ({type(exc).__name__}: {exc})"
    return QtCore.qVersion()


def versions() -> list[tuple[str, str]]:
    """(component, version) for everything below ictool, in the order a bug report wants them."""
    found = [
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})"),
        ("Platform", platform.platform()),
        ("Qt", qt_version()),
    ]
    found += [(label, library_version(dist, module)) for label, dist, module in LIBRARIES]
    found.append(("SQLite", sqlite3.sqlite_version))
    return found


def title() -> str:
    """``ictool X.Y.Z``, marked when it runs from the desktop bundle (a different install to debug)."""
    frozen = " (bundled app)" if getattr(sys, "frozen", False) else ""
    return f"ictool {__version__}{frozen}"


def version_report() -> str:
    """One ``name: version`` line per component, ictool's own line first."""
    return "\n".join([title(), *(f"{name}: {version}" for name, version in versions())])


def shipped_file(name: str) -> Path | None:
    """A top-level file of the distribution (the notices, the licence) where this install has it.

    The desktop bundle carries both in its library folder (``sys._MEIPASS``); a source checkout has them
    beside the package. An installed wheel has neither: pip installed every library with its own licence.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    folder = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    path = folder / name
    return path if path.is_file() else None
