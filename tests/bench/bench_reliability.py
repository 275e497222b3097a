"""Benchmark of the reliability engine beside the krippendorff package (run directly, not by pytest).

    .venv/bin/python tests/bench/bench_reliability.py

(a) 200 variables × 220 units × 3 coders, a quarter at each level (categorical: 2–6 categories;
    interval/ratio: integers 0–100), 5% missing: point estimates, ictool vs the package called once
    per variable, on the same matrices (their agreement is checked too).
(b) the same with 1,000-replicate KALPHA bootstrap intervals for every variable (ictool only: the
    package has no bootstrap).
(c) interval data, 100,000 units × 5 coders, 10,000 distinct values: ictool only — the package
    builds a units × values count table (10⁹ cells) and a units × values × values tensor (10¹³),
    which cannot run on any machine; peak memory is measured with tracemalloc.
(d) the project report of a large project: 220 documents × 150 variables (30 at each level and 30
    multi-selects of four options) × 3 coders, about 10⁵ codings, 240 report rows; CPU time.

Targets (2-core machine): (a) at most half the package's time, (b) under 1 s, (c) under 2 s and
under 1 GB peak, (d) well under 1 s of CPU. Wall-clock figures are the best of a few repeats, because
other processes share the machine. The figures are printed, never asserted: a test suite that fails
when the machine is busy teaches people to ignore it.
"""

from __future__ import annotations

import resource
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import krippendorff
import numpy as np

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.records import CodingRow
from ictool.core.reliability import ReliabilityInput, bootstrap_alpha, krippendorff_alpha, reliability_report

LEVELS = ("nominal", "ordinal", "interval", "ratio")
CODERS = {"c-ann": "Ann", "c-bob": "Bob", "c-cy": "Cy"}


def make_variables(
    count: int = 200, units: int = 220, coders: int = 3, seed: int = 1
) -> list[tuple[str, Any]]:
    """Realistic reliability data: a true value per unit, each coder right with some probability."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        level = LEVELS[i * len(LEVELS) // count]
        if level in ("nominal", "ordinal"):
            k = int(rng.integers(2, 7))
            truth = rng.integers(0, k, units)
            wrong = rng.random((coders, units)) < rng.uniform(0.05, 0.35)
            data = np.where(wrong, rng.integers(0, k, (coders, units)), truth).astype(float)
        else:
            truth = rng.integers(0, 101, units)
            noise = rng.integers(-10, 11, (coders, units)) * (
                rng.random((coders, units)) < rng.uniform(0.1, 0.5)
            )
            data = np.clip(truth + noise, 0, 100).astype(float)
        data[rng.random((coders, units)) < 0.05] = np.nan
        out.append((level, data))
    return out


def best_of(repeats: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_a(variables: list[tuple[str, Any]]) -> tuple[float, float, float]:
    ours_time, ours = best_of(5, lambda: [krippendorff_alpha(d, lv).alpha for lv, d in variables])

    def package() -> list[float]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [
                float(krippendorff.alpha(reliability_data=d, level_of_measurement=lv)) for lv, d in variables
            ]

    theirs_time, theirs = best_of(3, package)
    worst = max(abs(a - b) for a, b in zip(ours, theirs, strict=True))
    return ours_time, theirs_time, worst


def bench_b(variables: list[tuple[str, Any]]) -> float:
    def run() -> int:
        done = 0
        for index, (level, data) in enumerate(variables):
            result = krippendorff_alpha(data, level)
            boot = bootstrap_alpha(result, 1000, seed=np.random.default_rng([2007, index]))
            done += boot is not None
        return done

    elapsed, done = best_of(3, run)
    assert done == len(variables)
    return elapsed


def bench_c() -> tuple[float, float, float, int]:
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 10_000, 100_000)
    data = (truth + rng.integers(-50, 51, (5, 100_000)) * (rng.random((5, 100_000)) < 0.3)).astype(float)
    data = np.clip(data, 0, 9_999)
    data[rng.random(data.shape) < 0.05] = np.nan
    distinct = len(np.unique(data[~np.isnan(data)]))
    elapsed, result = best_of(3, lambda: krippendorff_alpha(data, "interval"))
    tracemalloc.start()
    krippendorff_alpha(data, "interval")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    assert result.alpha is not None
    return elapsed, peak / 2**20, rss, distinct


def large_project(documents: int = 220, seed: int = 1) -> tuple[Codebook, list[CodingRow]]:
    """150 variables, 30 of each kind; coders mostly agree on a per-document value."""
    rng = np.random.default_rng(seed)
    variables = []
    for i in range(150):
        kind = i % 5
        if kind == 0:
            choices = tuple(Category(c, str(c)) for c in (1, 2, 3, 4, 9))
            v = Variable(f"n{i}", Level.NOMINAL, choices=choices, missing=(9,))
        elif kind == 1:
            v = Variable(f"o{i}", Level.ORDINAL, choices=tuple(Category(c, c) for c in ("lo", "mid", "hi")))
        elif kind == 2:
            v = Variable(f"i{i}", Level.INTERVAL)
        elif kind == 3:
            v = Variable(f"r{i}", Level.RATIO, missing=(-1,))
        else:
            v = Variable(f"m{i}", Level.NOMINAL, multiple=True, choices=tuple(Category(c, c) for c in "abcd"))
        variables.append(v)
    rows = []
    for d in range(documents):
        for v in variables:
            for uuid, name in CODERS.items():
                if v.multiple:
                    value: object = tuple(c.code for c in v.choices if rng.random() < 0.4)
                elif v.choices:
                    pick = d % len(v.choices) if rng.random() < 0.7 else rng.integers(len(v.choices))
                    value = v.choices[pick].code
                else:
                    value = int(d % 50 + (rng.integers(0, 4) if rng.random() < 0.3 else 0))
                rows.append(CodingRow(uuid, name, f"d{d}", f"doc {d}", v.uuid, value))  # type: ignore[arg-type]
    return Codebook(tuple(variables)), rows


def bench_d() -> tuple[float, int, int]:
    codebook, rows = large_project()
    best, report = float("inf"), None
    for _ in range(3):
        start = time.process_time()
        report = reliability_report(ReliabilityInput(codebook, rows))
        best = min(best, time.process_time() - start)
    assert report is not None
    return best, len(rows), len(report.variables)


def main() -> None:
    variables = make_variables()
    a_ours, a_theirs, worst = bench_a(variables)
    b_ours = bench_b(variables)
    c_ours, c_peak, c_rss, distinct = bench_c()
    d_ours, codings, report_rows = bench_d()
    rows = [
        ("(a) 200 vars × 220 units × 3 coders, point", f"{a_ours:.3f} s", f"{a_theirs:.3f} s",
         f"ratio {a_ours / a_theirs:.2f} (target ≤ 0.50); max |Δα| {worst:.1e}"),
        ("(b) same + 1,000-replicate bootstrap each", f"{b_ours:.3f} s", "n/a (no bootstrap)",
         "target < 1 s"),
        (f"(c) interval 100,000 × 5, {distinct:,} values", f"{c_ours:.3f} s", "infeasible (10¹³ tensor)",
         f"peak {c_peak:.0f} MiB traced, {c_rss:.0f} MiB max RSS (target < 2 s, < 1 GiB)"),
        (f"(d) project report, {codings:,} codings", f"{d_ours:.3f} s CPU", "n/a",
         f"{report_rows} report rows (target well under 1 s)"),
    ]  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    header = ("case", "ictool", "krippendorff pkg")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  notes")
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3])


if __name__ == "__main__":
    main()
