"""Benchmark of every page of the lead's workspace (a script, not a test): how long the window freezes.

    .venv/bin/python tests/bench/bench_lead_pages.py PROJECT [PROJECT ...] [--repeats 3]

Each PROJECT (an ``.ictool`` file, e.g. one built by ``tests.gui.lead_reliability_data.build_project``)
is first copied into a temporary folder — the app writes a backup and a lock beside the file it opens,
and the bench resolves a disagreement — and the copy is opened in the real main window (offscreen).
Then the lead does what a lead does: visit Team, Codebook (and preview a codebook sheet), Reliability,
Reconcile (filter the queue, resolve one item), refresh after a merge-like change
(``LeadSession.external_change``), and go back to Team. For each step two figures:

- stall: the longest gap between ticks of a 10 ms timer while the step runs, i.e. how long a click or
  a keypress would wait at worst (the window paints nothing meanwhile);
- data: from the step's start until the page shows its (new) data.

A repeat opens a fresh copy; the figures are the best (stall: lowest) of the repeats, since the
machine is shared. Figures are printed, never asserted. The page's "still reading" state is read
through ``is_reading()`` where a page has it, so the bench measures the same steps before and after
the pages read in the background.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the repo's ``tests``

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from ictool.core.codebook.export import codebook_to_rows
from ictool.gui.app import make_app
from ictool.gui.lead.pages.codebook import CodebookPage
from ictool.gui.lead.pages.page import LeadPage
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.pages.reliability import ReliabilityPage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.session import MERGE
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.bench.bench_lead_dashboard import Ticks, wait
from tests.gui.test_lead_codebook import write_rows

Step = tuple[str, Callable[[], object], Callable[[], bool]]


def reading(page: LeadPage) -> bool:
    """True while the page reads in the background (a page that reads on the GUI thread never is)."""
    check = getattr(page, "is_reading", None)
    return bool(check()) if check is not None else False


def settle(app: QApplication, ms: int = 60) -> None:
    """Let queued work (layout, painting, a result's delivery) run, so it counts in the step's stall."""
    deadline = time.monotonic() + ms / 1000
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)


def run_once(app: QApplication, source: Path, tmp: Path) -> dict[str, tuple[int, float]]:
    """Open a fresh copy of ``source`` and time every step; {step: (stall ms, ms to data)}."""
    path = tmp / source.name
    started = time.perf_counter()
    shutil.copyfile(source, path)
    with path.open("rb+") as copied:
        # on disk before the steps: else the first commit's fsync writes out the whole fresh copy
        # (a third of a second at ten times the study), a cost no lead meets in a file of their own
        os.fsync(copied.fileno())
    print(f"  copied in {time.perf_counter() - started:.1f} s", flush=True)
    window = MainWindow(actor="bench", settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1440, 900)
    window.show()
    settle(app)
    ticks = Ticks()
    out: dict[str, tuple[int, float]] = {}

    def measure(name: str, action: Callable[[], object], ready: Callable[[], bool]) -> None:
        ticks.start()
        t0 = time.perf_counter()
        action()
        wait(app, ready)
        took = time.perf_counter() - t0
        settle(app)
        out[name] = (ticks.stop(), took * 1000)
        stall, data = out[name]
        print(f"  {name:<34} stall {stall:6d} ms   data {data:8.0f} ms", flush=True)

    measure("open (lands on Team)", lambda: window.open_file(path), lambda: True)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    view, session = lead.view, lead.session
    team, codebook, reliability, reconcile = (
        view.page(kind) for kind in (TeamPage, CodebookPage, ReliabilityPage, ReconcilePage)
    )
    assert isinstance(team, TeamPage) and isinstance(codebook, CodebookPage)
    assert isinstance(reliability, ReliabilityPage) and isinstance(reconcile, ReconcilePage)

    def show(page: LeadPage) -> Callable[[], None]:
        return lambda: view.show_page(view.pages.index(page))

    def merged() -> None:
        session.external_change(MERGE)

    wait(app, lambda: not reading(team))
    settle(app)
    measure("Team: refresh after merge", merged, lambda: not reading(team))

    measure("Codebook: show", show(codebook), lambda: not reading(codebook) and codebook.model.rowCount() > 0)
    rows = codebook_to_rows(lead.project.codebook)
    rows[0]["label"] = rows[0]["label"] + " (edited)"
    sheet = write_rows(tmp / "edited.csv", rows)
    dialogs = []

    def preview() -> None:
        dialogs.append(codebook.preview_sheet(sheet))

    def previewed() -> bool:
        dialog = dialogs[-1] if dialogs else None
        return dialog is not None and dialog.changes is not None and not reading(dialog)  # type: ignore[arg-type]

    measure("Codebook: preview a sheet", preview, previewed)
    dialogs[-1].reject()
    settle(app)

    def alphas() -> bool:
        return not reliability._reading() and reliability.model.rowCount() > 0

    measure("Reliability: show (alphas)", show(reliability), alphas)
    reliability.stop_intervals()  # the bootstrap would take both cores from the steps below
    settle(app)
    measure("Reliability: refresh after merge", merged, alphas)
    reliability.stop_intervals()
    settle(app)

    def queue() -> bool:
        return not reading(reconcile) and reconcile.model.rowCount() > 0

    measure("Reconcile: show (queue)", show(reconcile), queue)
    bar = reconcile.filter_bar
    measure("Reconcile: filter by variable", lambda: bar.variable.setCurrentIndex(1), lambda: True)
    measure("Reconcile: filter unresolved", lambda: bar.status.setCurrentIndex(1), lambda: True)
    measure("Reconcile: all again", bar.reset, lambda: True)

    def resolve_one() -> None:
        reconcile.take(1)
        reconcile.resolve_and_next()

    measure("Reconcile: resolve one", resolve_one, lambda: not reading(reconcile))
    measure("Reconcile: refresh after merge", merged, queue)
    measure("Team: show again (was stale)", show(team), lambda: not reading(team))
    total = reconcile.model.rowCount()
    window.close()
    settle(app)
    print(f"  ({total} disagreements in the queue)")
    return out


def quiet(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's messages, but not the offscreen platform's "does not support" (one per window shown)."""
    if "does not support" not in message:
        print(message, file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("projects", type=Path, nargs="+")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    qInstallMessageHandler(quiet)
    app = make_app()
    for source in args.projects:
        runs: list[dict[str, tuple[int, float]]] = []
        for repeat in range(args.repeats):
            print(f"{source.name}, run {repeat + 1} of {args.repeats}", flush=True)
            with tempfile.TemporaryDirectory() as tmp:
                runs.append(run_once(app, source, Path(tmp)))
        print(f"\n{source.name} ({source.stat().st_size / 1e6:.0f} MB): best of {args.repeats}")
        print(f"  {'step':<34} {'stall':>8}   {'data':>9}")
        for name in runs[0]:
            stall = min(r[name][0] for r in runs)
            data = min(r[name][1] for r in runs)
            print(f"  {name:<34} {stall:5d} ms   {data:6.0f} ms")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
