"""Benchmark of the lead's Reliability page (a script, not a test): time to alphas, then intervals.

    .venv/bin/python tests/bench/bench_lead_dashboard.py [--documents 220] [--variables 200] [--coders 3]
                                                         [--project PATH] [--repeats 3]

Builds (or reuses, with ``--project``) a project of 220 documents × 200 variables × 3 coders through
the core (every coder codes every variable of every document; a sixth of the variables are
multi-selects, one report line per option), opens it in the real main window (offscreen) and
measures, from the moment the page is asked for:
- alphas shown: the worker read the codings on its own connection and computed every alpha, and the
  table, the chart and the selected line's detail were filled (target < 1 s);
- intervals in: 1,000 bootstrap replicates per line, streamed in while the window stays usable;
- the window's responsiveness meanwhile: the longest gap between ticks of a 10 ms timer (what a
  click would wait at worst), and the GUI thread's time spent filling the page.
Each repeat refreshes the page as a merge would. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the repo's ``tests``

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from ictool.gui.app import make_app
from ictool.gui.lead.pages.reliability import ReliabilityPage
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.lead_reliability_data import build_project


class Ticks:
    """A 10 ms timer: the longest gap between two ticks is how long the window did not answer."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.worst = 0

    def start(self) -> None:
        self.clock.start()
        self.last, self.worst = 0, 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        return self.worst


def wait(app: QApplication, done: object, limit: float = 300.0) -> None:
    deadline = time.monotonic() + limit
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.001)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=220)
    parser.add_argument("--variables", type=int, default=200)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--project", type=Path, help="reuse (or build once at) this path")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.project or Path(tmp) / "bench.ictool"
        if not path.exists():
            started = time.perf_counter()
            build_project(path, documents=args.documents, variables=args.variables, coders=args.coders)
            print(f"built {path.name} in {time.perf_counter() - started:.1f} s")
        window = MainWindow(
            actor="bench", settings=QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1440, 900)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        assert window.open_file(path)
        app.processEvents()
        print(f"project opened in the window in {(time.perf_counter() - started) * 1000:.0f} ms")
        lead = window.workspace
        assert isinstance(lead, LeadWorkspace)
        page = lead.view.page(ReliabilityPage)
        assert isinstance(page, ReliabilityPage)

        # the GUI thread's share: time spent in the page's own handlers
        busy: list[float] = []
        fill = page._alphas_ready

        def timed_fill(generation: int, snapshot: object) -> None:
            t0 = time.perf_counter()
            fill(generation, snapshot)  # type: ignore[arg-type]
            app.processEvents()  # lay out and paint what was filled
            busy.append(time.perf_counter() - t0)

        page._alphas_ready = timed_fill  # type: ignore[method-assign]
        ticks = Ticks()
        to_alphas, to_intervals, stalls = [], [], []
        for repeat in range(args.repeats):
            ticks.start()
            started = time.perf_counter()
            if repeat == 0:
                lead.view.show_page(lead.view.pages.index(page))
            else:
                page.refresh()  # what a merge or a resolution does
            reading = page.reading
            assert reading is not None
            wait(app, lambda r=reading: not r.is_running() and page.model.rowCount() > 0)  # type: ignore[misc]
            to_alphas.append(time.perf_counter() - started)
            wait(app, lambda: page.intervals_complete() and page.bootstrap is None)
            to_intervals.append(time.perf_counter() - started)
            stalls.append(ticks.stop())
        snapshot = page.snapshot
        assert snapshot is not None
        lines = len(snapshot.report.variables)
        window.close()

    def ms(xs: list[float]) -> str:
        runs = ", ".join(f"{x * 1000:.0f}" for x in xs)
        return f"median {statistics.median(xs) * 1000:6.0f} ms  (runs: {runs})"

    size = f"{args.documents} documents × {args.variables} variables × {args.coders} coders"
    print(f"{size}: {lines} report lines")
    verdict = "meets" if statistics.median(to_alphas) < 1.0 else "MISSES"
    print(f"alphas shown           {ms(to_alphas)}   target < 1 s: {verdict}")
    print(f"  of which GUI thread  {ms(busy)}")
    print(f"intervals all in       {ms(to_intervals)}")
    print(f"longest stall meanwhile: {max(stalls)} ms (10 ms timer; runs: {', '.join(map(str, stalls))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
