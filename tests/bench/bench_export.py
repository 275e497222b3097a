"""Benchmark: export a 1,000 documents × 150 variables × 3 coders project to xlsx (and CSV, SPSS).

Run as a script, not collected by pytest::

    .venv/bin/python tests/bench/bench_export.py [--docs 1000] [--variables 150] [--coders 3]
                                                 [--formats xlsx,csv,sav] [--keep DIR]

The project is built once through the core API (``coding.apply``: one validated transaction
for all 450,000 values), then each export runs in a fresh child process so that its wall time and
peak resident memory (``ru_maxrss``) are its own, not the builder's. A second, quarter-sized project
is exported too, and the summary shows how much peak memory grows from the small project to the
large one: exports read the codings a document at a time and stream every long sheet, so the growth
should be a few bytes per value (the final dataset, an integer table for reliability), not the
~0.3 KB per value of holding every coding as an object. A child that only imports what an export
imports and opens the project gives the fixed baseline (Python, numpy, pandas, pyreadstat).

A CPU calibration line (10 million additions in pure Python) makes figures from different machines
comparable.

``--traced`` measures instead what an export itself allocates (tracemalloc, in this process, no
baseline): 20 and 120 documents × 30 variables × 3 coders, and the bytes added per value between them.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ictool.core import coding  # noqa: E402
from ictool.core.codebook.model import Category, Codebook, Level, Value, Variable  # noqa: E402
from ictool.core.coding import ValueChange  # noqa: E402
from ictool.core.project import Project  # noqa: E402
from ictool.core.setup.coders import add_coders  # noqa: E402
from ictool.core.setup.documents import import_documents  # noqa: E402
from ictool.core.team.assign import assign  # noqa: E402

WORDS = [
    "the",
    "group",
    "said",
    "we",
    "would",
    "fight",
    "for",
    "justice",
    "but",
    "I",
    "saw",
    "only",
    "fear",
    "and",
    "money",
]


def make_codebook(n: int, rng: random.Random) -> Codebook:
    """A realistic mix: 60% single choice (nominal/ordinal, missing code 9), 15% multi-select,
    15% numbers (missing 999), 10% short text."""
    variables = []
    for i in range(n):
        roll = i % 20
        name = f"v{i:03d}"
        if roll < 12:
            k = rng.randint(2, 7)
            choices = (
                *(Category(c, f"Option {c} of {name}") for c in range(1, k + 1)),
                Category(9, "Not said"),
            )
            level = Level.ORDINAL if roll % 3 == 0 else Level.NOMINAL
            variables.append(Variable(name, level, label=f"Question {i}", choices=choices, missing=(9,)))
        elif roll < 15:
            choices = tuple(Category(c, f"Motive {c}") for c in range(1, 6))
            variables.append(
                Variable(name, Level.NOMINAL, label=f"Multi {i}", choices=choices, multiple=True)
            )
        elif roll < 18:
            variables.append(
                Variable(name, Level.RATIO, label=f"Number {i}", minimum=0, maximum=100, missing=(999,))
            )
        else:
            variables.append(Variable(name, Level.TEXT, label=f"Quote {i}"))
    return Codebook(tuple(variables))


def draw(var: Variable, rng: random.Random, base: Value | None) -> Value:
    """The coder's value: the 'true' value most of the time, something else now and then."""
    if base is not None and rng.random() < 0.9:
        return base
    if var.kind.value == "single":
        return rng.choice(var.choices).code
    if var.kind.value == "multi":
        return tuple(c.code for c in var.choices if rng.random() < 0.3)
    if var.kind.value == "number":
        return rng.randint(0, 100) if rng.random() < 0.97 else 999
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))


def build(path: Path, docs: int, n_vars: int, n_coders: int, seed: int = 1) -> float:
    rng = random.Random(seed)
    started = time.perf_counter()
    folder = path.parent / f"transcripts-{docs}"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for d in range(docs):
        f = folder / f"D{d:05d}.txt"
        f.write_text(f"I: Tell me.\nR: {' '.join(rng.choice(WORDS) for _ in range(60))}\n", encoding="utf-8")
        files.append(f)
    codebook = make_codebook(n_vars, rng)
    with Project.create(path, codebook, title=f"Benchmark {docs}", actor="bench") as p:
        import_documents(p, files)
        coders = add_coders(p, [f"Coder{c}" for c in range(1, n_coders + 1)])
        assign(p, overlap=1.0)
        changes = []
        for doc in p.documents():
            for var in p.codebook:
                truth = draw(var, rng, None)
                for coder in coders:
                    changes.append(ValueChange(coder.uuid, doc.uuid, var.uuid, draw(var, rng, truth)))
        coding.apply(p, changes, origin="imported")
    return time.perf_counter() - started


def export_child(project: Path, out: Path) -> None:
    """Runs in a child process: export once, print timings and peak memory as JSON."""
    from ictool.core.export import export_project

    started = time.perf_counter()
    with Project.open(project, readonly=True) as p:
        result = export_project(p, out)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": dict(result.rows)}))


