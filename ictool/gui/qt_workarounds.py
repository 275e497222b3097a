"""Guards against known binding bugs, applied once before any window is made.

PySide6 6.12.0's abi3 wheels on Python 3.11 drop one reference to ``None`` on every Qt call
that returns nothing; after some thousands of calls Python aborts with
``Fatal Python error: none_dealloc``. ``pyproject.toml`` excludes that release, but a user may
still have it installed, so we measure the leak at start-up and, if present on a Python where
``None`` is not immortal (< 3.12), give ``None`` a reference count it can never exhaust.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject


def none_refcount_leaks() -> bool:
    """True when a void Qt call loses references to None (measured, not guessed from versions)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 32


def apply() -> bool:
    """Apply the workarounds this interpreter and binding need; returns True if one was applied."""
    if sys.version_info >= (3, 12) or not none_refcount_leaks():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    return True
