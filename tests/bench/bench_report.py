"""The whole ``ictool report --json`` process beside the krippendorff package's loop (a script, not a test).

    .venv/bin/python tests/bench/bench_report.py [--cache DIR] [--scales 1,10] [--repeats 3]

Builds once (kept in ``--cache``, default the system's temporary folder) the study-sized project,
220 documents × 200 variables × 3 coders, and the project ten times its size, 2,200 documents
(a third of the variables nominal, the rest ordinal, interval and ratio, a sixth multi-selects: one
report line per option; see ``tests/gui/lead_reliability_data.py``), then prints for each:

- the whole process ``ictool report PROJECT --json`` (start-up, read, alphas, JSON): wall-clock
  best of ``--repeats`` and the peak resident memory of that process;
- the same with ``--bootstrap 1000``: what 1,000 KALPHA replicates for every line add;
- the reference: a loop of ``krippendorff.alpha`` over every report line's coders × documents matrix,
  preloaded in memory (the package alone, nothing read or printed), on the same data, in the same run;
- the floor: a process that starts Python, imports numpy and has SQLite hand over every value, and
  nothing more — what no report can go below;
- where the report's time goes: Python's start, numpy's import, ictool's imports, the read, the lines'
  data sets, their statistics and diagnostics, the JSON (each the least over fresh processes);
- agreement: the largest difference between the report's alphas and the package's;
- a digest of the report's lines (names, alphas, intervals, counts): equal digests, equal reports.
  The digests below were taken before the read path changed (blocks of codings, commit b5bab11);
  the report must stay identical, so the script says whether they still match.

Processes run as installed: the package's bytecode is written first (``as_installed``), as pip
does, so no run compiles ictool from source.

Targets (issue "Speed"): at the study's scale the whole process at most a quarter of the
package loop, and 1,000 replicates adding under 0.3 s; at ten times, under 3 s and 600 MB.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import krippendorff
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's ``tests``

from ictool.core.codebook.model import Level  # noqa: E402
from ictool.core.project import Project  # noqa: E402
from ictool.core.reliability.from_project import project_input  # noqa: E402
from tests.bench.as_installed import compile_package  # noqa: E402
from tests.gui.lead_reliability_data import build_project  # noqa: E402

DOCUMENTS = 220
VARIABLES = 200
#: Report digests (``--json`` without and with ``--bootstrap 1000``) before the read path changed.
#: Taken with commit 1ec7ab8 (rows read one Python object per value) on projects this script built.
GOLDEN = {
    1: "13ae64a08798fe57/96ea38c4c33792bc",
    10: "f2ccbbd11e9f655b/4b987d4e1084bed6",
}


def run_report(project: Path, *extra: str) -> tuple[float, float, str]:
    """Wall-clock seconds, peak RSS in MB, and stdout of one ``ictool report`` process."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "ictool.cli.main", "report", str(project), "--json", *extra],
            stdout=out,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        _, status, usage = os.wait4(process.pid, 0)  # the resources of this one process
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"ictool report failed on {project}")
        out.seek(0)
        return elapsed, usage.ru_maxrss / 1024, out.read().decode("utf-8")


#: What no report can go below: Python's start, numpy's import and SQLite handing over every value (the
#: same query as ``codings_repo.coding_blocks``), with nothing decoded, computed or printed.
FLOOR = """
import sqlite3, sys
import numpy
conn = sqlite3.connect(sys.argv[1], uri=True)
conn.execute(
    "SELECT coder_uuid, document_uuid, group_concat(variable_uuid, char(30)), "
    "group_concat(value, char(30)), count(*) FROM codings GROUP BY coder_uuid, document_uuid"
).fetchall()
"""


#: The report's steps timed inside one fresh process (the bench prints where the whole process's time
#: goes): numpy's import, ictool's, the read of the codings, the lines' data sets, their statistics
#: and diagnostics (the report less the lines it makes again), and the JSON.
PHASES = """
import json, sys, time
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
from ictool.core.project import Project
from ictool.core.text.readable_json import readable_json
from ictool.core.reliability.from_project import done_counts, project_input
from ictool.core.reliability.project_report import reliability_report
t2 = time.perf_counter()
with Project.open(sys.argv[1], readonly=True) as project:
    codings, done = project_input(project), done_counts(project)
t3 = time.perf_counter()
lines = list(codings.lines())
t4 = time.perf_counter()
report = reliability_report(codings, done_counts=done)
t5 = time.perf_counter()
text = readable_json(report.to_json_dict())
t6 = time.perf_counter()
print(json.dumps({"numpy": t1 - t0, "ictool imports": t2 - t1, "read": t3 - t2, "lines": t4 - t3,
                  "statistics": (t5 - t4) - (t4 - t3), "JSON": t6 - t5}))
"""


