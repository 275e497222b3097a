"""Start-up of the command line beside a bare interpreter (not a test: it prints figures).

Run: .venv/bin/python tests/bench/bench_startup.py
The target (issue "Speed"): ``ictool --version`` and ``ictool --help`` within 5x ``python -c pass``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 9


def median_seconds(*args: str) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    bare = median_seconds("-c", "pass")
    print(f"python -c pass        {bare:.3f} s")
    for label, args in (("ictool --version", ["--version"]), ("ictool --help", ["--help"])):
        took = median_seconds("-m", "ictool.cli.main", *args)
        print(f"{label:<21} {took:.3f} s  ({took / bare:.1f}x bare; target <= 5x)")


if __name__ == "__main__":
    main()
