"""Benchmark: switching the transcript pane between two 30,000-word documents (a script).

    .venv/bin/python tests/bench/bench_transcript.py [--switches 50]

One switch is ``set_document`` + ``set_evidence`` (40 spans), the work the window does when the
coder picks another document. A second figure adds the first paint of the new page, which is
where ``QPlainTextEdit`` lays out the visible blocks. Target: median switch < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ictool.gui.widgets.transcript_view import TranscriptView

WORDS = [
    "the",
    "group",
    "we",
    "met",
    "evenings",
    "my",
    "family",
    "friends",
    "cousin",
    "study",
    "circle",
    "leader",
    "asked",
    "felt",
    "right",
    "left",
    "college",
    "teacher",
    "never",
    "stopped",
    "calling",
    "job",
    "loneliness",
    "doubts",
    "because",
    "when",
    "and",
    "then",
    "really",
    "honestly",
    "remember",
    "time",
    "people",
    "year",
    "after",
    "before",
    "mosque",
    "neighbourhood",
    "work",
    "money",
]


def transcript(seed: int, words: int = 30_000, astral: bool = False) -> str:
    rng = random.Random(seed)
    lines, count, turn = [], 0, 0
    while count < words:
        n = rng.randint(8, 25) if turn % 2 == 0 else rng.randint(20, 120)
        body = " ".join(rng.choice(WORDS) for _ in range(n))
        if astral and rng.random() < 0.05:
            body += " 🙂"
        lines.append(("I: " if turn % 2 == 0 else "R: ") + body.capitalize() + ".")
        count, turn = count + n, turn + 1
    return "\n".join(lines)


def evidence(text: str, seed: int, n: int = 40) -> list[tuple[str, int, int, str]]:
    rng = random.Random(seed)
    spans = []
    for k in range(n):
        start = rng.randrange(0, len(text) - 300)
        spans.append((f"ev-{seed}-{k}", start, start + rng.randint(20, 250), f"Evidence {k}"))
    return spans


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=50)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    view = TranscriptView()
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    docs = [
        ("A", transcript(1), evidence(transcript(1), 1)),
        ("B", transcript(2, astral=True), evidence(transcript(2, astral=True), 2)),
    ]
    for key, text, spans in docs:
        print(f"document {key}: {len(text.split()):,} words, {len(text):,} characters, {len(spans)} spans")
        view.set_document(key, text)  # warm-up: fonts, glyph caches, first layouts
        view.set_evidence(spans)
        # The coder left each document in the middle, on an evidence span: every switch back
        # restores that place, so the measured switch includes scrolling there.
        middle = sorted(spans, key=lambda s: s[1])[len(spans) // 2]
        view.scroll_to_span(middle[1], middle[2])
        view.text_edit().viewport().repaint()
    switch, painted = [], []
    for i in range(args.switches):
        key, text, spans = docs[i % 2]
        t0 = time.perf_counter()
        view.set_document(key, text)
        view.set_evidence(spans)
        t1 = time.perf_counter()
        view.text_edit().viewport().repaint()
        t2 = time.perf_counter()
        switch.append((t1 - t0) * 1000)
        painted.append((t2 - t0) * 1000)
        app.processEvents()
    for label, values in (("set_document + set_evidence", switch), ("  ... + first paint", painted)):
        print(
            f"{label:28s} median {statistics.median(values):6.1f} ms   p95 {percentile(values, 0.95):6.1f} ms"
            f"   max {max(values):6.1f} ms   ({len(values)} switches)"
        )
    ok = statistics.median(switch) < 50
    print("target median < 50 ms:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
