"""Whether a GUI can be shown here; headless machines fall back to text output."""

from __future__ import annotations

import os
import sys


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True  # the user chose a platform plugin explicitly (offscreen, vnc, xcb…)
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
