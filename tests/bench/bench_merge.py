"""Benchmark: merge three returned coder packages of 600 documents × 200 variables each.

Run as a script, not collected by pytest::

    .venv/bin/python tests/bench/bench_merge.py [--documents 600] [--variables 200] [--coders 3]
                                                [--repeats 5] [--keep DIR] [--profile]

The inputs are built once through the core, as a study produces them, and kept in ``DIR`` (a temporary
folder by default; ``--keep`` reuses it, so reruns only merge): a project of 600 transcripts of about
3 KB each and the 200-variable codebook of the reliability dashboard's benchmark (nominal with a
missing code, ordinal, multi-select, ratio and interval variables), three coders who each get all 600
documents, their packages handed out with ``hand_out``, and each package coded as a coder would: one
save per document (its 200 values through ``coding.apply``, two evidence quotes, the status "done"; a
memo on every tenth document), so each package carries 600 revisions of lineage.

Each repeat copies the pristine project and merges the three packages in a fresh child process
(``merge_packages``, one batch), so the wall time and the peak resident memory (``ru_maxrss``) are the
merge's own. What is measured is the whole ``merge_packages`` call, broken down into
- reading: opening each package read-only (header, integrity check, file hash) and reading its state
  (the packages are read on threads, side by side: from the first one's start to the last one's end);
- provenance and order: did the project issue it, does it continue the merged lineage;
- content: every value, quote, memo and status against the codebook and the document texts;
- backup: the rotating copy of the project taken before the merge;
- writing: the one transaction that applies the three packages (codings, evidence, memos, status,
  audit, assignments, merge records), commit included;
- lineage: recording the merged chains (inside the write transaction, also counted there).
A second figure merges the same three files again into the merged project (already merged: checked,
nothing written). Figures are best of ``--repeats``; nothing is asserted. ``--profile`` prints the
cProfile of one merge instead.

Target (issue "Speed", 4): under 0.5 s for the first merge of the three packages at 26 variables (46,800
values, ``--variables 26``). Met: 0.45–0.46 s (best of 5, three rounds, inputs built by this version).
What is left is mostly SQLite's own: writing 46,800 codings (two B-trees and three foreign keys a row)
and 52,380 audit entries takes it about 0.2 s, the commit 0.03 s; reading the packages (file hash and
integrity check of 36 MB, then their rows) 0.12–0.13 s. At 200 variables (360,000 values) the same
writing took SQLite about 1.7 s before the two changes below, even from a temporary table inside SQLite.

The last 0.04–0.05 s: the audit's ``origin`` rule was an ``IN`` list, which SQLite probes as a
temporary index for every appended entry (0.03 s of 52,000 entries, measured on the table alone;
migration 0004 restates it as five comparisons); and a package's documents are taken in key order,
so the sort of its codings into key order finds them sorted (2 ms a package). Before both:
0.49–0.51 s, writing 0.32–0.34 s.

Measured on 2 shared cores (calibration: 10 million pure-Python additions in 0.68–0.73 s):
    --variables 26, the old code (c55489f) and the new one alternately, best of 5 each, three rounds:
        before: 0.67–0.74 s, CPU 0.66–0.71 s, peak 80 MB — reading 0.17–0.22, content 0.07–0.08,
            backup 0.01, writing 0.41–0.43; re-merge of the same files 0.25–0.27 s
        after: 0.47–0.50 s, CPU 0.51–0.54 s, peak 76 MB — reading 0.15–0.17 (side by side), content
            0.02, backup 0.01, writing 0.31–0.33; re-merge 0.14–0.16 s
        both under other work (load 1.5–1.9): 0.70–0.71 s against 0.51–0.52 s
    --variables 200, alternately, best of 3: before 4.12–4.30 s, CPU 4.0–4.1 s, peak 289 MB (writing
        2.60–2.69, content 0.34); after 3.21–3.62 s, CPU 3.4–3.5 s, peak 300 MB (writing 2.17–2.22,
        content 0.17; reading as before: the rows are read one package at a time); re-merge 1.56 s ->
        1.21–1.28 s
    What changed: the codings written in key order; quotes and statuses many to a statement; a first
        merge adds values without looking up old ones; values checked by distinct answer; the
        project's facts read once per batch; packages read on threads; the cycle collector paused.
    Earlier work, at 200 variables:
        before (9cb3778): 9.38 s, peak 329 MB — reading 1.31, provenance/order 0.00, content 3.03,
            backup 0.01, writing 4.90; re-merge of the same files 4.62 s (best of 5, load ~1)
        after: 4.48 s, CPU 4.34 s, peak 289 MB — reading 1.17, provenance/order 0.00, content 0.38,
            backup 0.01, writing 2.84; re-merge 1.69 s (best of 3, load ~1.5)
        before and after alternately under the same heavy load (5 runs each, best): 12.39 s / CPU
            9.86 s against 5.27 s / CPU 4.48 s
    backup of the merged project (184 MB): SQLite backup API 0.36 s, file copy and fsync 0.13 s.
        The backup stays with the API: it copies what the connection has open, consistent while another
        program writes, and a byte copy of a file over 1 GB can fail on Windows, where SQLite's locks
        are mandatory byte-range locks at the 1 GB offset. It is 0.01 s before a first merge.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ictool.core import coding  # noqa: E402
from ictool.core.codebook.model import Kind, Variable  # noqa: E402
from ictool.core.coding import ValueChange  # noqa: E402
from ictool.core.project import CoderPackage, Project  # noqa: E402
from ictool.core.records import Status  # noqa: E402
from ictool.core.setup.coders import add_coders  # noqa: E402
from ictool.core.setup.documents import import_documents  # noqa: E402
from ictool.core.team import merge as merge_module  # noqa: E402
from ictool.core.team import returned  # noqa: E402
from ictool.core.team.assign import assign  # noqa: E402
from ictool.core.team.hand_out import hand_out  # noqa: E402
from tests.gui.lead_reliability_data import CODERS, codebook  # noqa: E402

# fmt: off
WORDS = (
    "the", "group", "said", "we", "would", "fight", "for", "justice", "but", "I", "saw", "only",
    "fear", "and", "money", "in", "their", "eyes", "when", "my", "brother", "left", "the",
    "village", "nobody", "asked", "where", "he", "went", "after", "the", "first", "meeting",
)
# fmt: on


def transcript(rng: random.Random, size: int = 3000) -> str:
    """An interview of about ``size`` characters, in turns."""
    turns = []
    length = 0
    while length < size:
        speaker = "I" if len(turns) % 2 == 0 else "R"
        turn = f"{speaker}: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))}."
        turns.append(turn)
        length += len(turn) + 1
    return "\n".join(turns) + "\n"


def draw(var: Variable, rng: random.Random) -> object:
    """A coder's value for ``var``: a declared missing code now and then, else a valid answer."""
    if var.kind is Kind.MULTI:
        return tuple(c.code for c in var.choices if rng.random() < 0.4)
    if var.kind is Kind.SINGLE:
        if var.missing and rng.random() < 0.05:
            return var.missing[0]
        return rng.choice([c.code for c in var.choices if not var.is_missing_code(c.code)])
    return rng.randint(int(var.minimum or 0), int(var.maximum or 100))


