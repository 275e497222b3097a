"""The Reliability page at 1024×700: the coincidence counts in view (row labels give way, the whole
label in the tooltip and the accessible name), both coder tables whole, the chart's names cut at
their end by the table's rule and never past the chart's left edge, and the coders' line in the
order given with Arabic names."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from pytestqt.qtbot import QtBot

from ictool.gui.lead.reliability.chart import ChartRow, row_label
from ictool.gui.lead.reliability.coincidences import code_of
from tests.gui.conftest import MakeWindow
from tests.gui.glyphs import drawn_at
from tests.gui.test_lead_reconcile_layout import arabic_project
from tests.gui.test_lead_reliability_layout import small


def test_at_1024_the_coincidence_counts_are_in_view(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """The row labels filled the pane and every count was behind a scroll bar."""
    _window, page = small(make_window, demo_project, qtbot)
    page.select("recruitment_channel")
    qtbot.wait(150)
    detail = page.detail
    view, model = detail.coincidences, detail.coincidence_model
    assert view.isVisible() and len(model.names) >= 7
    shown = view.viewport().width()
    visible = [
        c for c in range(model.columnCount()) if view.columnViewportPosition(c) + view.columnWidth(c) <= shown
    ]
    assert len(visible) >= 6, visible  # was none
    assert view.verticalHeader().width() < view.width() / 3
    for row, name in enumerate(model.names):
        said = model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
        assert said.startswith(code_of(name))  # the code is never cut
        for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            assert model.headerData(row, Qt.Orientation.Vertical, role) == name  # "1 · Friend or peer"


def test_at_1024_both_coder_tables_show_whole(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """The leave-one-out table beside the pairwise one was cut to "Wi": stacked, both show."""
    _window, page = small(make_window, demo_project, qtbot)
    page.select("recruitment_channel")
    qtbot.wait(150)
    scroll = page.detail.coder_tables
    for table in (page.detail.matrix, page.detail.loo):
        right = table.mapTo(scroll.viewport(), table.rect().topRight()).x()
        assert table.isVisible() and right <= scroll.viewport().width(), table.accessibleName()
    assert not scroll.horizontalScrollBar().isVisible()


def test_at_1024_the_chart_cuts_names_at_their_end_inside_the_chart(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """Names were drawn past the chart's left edge ("ivations=2 (Belonging…"), cut in the middle
    ("(Prote… safety)") where the table cuts at the end ("(Protection or…)")."""
    _window, page = small(make_window, demo_project, qtbot)
    page.tabs.setCurrentIndex(1)
    page.update_chart()
    qtbot.wait(300)
    chart = page.chart
    metrics = QFontMetrics(chart.chart().font())
    drawn: list[tuple[float, str]] = []

    class Recorder(QPainter):
        def drawText(self, *args: object) -> None:  # type: ignore[override]
            rect, text = args[0], args[-1]
            drawn.append((rect.width(), str(text)))  # type: ignore[attr-defined]

    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    painter = Recorder(image)
    painter.setFont(chart.chart().font())
    chart.layer.draw(painter, chart.chart().plotArea())
    painter.end()
    names = {row.name: row for row in chart.rows}
    assert len(drawn) == len(chart.rows) >= 30
    for width, text in drawn:
        assert metrics.horizontalAdvance(text) <= width, text  # inside the chart: nothing cut on the left
    for (_width, text), row in zip(drawn, chart.rows, strict=True):
        assert text.startswith(row.name), text
        if row.option and text != row_label(row):
            assert text.startswith(f"{row.name} (") and "…)" in text, text  # the label cut at its end
    assert any("…)" in text for _width, text in drawn)  # at 1024 some option labels are cut
    assert "motivations=2" in names
    undefined = ChartRow(
        "motivations=7",
        None,
        None,
        "undefined",
        "motivations=7 (Protection or safety)",
        "Protection or safety",
    )
    narrow = metrics.horizontalAdvance("motivations=7 (Protection) (undefined)")
    cut = row_label(undefined, metrics, narrow)
    assert cut.startswith("motivations=7 (Prote") and cut.endswith("…) (undefined)"), cut


def test_the_coders_line_keeps_arabic_names_apart_in_order(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    """ "Coders: Jonas, Tess, أمينة, ليلى.": measured from the laid-out glyphs, each name is drawn
    whole and in the order given, its comma after it (the names merged into one reversed run)."""
    _window, page = small(make_window, arabic_project(tmp_path / "p.ictool", 4), qtbot)
    text = page.summary.text().split("\n")[1]
    names = [n for n in page.snapshot.report.coders] if page.snapshot else []
    arabic = [n for n in names if not n.isascii()]
    assert len(arabic) >= 2, names
    first, second = (drawn_at(text, n, page.summary.font()) for n in arabic[:2])
    comma = drawn_at(text, f"{arabic[0]}\u2069,", page.summary.font())
    assert first[1] < second[0]  # the first name left of the second, not overlapping
    assert first[1] < comma[1] < second[0]  # its comma between them