def breakdown(project: Path, repeats: int) -> dict[str, float]:
    """Seconds of each step of :data:`PHASES` (the least of ``repeats`` fresh processes), and Python's
    own start (``python -c pass``)."""
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, "-c", PHASES, str(project)], check=True, capture_output=True, text=True, cwd=ROOT
        )
        runs.append({"Python's start": bare, **json.loads(child.stdout)})
    return {step: min(run[step] for run in runs) for step in runs[0]}


def floor(project: Path, repeats: int) -> float:
    """Best wall-clock seconds of :data:`FLOOR` as a process, on ``project`` opened read-only."""
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR, f"{project.resolve().as_uri()}?mode=ro"], check=True)
        runs.append(time.perf_counter() - started)
    return min(runs)


def best(repeats: int, project: Path, *extra: str) -> tuple[float, float, str]:
    runs = [run_report(project, *extra) for _ in range(repeats)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def digest(report_json: str) -> str:
    """The report's lines without anything that may differ between builds of the same data.

    The coincidence matrices, per-category alphas and sample checks (added later) are left out, so
    the recorded digests still say whether the figures they cover are the same.
    """
    lines = json.loads(report_json)["variables"]
    for line in lines:
        for later in ("coincidences", "category_alpha", "sample"):
            line.pop(later, None)
    return hashlib.sha256(json.dumps(lines, sort_keys=True).encode()).hexdigest()[:16]


def matrices(project: Path) -> list[tuple[str, str, np.ndarray]]:
    """Every scorable report line as the package wants it: coders × documents, NaN where not coded."""
    out = []
    with Project.open(project, readonly=True) as p:
        codings = project_input(p)
    for line in codings.lines():
        data = line.data
        if data is None:
            continue
        matrix = np.full((len(data.coder_labels), len(data.unit_labels)), np.nan)
        numeric = data.level in (Level.INTERVAL, Level.RATIO)
        matrix[data.coder, data.unit] = data.numbers[data.value] if numeric else data.value
        out.append((line.name, data.level.value, matrix))
    return out


def package_loop(lines: list[tuple[str, str, np.ndarray]], repeats: int) -> tuple[float, dict[str, float]]:
    times, alphas = [], {}
    for _ in range(repeats):
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, level, matrix in lines:
                try:
                    alphas[name] = float(
                        krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
                    )
                except ValueError:  # one value in the domain: the package refuses, the report says undefined
                    alphas[name] = float("nan")
        times.append(time.perf_counter() - started)
    return min(times), alphas


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "ictool-bench-report")
    parser.add_argument("--scales", default="1,10", help="comma-separated multiples of 220 documents")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    compile_package()
    args.cache.mkdir(parents=True, exist_ok=True)
    for scale in (int(s) for s in args.scales.split(",")):
        documents = DOCUMENTS * scale
        project = args.cache / f"report-{documents}x{VARIABLES}x3.ictool"
        if not project.exists():
            started = time.perf_counter()
            build_project(project, documents=documents, variables=VARIABLES)
            print(f"built {project.name} in {time.perf_counter() - started:.0f} s")
        whole, peak, plain = best(args.repeats, project)
        least = floor(project, args.repeats)
        booted, _, with_ci = best(args.repeats, project, "--bootstrap", "1000")
        lines = matrices(project)
        loop, theirs = package_loop(lines, 1 if scale > 1 else args.repeats)
        ours = {v["name"]: v["alpha"] for v in json.loads(plain)["variables"]}
        worst = max(
            abs(ours[name] - alpha)
            for name, alpha in theirs.items()
            if ours[name] is not None and alpha == alpha
        )
        print(f"\n{documents} documents × {VARIABLES} variables × 3 coders: {len(ours)} report lines")
        print(f"  ictool report --json (whole process)   {whole:6.2f} s   peak {peak:5.0f} MB")
        print(f"  krippendorff package loop (in memory)  {loop:6.2f} s   report: {whole / loop:.2f}× it")
        print(f"  floor: start, numpy, SQLite's read     {least:6.2f} s   {least / loop:.2f}× the loop")
        steps = breakdown(project, args.repeats)
        print("  where it goes: " + ", ".join(f"{step} {seconds:.3f} s" for step, seconds in steps.items()))
        print(f"  --bootstrap 1000 adds                  {booted - whole:6.2f} s")
        print(f"  largest |alpha difference| vs package  {worst:.1e}")
        now = f"{digest(plain)}/{digest(with_ci)}"
        known = GOLDEN.get(scale)
        verdict = "identical to the recorded report" if now == known else f"recorded {known}"
        print(f"  report digest {now}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
