"""Screenshots of the lead's Rounds page for the README (a script, not a test).

    xvfb-run -a -s "-screen 0 1600x1000x24" \
        .venv/bin/python tests/gui/shots_lead_rounds.py [OUT_DIR] [--extra]

The demo with a pilot round of four documents (reference coder Amira) and a main round of the
rest, photographed once the bootstrap's intervals are in: ``lead-rounds.png``. ``--extra`` adds what
to look at after a change: the sample plan, a small window, a dark palette, the empty state, and a
150-variable project with three rounds (one named in Arabic) and a retest.
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
from ictool.core.project import Project
from ictool.core.rounds.membership import add_to_round, set_reference
from ictool.gui.app import make_app
from ictool.gui.lead.pages.rounds import RoundsPage
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.lead_reliability_data import build_project
from tests.gui.shots_workspace import dark_palette, settle, shoot

SIZE = (1440, 900)
SMALL = (1024, 700)


def with_rounds(path: Path, rounds: dict[str, slice], reference: str | None = None) -> Path:
    with Project.open(path, actor="lead") as p:
        ids = [d.doc_id for d in p.documents()]
        for name, part in rounds.items():
            add_to_round(p, name, ids[part])
        if reference is not None:
            set_reference(p, next(iter(rounds)), reference)
    return path


def open_page(window: MainWindow, app: QApplication, path: Path) -> RoundsPage:
    assert window.open_file(path)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(RoundsPage)
    assert isinstance(page, RoundsPage)
    lead.view.show_page(lead.view.pages.index(page))
    deadline = time.monotonic() + 120
    while (page.snapshot is None or page.bootstrap is not None) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    settle(app)
    return page


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    extra = "--extra" in sys.argv
    out = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "resources" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = build_demo(folder / "demo.ictool")
        plain = build_demo(folder / "plain.ictool") if extra else None
        with_rounds(demo, {"pilot": slice(0, 4), "main": slice(4, None)}, reference="Amira")
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(actor="lead", settings=settings)
        window.resize(*SIZE)
        window.show()
        page = open_page(window, app, demo)
        page.select("recruitment_channel")
        shoot(window, app, out / "lead-rounds.png")
        if extra:
            page.tabs.setCurrentIndex(1)
            shoot(window, app, out / "lead-rounds-plan.png")
            page.tabs.setCurrentIndex(0)
            window.resize(*SMALL)
            shoot(window, app, out / "lead-rounds-small.png")
            window.resize(*SIZE)
            app.setPalette(dark_palette())
            page.select("religiosity_before")
            shoot(window, app, out / "lead-rounds-dark.png")
            app.setPalette(app.style().standardPalette())
            assert plain is not None
            page = open_page(window, app, plain)
            shoot(window, app, out / "lead-rounds-empty.png")
            big = build_project(folder / "big.ictool", documents=60, variables=150, coders=4)
            with_rounds(
                big, {"تجريبي (pilot)": slice(0, 10), "training-1": slice(10, 25), "main": slice(25, None)}
            )
            page = open_page(window, app, big)
            shoot(window, app, out / "lead-rounds-150.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