def build(
    folder: Path, documents: int, variables: int, coders: int, seed: int = 1
) -> tuple[Path, list[Path]]:
    """The pristine project and the coded packages, in ``folder`` (reused when already there)."""
    project_path = folder / "pristine.ictool"
    packages = folder / "returned"
    if project_path.exists() and packages.is_dir():
        return project_path, sorted(packages.glob("*.ictcoder"))
    rng = random.Random(seed)
    started = time.perf_counter()
    docs_folder = folder / "transcripts"
    docs_folder.mkdir(parents=True, exist_ok=True)
    for d in range(documents):
        (docs_folder / f"INT-{d:04d}.txt").write_text(transcript(rng), encoding="utf-8")
    packages.mkdir()
    with Project.create(project_path, codebook(variables), title="Merge benchmark", actor="lead") as p:
        import_documents(p, [docs_folder])
        add_coders(p, list(CODERS[:coders]))
        assign(p)
        hand_out(p, packages)
    for path in sorted(packages.glob("*.ictcoder")):
        with CoderPackage.open(path) as pkg:
            me = pkg.owner.uuid
            scored = [v for v in pkg.codebook if v.scored]
            for i, doc in enumerate(pkg.documents()):
                text = pkg.text(doc.uuid)
                with pkg.transaction():  # one save per document: one revision, one lineage link
                    coding.apply(pkg, [ValueChange(me, doc.uuid, v.uuid, draw(v, rng)) for v in pkg.codebook])  # type: ignore[arg-type]
                    for _ in range(2):
                        start = rng.randrange(0, len(text) - 80)
                        coding.add_evidence(pkg, me, doc.uuid, rng.choice(scored).uuid, start, start + 60)
                    if i % 10 == 0:
                        coding.set_memo(pkg, me, doc.uuid, f"Unsure about the second part of {doc.doc_id}.")
                    coding.set_status(pkg, me, doc.uuid, Status.DONE)
        print(f"coded {path.name}: {documents} documents × {variables} variables")
    print(f"built in {time.perf_counter() - started:.0f} s: {project_path}")
    return project_path, sorted(packages.glob("*.ictcoder"))


class Stopwatch:
    """Seconds spent inside the functions wrapped, by part (a call inside another part counts in both).

    A part timed ``side_by_side`` (calls on threads at once) counts from the first call's start to the
    last one's end, not the sum of the calls.
    """

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}
        self.spans: dict[str, tuple[float, float]] = {}

    def wrap(self, owner: Any, name: str, part: str, *, side_by_side: bool = False) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                ended = time.perf_counter()
                if side_by_side:
                    first, last = self.spans.get(part, (started, ended))
                    self.spans[part] = (min(first, started), max(last, ended))
                    self.parts[part] = self.spans[part][1] - self.spans[part][0]
                else:
                    self.parts[part] = self.parts.get(part, 0.0) + ended - started

        setattr(owner, name, timed)

    def clear(self) -> None:
        self.parts.clear()
        self.spans.clear()


