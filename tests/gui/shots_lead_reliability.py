"""Screenshots of the lead's Reliability page for the README (a script, not a test).

    xvfb-run -a -s "-screen 0 1600x1000x24" \
        .venv/bin/python tests/gui/shots_lead_reliability.py [OUT_DIR] [--extra]

Builds the demo project and photographs the page in a real window once every interval is in:
the dashboard (table and the selected variable's coders and coincidences) and the coincidence view
with two confused categories selected (the what-if). ``--extra`` adds the chart, a 150-variable
project (table and chart) and the dashboard in a dark palette — what to look at after a change.
Default output: resources/screenshots/.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the repo's ``tests``

from ictool.core.demo.build import build_demo
from ictool.gui.app import make_app
from ictool.gui.lead.pages.reliability import ReliabilityPage
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.lead_reliability_data import build_project
from tests.gui.shots_workspace import dark_palette, settle, shoot

SIZE = (1440, 900)


def open_page(window: MainWindow, app: QApplication, path: Path) -> ReliabilityPage:
    assert window.open_file(path)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(ReliabilityPage)
    assert isinstance(page, ReliabilityPage)
    lead.view.show_page(lead.view.pages.index(page))
    deadline = time.monotonic() + 120
    while not page.intervals_complete() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    settle(app)
    return page


def most_confused(page: ReliabilityPage) -> tuple[int, int]:
    model = page.detail.coincidence_model
    size = len(model.names)
    cells = [(r, c) for r in range(size) for c in range(size) if r < c]
    return max(cells, key=lambda rc: model.value(*rc))


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    extra = "--extra" in sys.argv
    out = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = build_demo(folder / "demo.ictool")
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(actor="lead", settings=settings)
        window.resize(*SIZE)
        window.show()
        page = open_page(window, app, demo)

        page.select("recruitment_channel")
        shoot(window, app, out / "lead-dashboard.png")

        page.select("leave_reason")
        page.splitter.setSizes([520, 680])  # as a person drags it: the whole matrix in view
        r, c = most_confused(page)
        model = page.detail.coincidence_model
        view = page.detail.coincidences
        view.setFocus()
        view.selectionModel().select(model.index(r, c), view.selectionModel().SelectionFlag.ClearAndSelect)
        view.scrollTo(model.index(r, c))
        shoot(window, app, out / "lead-coincidence.png")

        if extra:
            page.tabs.setCurrentIndex(1)
            shoot(window, app, out / "lead-chart.png")
            page.export(out / "lead-chart-export.png")
            page.export(out / "lead-chart-export.svg")

            app.setPalette(dark_palette())
            page.tabs.setCurrentIndex(0)
            page.select("disillusionment")
            shoot(window, app, out / "lead-dashboard-dark.png")
            page.tabs.setCurrentIndex(1)
            shoot(window, app, out / "lead-chart-dark.png")
            app.setPalette(app.style().standardPalette())

            big = build_project(folder / "big.ictool", documents=60, variables=150, coders=4)
            page = open_page(window, app, big)
            page.tabs.setCurrentIndex(0)
            shoot(window, app, out / "lead-dashboard-150.png")
            page.tabs.setCurrentIndex(1)
            shoot(window, app, out / "lead-chart-150.png")
            page.filters.group_box.setCurrentIndex(3)
            shoot(window, app, out / "lead-chart-150-group.png")
            page.export(out / "lead-chart-150-export.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
