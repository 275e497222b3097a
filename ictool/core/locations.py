"""Where ictool keeps per-user data (the demo project, recent files).

Why here and not in the GUI: the CLI's ``demo`` command and the desktop app must agree on
where the demo lives, and each platform has its own convention for per-user data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_data_dir() -> Path:
    """The platform's per-user data folder for ictool (created on demand by callers)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "ictool"
