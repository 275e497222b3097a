"""Benchmark of the coder workspace (a script, not a test): document switch and saving one value.

    .venv/bin/python tests/bench/bench_gui.py [--switches 60] [--saves 200]

Builds a coder package with a 150-variable codebook and three 30,000-word transcripts, every
variable coded and 40 evidence quotes per document, opens it in the real main window (offscreen)
and measures:
- a document switch: ``CodingView.show_document`` plus the event processing that lays out and
  paints it (transcript text, evidence highlights, 150 form editors, header, evidence list);
- saving one value: ``CodingSession.set_value`` through the core — validated, written, audited
  and committed (``synchronous=FULL``), undo step pushed, views refreshed.
Targets on the 2-core reference machine: median switch < 50 ms, median save < 10 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from ictool.core import coding
from ictool.core.codebook.model import Category, Codebook, Kind, Level, Variable
from ictool.core.coding import ValueChange
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from ictool.gui.app import make_app
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow

WORDS = [
    "the",
    "group",
    "we",
    "were",
    "told",
    "to",
    "wait",
    "at",
    "the",
    "checkpoint",
    "and",
    "nobody",
    "explained",
    "why",
    "my",
    "brother",
    "said",
    "it",
    "would",
    "be",
    "over",
    "soon",
    "but",
    "months",
    "passed",
    "and",
    "I",
    "started",
    "to",
    "doubt",
    "what",
    "they",
    "promised",
    "us",
    "every",
    "evening",
]


def codebook(n: int = 150) -> Codebook:
    rng = random.Random(1)
    variables = []
    for i in range(n):
        group = f"Group {i // 25 + 1}"
        kind = i % 5
        if kind in (0, 1):
            k = rng.randint(2, 14)
            choices = tuple(Category(c, f"Option {c} of variable {i}") for c in range(1, k + 1))
            variables.append(
                Variable(
                    f"v{i:03d}",
                    Level.NOMINAL,
                    label=f"Variable {i}",
                    group=group,
                    description="Code what the respondent says, not what you infer.",
                    choices=choices,
                )
            )
        elif kind == 2:
            choices = tuple(Category(c, f"Level {c}") for c in range(1, 6))
            variables.append(
                Variable(f"v{i:03d}", Level.ORDINAL, label=f"Scale {i}", group=group, choices=choices)
            )
        elif kind == 3:
            choices = tuple(Category(c, f"Reason {c}") for c in range(1, 7))
            variables.append(
                Variable(
                    f"v{i:03d}",
                    Level.NOMINAL,
                    label=f"Reasons {i}",
                    group=group,
                    multiple=True,
                    choices=choices,
                )
            )
        else:
            variables.append(
                Variable(
                    f"v{i:03d}",
                    Level.RATIO,
                    label=f"Count {i}",
                    group=group,
                    minimum=0,
                    maximum=100,
                    missing=(999,),
                )
            )
    return Codebook(tuple(variables))


def transcript(words: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = []
    for turn in range(words // 60):
        speaker = "I" if turn % 2 == 0 else "R"
        lines.append(f"{speaker}: " + " ".join(rng.choice(WORDS) for _ in range(60)) + ".")
    return "\n\n".join(lines) + "\n"


def build(folder: Path) -> Path:
    docs = folder / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"LONG-{i}.txt").write_text(transcript(30_000, i), encoding="utf-8")
    with Project.create(folder / "p.ictool", codebook(), actor="bench") as p:
        import_documents(p, [docs])
        add_coders(p, ["Bench"])
        assign(p)
        build_package(p, "Bench", folder / "bench.ictcoder")
    with CoderPackage.open(folder / "bench.ictcoder") as pkg:
        me = pkg.owner
        rng = random.Random(2)
        changes = []
        for doc in pkg.documents():
            for var in pkg.codebook:
                if var.kind is Kind.MULTI:
                    value: object = (var.choices[0].code, var.choices[-1].code)
                elif var.kind is Kind.SINGLE:
                    value = rng.choice(var.choices).code
                else:
                    value = rng.randint(0, 100)
                changes.append(ValueChange(me.uuid, doc.uuid, var.uuid, value))  # type: ignore[arg-type]
        coding.apply(pkg, changes)
        variables = list(pkg.codebook)
        for doc in pkg.documents():
            text = pkg.text(doc.uuid)
            for k in range(40):
                start = (k * 4999) % (len(text) - 200)
                coding.add_evidence(pkg, me.uuid, doc.uuid, variables[k].uuid, start, start + 120)
    return folder / "bench.ictcoder"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--switches", type=int, default=60)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        package = build(Path(tmp))
        print(
            f"built the package in {time.perf_counter() - started:.1f} s: 150 variables, "
            f"3 × 30,000-word transcripts, 40 quotes each"
        )
        window = MainWindow(
            actor="bench", settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        window.open_file(package)
        app.processEvents()
        print(f"opened in the window in {(time.perf_counter() - started) * 1000:.0f} ms")
        assert isinstance(window.workspace, CoderWorkspace)
        ws = window.workspace.view
        docs = [d.uuid for d in ws.session.documents()]
        switches = []
        for i in range(args.switches):
            target = docs[(i + 1) % len(docs)]
            t0 = time.perf_counter()
            ws.show_document(target)
            app.processEvents()
            switches.append((time.perf_counter() - t0) * 1000)
        saves = []
        numbers = [v for v in ws.session.codebook if v.kind is Kind.NUMBER]
        doc = ws.current
        assert doc is not None
        for i in range(args.saves):
            var = numbers[i % len(numbers)]
            t0 = time.perf_counter()
            ok = ws.session.set_value(doc, var.uuid, i % 100)
            app.processEvents()
            saves.append((time.perf_counter() - t0) * 1000)
            assert ok
        window.close()

    def describe(name: str, xs: list[float], target: float) -> None:
        xs = sorted(xs)
        p95 = xs[int(0.95 * (len(xs) - 1))]
        verdict = "meets" if statistics.median(xs) < target else "MISSES"
        print(
            f"{name:<22} median {statistics.median(xs):6.1f} ms   p95 {p95:6.1f} ms   "
            f"({len(xs)} runs; target < {target:.0f} ms median: {verdict})"
        )

    describe("document switch", switches, 50)
    describe("save one value", saves, 10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
