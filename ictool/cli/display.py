"""Whether a GUI can be shown here; headless machines fall back to text output."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True  # the user chose a platform plugin explicitly (offscreen, vnc, xcb…)
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def progress_printer(unit: str, *, after: float = 1.0) -> Callable[[int, int], None]:
    """A bootstrap's ``progress(done, total)`` for a terminal: silent for the first ``after`` seconds.

    Why two ways: on a terminal one line counts up in place; written to a file or a pipe, ``\r`` updates
    would pile up into thousands of lines, so a line is printed at each tenth instead.
    """
    start = time.monotonic()
    live = sys.stderr.isatty()
    shown = -1

    def report(done: int, total: int) -> None:
        nonlocal shown
        if total <= 0 or time.monotonic() - start < after:
            return
        text = f"bootstrap: {done}/{total} {unit}"
        if live:
            print(f"\r{text}", end="\n" if done == total else "", file=sys.stderr, flush=True)
            return
        step = done * 10 // total
        if step > shown:
            shown = step
            print(text, file=sys.stderr, flush=True)

    return report