def instrument() -> Stopwatch:
    """Time the parts of a merge by wrapping the functions ``merge_packages`` calls for each of them."""
    watch = Stopwatch()
    watch.wrap(returned, "_read", "reading", side_by_side=True)  # the packages are read on threads
    watch.wrap(returned, "check_provenance", "provenance/order")
    watch.wrap(merge_module, "check_order", "provenance/order")
    watch.wrap(returned, "check_against_project", "content")
    watch.wrap(returned, "check_content", "content")
    watch.wrap(Project, "backup", "backup")
    watch.wrap(merge_module, "_merge_states", "writing")
    watch.wrap(merge_module.lineage_repo, "record_merged", "lineage")
    return watch


@contextmanager
def fresh_copy(pristine: Path, work: Path) -> Iterator[Path]:
    """A copy of the pristine project to merge into, removed afterwards with its backups."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    target = work / "project.ictool"
    shutil.copyfile(pristine, target)
    try:
        yield target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def merge_child(project: Path, packages: list[Path]) -> None:
    """Runs in a child process: merge once, then again (already merged); print figures as JSON."""
    watch = instrument()
    with Project.open(project, actor="lead") as p:
        p.codebook  # noqa: B018 - as the app has it loaded
        cpu_started = _cpu()
        started = time.perf_counter()
        reports = merge_module.merge_packages(p, packages)
        seconds = time.perf_counter() - started
        cpu = _cpu() - cpu_started
        parts = dict(watch.parts)
        watch.clear()
        started = time.perf_counter()
        again = merge_module.merge_packages(p, packages)
        remerge = time.perf_counter() - started
        started = time.perf_counter()
        p.backup(tag="before-merge")  # what the next round's merge copies first
        backup_api = time.perf_counter() - started
    started = time.perf_counter()
    copy = project.with_name("plain-copy.bak")
    shutil.copyfile(project, copy)
    with copy.open("rb+") as fh:
        os.fsync(fh.fileno())  # the backup API's copy is synced when its connection commits
    file_copy = time.perf_counter() - started
    merged_mb = project.stat().st_size / 1e6
    assert all(r.already_merged for r in again)
    parts["writing"] = parts.get("writing", 0.0) - parts.get("backup", 0.0)  # the backup comes first
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    values = sum(r.added + r.changed for r in reports)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "parts": parts,
                "remerge": remerge,
                "backup_api": backup_api,
                "file_copy": file_copy,
                "merged_mb": merged_mb,
                "peak_mb": peak_mb,
                "values": values,
            }
        )
    )


def _cpu() -> float:
    """CPU seconds of this process: less disturbed than wall time when others share the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def profile(project: Path, packages: list[Path]) -> None:
    with Project.open(project, actor="lead") as p:
        p.codebook  # noqa: B018
        prof = cProfile.Profile()
        prof.enable()
        merge_module.merge_packages(p, packages)
        prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    pstats.Stats(prof).sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--variables", type=int, default=200)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) the inputs in DIR")
    parser.add_argument("--profile", action="store_true", help="print the cProfile of one merge")
    parser.add_argument("--child", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        merge_child(args.child[0], args.child[1:])
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ictool-bench-merge-"))
    folder.mkdir(parents=True, exist_ok=True)
    pristine, packages = build(folder, args.documents, args.variables, args.coders)
    size = sum(p.stat().st_size for p in packages) / 1e6
    print(f"{len(packages)} packages, {size:.0f} MB; project {pristine.stat().st_size / 1e6:.1f} MB")
    if args.profile:
        with fresh_copy(pristine, folder / "work") as project:
            profile(project, packages)
        return
    runs = []
    for _ in range(args.repeats):
        with fresh_copy(pristine, folder / "work") as project:
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(project), *map(str, packages)],
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
    shown = ", ".join(f"{k} {min(r['parts'].get(k, 0.0) for r in runs):.2f}" for k in best["parts"])
    print(
        f"merge of {len(packages)} packages ({best['values']:,} values): best {best['seconds']:.2f} s "
        f"(of {each}), peak {max(r['peak_mb'] for r in runs):.0f} MB"
    )
    print(f"  CPU time of the merge: best {min(r['cpu'] for r in runs):.2f} s")
    print(f"  parts (best of {args.repeats} each): {shown}")
    print(f"re-merge of the same files (already merged): best {min(r['remerge'] for r in runs):.2f} s")
    print(
        f"backup of the merged project ({best['merged_mb']:.0f} MB, before a next round's merge): "
        f"SQLite backup API {min(r['backup_api'] for r in runs):.2f} s, "
        f"plain file copy and fsync {min(r['file_copy'] for r in runs):.2f} s"
    )


if __name__ == "__main__":
    main()
