"""Benchmarks of whole processes measure the package as installed: with its bytecode written.

Why: ``pip install`` compiles every module, and an editable install writes the bytecode on first
use — unless ``PYTHONDONTWRITEBYTECODE`` is set (it is on some build machines), when every run
compiles ictool's ~260 modules again from source: 0.06 s of a 0.4 s report that no user waits for.
Compiling once up front makes the figures the user's whatever the environment says.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "ictool"


def compile_package() -> None:
    """Write the bytecode of every module of the package (unchanged ones are skipped)."""
    if not compileall.compile_dir(PACKAGE, quiet=1):
        raise SystemExit(f"could not compile {PACKAGE}")
