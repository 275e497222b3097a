"""Start-up of the command line beside a bare interpreter, and of the GUI (not a test: it prints figures).

Run: .venv/bin/python tests/bench/bench_startup.py [--runs 9]

- ``ictool --version`` and ``ictool --help`` within 5x ``python -c pass`` (issue "Speed").
- The GUI's cold start: a fresh ``python -m ictool.cli.main`` process with no file (the welcome
  window), offscreen, from the moment the process is started until the main window's first paint
  event (target < 1 s); and ``ictool demo`` (the lead's workspace on the Reliability page) until the
  alphas are in the table. The app has no hook for this: a small harness (``HARNESS``) runs in the
  fresh process, wraps ``ictool.gui.app.make_app`` to watch the application's events, prints a line
  when the moment comes and ends the process at once; the time is taken here, from ``Popen`` to that
  line, so the interpreter's own start-up and every import count. Settings go to a scratch folder.

Figures are medians (and the best run) of ``--runs`` fresh processes; the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's ``tests``

from tests.bench.as_installed import compile_package  # noqa: E402

#: Runs in the fresh process: ``python -c HARNESS MODE ARGS...`` (MODE: "window" or "alphas").
HARNESS = r"""
import os, sys
import ictool.gui.app as app_module

mode, argv = sys.argv[1], sys.argv[2:]


def done():
    print("READY", flush=True)
    os._exit(0)


def make_app(original=app_module.make_app):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = original()

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and obj.isWindow():
                done()
            return False

    def alphas_shown():
        from ictool.gui.lead.pages.reliability import ReliabilityPage
        from ictool.gui.lead.workspace import LeadWorkspace

        for window in QApplication.topLevelWidgets():
            lead = getattr(window, "workspace", None)
            if isinstance(lead, LeadWorkspace) and isinstance(lead.view.current, ReliabilityPage):
                page = lead.view.current
                if page.model.rowCount() > 0 and not page._reading():
                    done()

    if mode == "window":
        app._bench_spy = FirstPaint()
        app.installEventFilter(app._bench_spy)
    else:
        timer = QTimer(app)
        timer.setInterval(5)
        timer.timeout.connect(alphas_shown)
        timer.start()
        app._bench_timer = timer
    return app


app_module.make_app = make_app
from ictool.cli.main import main

sys.exit(main(argv))
"""


def median_seconds(runs: int, *args: str) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def gui_seconds(mode: str, argv: list[str], env: dict[str, str]) -> float:
    """One fresh process: seconds from its start until the harness says the moment came."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", HARNESS, mode, *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.strip() == "READY":
                return time.perf_counter() - started
        raise RuntimeError(f"the GUI ended without getting there (exit {proc.wait()})")
    finally:
        proc.kill()
        proc.wait()


def gui_figures(label: str, mode: str, argv: list[str], env: dict[str, str], runs: int, target: str) -> None:
    times = [gui_seconds(mode, argv, env) for _ in range(runs)]
    print(
        f"{label:<38} median {statistics.median(times):.3f} s, best {min(times):.3f} s "
        f"({runs} fresh processes){target}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    compile_package()
    bare = median_seconds(args.runs, "-c", "pass")
    print(f"python -c pass        {bare:.3f} s")
    for label, cli in (("ictool --version", ["--version"]), ("ictool --help", ["--help"])):
        took = median_seconds(args.runs, "-m", "ictool.cli.main", *cli)
        print(f"{label:<21} {took:.3f} s  ({took / bare:.1f}x bare; target <= 5x)")

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(Path(tmp) / "config"),  # the app's settings, not the user's
            "HOME": tmp,
            "PYTHONPATH": str(ROOT),
        }
        demo = Path(tmp) / "demo"
        gui_figures("GUI welcome window, first paint", "window", [], env, args.runs, "; target < 1 s")
        started = time.perf_counter()
        gui_seconds("alphas", ["demo", "--dir", str(demo)], env)
        print(f"{'ictool demo, first run (builds it)':<38} {time.perf_counter() - started:.3f} s to alphas")
        gui_figures(
            "ictool demo, to alphas shown", "alphas", ["demo", "--dir", str(demo)], env, args.runs, ""
        )


if __name__ == "__main__":
    main()
