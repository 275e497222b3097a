"""The Rounds page at 1024×700 and with Arabic titles: the sample plan's answer (Verdict, Note) in
view, the documents of the round and retest dialogs with their pieces isolated (an Arabic description
keeps its quotation marks around its quote), and the detail's note without "…." ."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ictool.core.records import DocumentInfo
from ictool.gui.bidi import isolate, strip_isolates
from ictool.gui.lead.rounds.checklist import document_text
from ictool.gui.lead.rounds.models import PLAN_NOTE, PLAN_RAREST, PLAN_VERDICT
from tests.gui.conftest import MakeWindow
from tests.gui.glyphs import drawn_at
from tests.gui.test_lead_rounds import open_page, with_rounds

KARIM = "«كريم»، عضو سابق من تونس، عمل في مخزن للمؤن"


def test_at_1024_the_plan_shows_its_verdict_and_note(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """Need .667, Verdict and Note were off-screen while the rarest category took a quarter of the width."""
    window, page = open_page(make_window, with_rounds(demo_project), qtbot)
    window.resize(1024, 700)
    page.tabs.setCurrentIndex(1)
    qtbot.wait(150)
    table = page.plan_table
    shown = table.viewport().width()
    chars = table.fontMetrics().averageCharWidth()
    for column in range(PLAN_VERDICT + 1):
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert right <= shown, table.model().headerData(column, Qt.Orientation.Horizontal)
    assert table.columnViewportPosition(PLAN_NOTE) + chars * 20 <= shown  # the note has room to be read
    assert table.columnWidth(PLAN_RAREST) < shown / 6
    assert table.horizontalScrollBar().maximum() == 0
    # a long note wraps in its row instead of being cut in the middle
    row = next(
        r for r in range(table.model().rowCount()) if len(table.model().index(r, PLAN_NOTE).data()) > 50
    )
    assert table.rowHeight(row) >= 2 * table.fontMetrics().height()


def test_a_documents_arabic_description_is_isolated_from_its_english_head(qtbot: QtBot) -> None:
    """ "Interview INT-012 — «كريم»، …": the opening quote stayed with the head, at the left, and the
    Arabic ran on after it; isolated, the quote marks enclose كريم at the description's right end."""
    doc = _doc("INT-012", f"Interview INT-012 — {KARIM}")
    text = document_text(doc)
    assert text == f"{isolate('Interview INT-012')} — {isolate(KARIM)}"
    head = drawn_at(text, "Interview")
    opening = drawn_at(text, "«")
    name = drawn_at(text, "كريم")
    tail = drawn_at(text, "للمؤن")
    assert head[1] < tail[0] < name[0] < opening[0]  # head, then the description right to left
    assert strip_isolates(document_text(_doc("INT-001", "Notes"))) == "INT-001 — Notes"


def _doc(doc_id: str, title: str) -> DocumentInfo:
    return DocumentInfo(
        uuid="u", doc_id=doc_id, title=title, source_name="s.txt", sha256="0", length=1000, position=0
    )


def test_the_dialogs_list_documents_isolated_and_find_them_by_id(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window, page = open_page(make_window, demo_project, qtbot)
    dialog = page.ask_retest()
    assert dialog is not None
    dialog.coder.setCurrentText("Amira")
    items = {str(i.data(Qt.ItemDataRole.UserRole)): i for i in dialog.documents.items()}
    item = items["INT-012"]
    assert item.text().startswith(isolate("Interview INT-012")) and "\u2068«" in item.text()
    dialog.documents.filter.setText("int-012 — «")  # typed as read: the isolate marks do not get in the way
    assert [str(i.data(Qt.ItemDataRole.UserRole)) for i in dialog.documents.shown()] == ["INT-012"]
    dialog.reject()
    window.close()