def baseline_child(project: Path) -> None:
    """Runs in a child process: what every export costs before reading any coding."""
    import pandas  # noqa: F401
    import pyreadstat  # noqa: F401

    import ictool.core.export.sav
    import ictool.core.export.xlsx  # noqa: F401

    with Project.open(project, readonly=True) as p:
        p.documents()
    print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def calibrate() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def run_export(project: Path, out: Path | None) -> dict[str, object]:
    """Export in a fresh process (or, without ``out``, only measure the baseline)."""
    args = ["--child", str(project), str(out)] if out is not None else ["--baseline", str(project)]
    child = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, object] = json.loads(child.stdout.strip().splitlines()[-1])
    return data


def traced_growth(folder: Path, formats: list[str]) -> None:
    """Peak Python allocations of each export at two small sizes, and the growth per value."""
    from ictool.core.export import export_project

    sizes = (20, 120)
    projects = {}
    for docs in sizes:
        path = folder / f"traced-{docs}x30x3.ictool"
        if not path.exists():
            build(path, docs, 30, 3)
        projects[docs] = path
    print("peak Python allocations of an export (tracemalloc), 30 variables × 3 coders:")
    for fmt in formats:
        peaks = {}
        for docs, path in projects.items():
            with Project.open(path, readonly=True) as p:
                export_project(p, folder / f"warm-up.{fmt}")  # first-use caches (pandas, pyreadstat)
                tracemalloc.start()
                try:
                    export_project(p, folder / f"traced.{fmt}")
                    peaks[docs] = tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()
        small, large = sizes
        per_value = (peaks[large] - peaks[small]) / ((large - small) * 30 * 3)
        mb = {docs: peak / 2**20 for docs, peak in peaks.items()}
        print(
            f"  {fmt:<4}  {small} docs {mb[small]:5.1f} MB  {large} docs {mb[large]:5.1f} MB"
            f"  ({per_value:4.0f} B more per value)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--variables", type=int, default=150)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--formats", default="xlsx,csv,sav")
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the projects in DIR")
    parser.add_argument("--traced", action="store_true", help="small projects, allocations traced in-process")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        export_child(*args.child)
        return
    if args.baseline:
        baseline_child(args.baseline)
        return
    if args.build_child:
        seconds = build(args.build_child, args.docs, args.variables, args.coders)
        print(json.dumps({"seconds": seconds}))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ictool-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.traced:
        traced_growth(folder, args.formats.split(","))
        return
    print(f"calibration: 10M pure-Python additions in {calibrate():.2f} s")
    sizes = (max(args.docs // 4, 1), args.docs)
    peaks: dict[tuple[str, int], tuple[float, float]] = {}
    for docs in sizes:
        project = folder / f"bench-{docs}x{args.variables}x{args.coders}.ictool"
        if not project.exists():
            # in a child: Linux counts the peak memory of the process a child was started from in the
            # child's own peak, so an export started after a build here seemed to take 120 MB more
            child = subprocess.run(
                [
                    *(sys.executable, __file__, "--build-child", str(project), "--docs", str(docs)),
                    *("--variables", str(args.variables), "--coders", str(args.coders)),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            built = float(json.loads(child.stdout.strip().splitlines()[-1])["seconds"])
            print(f"built {project.name}: {docs * args.variables * args.coders:,} values in {built:.1f} s")
        base = float(str(run_export(project, None)["peak_mb"]))
        print(f"{docs:>5} docs  baseline (imports, project open)  peak {base:6.0f} MB")
        for fmt in args.formats.split(","):
            out = folder / f"export-{docs}.{fmt}"
            res = run_export(project, out)
            rows = res["rows"]
            assert isinstance(rows, dict)
            seconds = float(str(res["seconds"]))
            peak = float(str(res["peak_mb"]))
            peaks[(fmt, docs)] = (seconds, peak)
            cells = sum(int(n) * _width(fmt, name, args.variables) for name, n in rows.items())
            print(
                f"{docs:>5} docs  {fmt:<4}  {seconds:6.1f} s  ~{cells / seconds:>9,.0f} cells/s  "
                f"peak {peak:6.0f} MB  {out.stat().st_size / 1e6:6.1f} MB file  "
                f"rows {rows}"
            )
    small, large = sizes
    added = (large - small) * args.variables * args.coders
    print(f"peak memory growth from {small:,} to {large:,} documents ({added:,} more values):")
    for fmt in args.formats.split(","):
        (t0, m0), (t1, m1) = peaks[(fmt, small)], peaks[(fmt, large)]
        per_value = (m1 - m0) * 2**20 / added
        print(
            f"  {fmt:<4}  {m0:4.0f} → {m1:4.0f} MB  (+{m1 - m0:3.0f} MB, {per_value:4.0f} B/value)"
            f"   time {t0:5.1f} → {t1:5.1f} s"
        )


_CELLS_PER_ROW = {"Codings": 6, "Disagreements": 15, "Reliability": 25}


def _width(fmt: str, sheet: str, n_vars: int) -> int:
    """Approximate cells per row (for the cells/second figure): Final is about 1.3 × variables wide."""
    return int(n_vars * 1.3) + 1 if sheet == "Final" else _CELLS_PER_ROW.get(sheet, 3)


if __name__ == "__main__":
    main()
