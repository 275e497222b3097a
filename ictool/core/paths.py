"""Where ictool finds its bundled resources and keeps per-user data.

Why a search list for resources: the same code runs from a source checkout (``resources/``
beside the package), from a PyInstaller bundle (``sys._MEIPASS``) and from an install that
points ``ICTOOL_RESOURCES`` at a copy.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ictool.core.errors import UserError


def resources_dir() -> Path:
    candidates = []
    if os.environ.get("ICTOOL_RESOURCES"):
        candidates.append(Path(os.environ["ICTOOL_RESOURCES"]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parents[2] / "resources")
    for candidate in candidates:
        if (candidate / "demo").is_dir():
            return candidate
    raise UserError(
        "ictool's resources folder was not found (looked in: "
        + ", ".join(str(c) for c in candidates)
        + "); set ICTOOL_RESOURCES to the folder that holds 'demo'"
    )


def user_data_dir() -> Path:
    """The platform's per-user data folder for ictool (created on demand by callers)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "ictool"
