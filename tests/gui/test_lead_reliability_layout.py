"""The Reliability page's layout on a small window and its wording: the detail's sentences wrap to
the width shown (only the matrices scroll sideways), a project without codings says what to do
instead of listing undefined lines, numeric variables get no merge-categories what-if, the summary
counts the lines a filter shows, names keep their ends, and the chart shows the selection after a
filter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ictool.core.project import Project
from ictool.gui.bidi import isolate
from ictool.gui.lead.pages.reliability import NO_CODINGS, ReliabilityPage
from ictool.gui.lead.reliability.chart import row_label
from ictool.gui.lead.reliability.detail import CONFUSED, NUMERIC
from ictool.gui.lead.reliability.table_model import GROUP, VARIABLE
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow
from tests.gui.lead_reliability_data import build_project, codebook
from tests.gui.test_lead_reconcile_layout import arabic_project
from tests.gui.test_lead_reliability import RELIABILITY, finish_intervals, open_page


def small(make_window: MakeWindow, path: Path, qtbot: QtBot) -> tuple[MainWindow, ReliabilityPage]:
    window, page = open_page(make_window, path, qtbot)
    window.resize(1024, 700)
    qtbot.wait(100)
    return window, page


def test_the_detail_wraps_to_the_width_shown_and_only_the_matrices_scroll(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    _window, page = small(make_window, demo_project, qtbot)
    page.select("recruitment_channel")
    qtbot.wait(100)
    viewport = page.detail_scroll.viewport().width()
    assert page.detail.width() <= viewport  # nothing in the pane is wider than what one sees
    assert not page.detail_scroll.horizontalScrollBar().isVisible()
    for label in (page.detail.heading, page.detail.summary, page.detail.what_if):
        assert label.isVisible() and label.width() <= viewport
    tables = page.detail.coder_tables
    assert tables.width() <= viewport
    # the Without/Alpha/Change table is reachable: by the sideways scroll when it does not fit
    if page.detail.loo.geometry().right() > tables.viewport().width():
        assert tables.horizontalScrollBar().isVisible()


def test_a_project_without_codings_says_what_to_do(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "empty.ictool"
    Project.create(path, codebook(12), title="Empty study", actor="lead").close()
    _window, page = open_page(make_window, path, qtbot)
    qtbot.waitUntil(lambda: page.empty.isVisible())
    assert page.empty.text() == NO_CODINGS
    assert page.model.rowCount() == 0 and not page.table.isVisible()
    assert "KALPHA" not in page.bar.label.text() and not page.summary.isVisible()
    assert page.bootstrap is None  # no intervals of nothing


def test_numeric_variables_get_no_merge_what_if(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    _window, page = open_page(make_window, demo_project, qtbot)
    page.select("age_joining")  # ratio
    assert page.detail.confusion_title.text() == NUMERIC and not page.detail.what_if.isVisible()
    page.select("recruitment_channel")  # nominal
    assert page.detail.confusion_title.text() == CONFUSED and page.detail.what_if.isVisible()


def test_the_summary_counts_the_lines_shown_and_isolates_coder_names(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    _window, page = open_page(make_window, arabic_project(tmp_path / "p.ictool", 4), qtbot)
    total = page.model.rowCount()
    assert page.summary.text().startswith(f"{total} lines")
    assert f"{isolate('أمينة')}, {isolate('ليلى')}" in page.summary.text()
    page.filters.search.setText(page.model.row(0).line.name)
    shown = page.proxy.rowCount()
    assert shown < total and page.summary.text().startswith(f"{shown} of {total} lines")
    assert page.table.textElideMode() == Qt.TextElideMode.ElideMiddle  # "…=3" keeps its option


def test_the_chart_shows_the_selected_line_after_a_filter(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    path = build_project(tmp_path / "big.ictool", documents=6, variables=60, coders=3)
    window, page = open_page(make_window, path, qtbot)
    finish_intervals(page, qtbot)
    page.tabs.setCurrentIndex(1)
    bar = page.charts.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # the lead scrolled to the bottom of the whole chart
    page.filters.group_box.setCurrentIndex(1)  # then shows one group: a shorter chart
    qtbot.waitUntil(lambda: not page._chart_timer.isActive())
    name = page.selected_name()
    if name is None:
        assert bar.value() == 0  # the top: title and legend in view
    else:
        top = page.chart.row_top(name)
        assert bar.value() <= top <= bar.value() + page.charts.scroll_area.viewport().height()
    assert isinstance(window.workspace, LeadWorkspace) and RELIABILITY == 2


def test_without_codings_export_report_is_disabled_and_says_why(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "empty.ictool"
    Project.create(path, codebook(12), title="Empty study", actor="lead").close()
    _window, page = open_page(make_window, path, qtbot)
    action = page.export_action
    assert not action.isEnabled()
    assert action.toolTip().startswith("Not available:") and "no codings" in action.toolTip()


def test_export_report_is_offered_with_words_of_the_app_not_the_command_line(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    _window, page = open_page(make_window, demo_project, qtbot)
    assert page.export_action.isEnabled()
    assert "ictool" not in page.export_action.toolTip() and "JSON" in page.export_action.toolTip()


def test_option_lines_show_their_options_label_in_the_table_and_the_chart(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    _window, page = open_page(make_window, demo_project, qtbot)
    variable = page.snapshot.codebook.get("motivations") if page.snapshot else None
    assert variable is not None
    row = page.model.row_of("motivations=3")
    label = variable.label_of(3)  # "Revenge or grievance", not "Motivations for joining: Revenge…"
    assert page.model.cell(row, VARIABLE) == f"motivations=3 ({label})"
    assert page.model.cell(page.model.row_of("country"), VARIABLE) == "country"
    chart = {r.name: row_label(r) for r in page.chart_rows()}
    assert chart["motivations=3"].startswith(f"motivations=3 ({label})")
    assert chart["country"] == "country"


def test_at_1600_by_1000_the_table_fits_beside_the_detail(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """First filled on a small window, then enlarged: the split follows the window (it was made once,
    too early, and the wide window's table scrolled sideways with its Group column cut)."""
    window = make_window()
    window.resize(1024, 700)
    assert window.open_file(demo_project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    lead.actions.go_to[RELIABILITY].trigger()
    page = lead.view.page(ReliabilityPage)
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=20_000)
    qtbot.wait(100)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: not page.table.horizontalScrollBar().isVisible(), timeout=3000)
    header = page.table.horizontalHeader()
    groups = {page.model.cell(r, GROUP) for r in range(page.model.rowCount())}
    widest = max(page.table.fontMetrics().horizontalAdvance(g) for g in groups)
    margins = 2 * page.table.fontMetrics().averageCharWidth()
    assert header.sectionSize(GROUP) >= widest + margins  # "Roles and experience" whole, not elided
    assert page.splitter.sizes()[1] >= sum(page.splitter.sizes()) * 3 // 10  # the detail keeps room
