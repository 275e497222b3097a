"""Screenshots of the lead's Reconcile page (a script, not a test).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tests/gui/shots_lead_reconcile.py [OUT_DIR]

Builds the demo project, opens it in the lead's workspace and photographs the Reconcile page in a
real window: a disagreement selected with its quotes highlighted (``lead-reconcile.png``, for the
README), the Arabic transcript INT-012, a resolved item, an empty filter, the export dialog and the
same page in a dark palette. Default output: resources/screenshots/ (only lead-reconcile.png is
kept there; pass a folder to look at the others).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette

from ictool.core.coding import add_evidence
from ictool.core.demo.build import build_demo
from ictool.core.project import Project
from ictool.gui.app import make_app
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script: the repo's ``tests``
from tests.gui.shots_workspace import dark_palette, settle, shoot

SIZE = (1440, 900)
README_SHOT = "lead-reconcile.png"


def dark() -> QPalette:
    """The coder screenshots' dark palette, with disabled buttons dark too (it sets only text)."""
    palette = dark_palette()
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(55, 56, 60))
    return palette


def select(page: ReconcilePage, document: str, variable: str) -> None:
    for row in range(page.proxy.rowCount()):
        item = page.proxy.item(row)
        if item.document == document and item.variable.name == variable:
            page.select_row(row)
            return
    raise SystemExit(f"no disagreement {document} {variable} in the demo")


#: Quotes the demo lacks on the Arabic transcript: RTL highlights and quotes are what to look at.
ARABIC_QUOTES = (
    ("Amira", "motivations", "مجتمعاً جديداً فيه عدل وكرامة"),
    ("Jonas", "motivations", "يحتاجون إلى شباب متعلمين"),
    ("Jonas", "motivations", "كنت مثل أغلب الناس في حيّنا"),
)


def add_arabic_quotes(path: Path) -> None:
    with Project.open(path, actor="lead") as project:
        doc = project.document("INT-012")
        text = project.text(doc.uuid)
        for coder, variable, quote in ARABIC_QUOTES:
            var = project.codebook.get(variable)
            assert var is not None and quote in text, quote
            start = text.index(quote)
            add_evidence(project, project.coder(coder).uuid, doc.uuid, var.uuid, start, start + len(quote))


def main() -> int:
    default = Path(__file__).resolve().parents[2] / "resources" / "screenshots"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    everything = out != default
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = build_demo(folder / "demo-project.ictool")
        add_arabic_quotes(demo)
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(actor="lead", settings=settings)
        window.resize(*SIZE)
        window.show()
        window.open_file(demo)
        lead = window.workspace
        assert isinstance(lead, LeadWorkspace)
        page = lead.view.page(ReconcilePage)
        assert isinstance(page, ReconcilePage)
        lead.view.show_page(lead.view.pages.index(page))
        while page.is_reading():  # the queue is read in a worker
            app.processEvents()
        select(page, "INT-005", "age_joining")
        page.take(2)
        page.decision.note.setText("Codebook: take the lower age when R. hesitates")
        page.decision.update_status()
        page.table.setFocus()
        shoot(window, app, out / README_SHOT, 1.2)
        if not everything:
            window.close()
            return 0

        select(page, "INT-012", "motivations")
        shoot(window, app, out / "reconcile-arabic.png", 1.2)

        page.take(2)
        page.resolve_and_next()
        select(page, "INT-012", "motivations")
        shoot(window, app, out / "reconcile-resolved.png", 1.2)

        page.filter_bar.document.setCurrentIndex(page.filter_bar.document.count() - 1)
        page.filter_bar.status.setCurrentIndex(2)  # resolved only: none in INT-012 but the one
        page.filter_bar.variable.setCurrentIndex(1)
        shoot(window, app, out / "reconcile-empty-filter.png", 1.2)
        page.filter_bar.reset()

        page.export_action.trigger()
        dialog = page.export.dialog
        assert dialog is not None
        settle(app)
        shoot(dialog, app, out / "reconcile-export-dialog.png", 1.2)
        dialog.reject()

        app.setPalette(dark())
        select(page, "INT-001", "role")
        settle(app)
        shoot(window, app, out / "reconcile-dark.png", 1.2)
        select(page, "INT-012", "motivations")
        page.show_quote(1)
        shoot(window, app, out / "reconcile-arabic-dark.png", 1.2)
        page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
