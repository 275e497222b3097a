"""The lead's Reliability page on real widgets: its numbers are the core report's (alpha and the
bootstrap interval with the CLI's seed), the what-if of merged categories is the krippendorff
package's alpha on data recoded here, a bootstrap stopped half-way leaves no thread behind, the
models pass Qt's model tester and the chart is written as PNG and SVG."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QModelIndex, QPointF, Qt, QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from ictool.core import coding
from ictool.core.codebook.model import Level
from ictool.core.project import Project
from ictool.core.reliability import DEFAULT_SEED
from ictool.core.reliability.from_project import project_reliability
from ictool.core.reliability.intervals import Interval
from ictool.core.reliability.project_report import PairwiseRow, ReliabilityReport
from ictool.gui.lead.pages.reliability import ReliabilityPage
from ictool.gui.lead.reliability import jobs
from ictool.gui.lead.reliability.chart import AlphaChart, ChartRow
from ictool.gui.lead.reliability.coders import CoderMatrixModel, LeaveOneOutModel
from ictool.gui.lead.reliability.coincidences import CoincidenceModel
from ictool.gui.lead.reliability.panels import NOT_RELIABLE
from ictool.gui.lead.reliability.table_model import (
    ALPHA,
    CI,
    STATUS,
    ReliabilityFilter,
    ReliabilityTableModel,
    Row,
)
from ictool.gui.lead.session import MERGE
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.test_lead_accessibility import unnamed
from tests.gui.test_lead_team import data_hash

RELIABILITY = 2  # its place in the navigation (Ctrl+3)


def open_page(make_window: MakeWindow, path: Path, qtbot: QtBot) -> tuple[MainWindow, ReliabilityPage]:
    window = make_window()
    window.resize(1400, 900)
    assert window.open_file(path)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    lead.actions.go_to[RELIABILITY].trigger()
    page = lead.view.current
    assert isinstance(page, ReliabilityPage)
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=20_000)
    return window, page


def finish_intervals(page: ReliabilityPage, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: page.intervals_complete() and page.bootstrap is None, timeout=60_000)


def core_report(path: Path, bootstrap: int = 1000) -> ReliabilityReport:
    with Project.open(path, readonly=True) as p:
        return project_reliability(p, bootstrap=bootstrap, seed=DEFAULT_SEED)


def test_the_dashboard_shows_the_core_report_with_the_clis_seed(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    expected = core_report(demo_project)
    window, page = open_page(make_window, demo_project, qtbot)
    finish_intervals(page, qtbot)
    model = page.model
    assert model.rowCount() == len(expected.variables) == 34
    for row, v in enumerate(expected.variables):
        shown = model.row(row).line
        assert shown.name == v.name
        assert shown.alpha == v.alpha  # the same float, not merely the same print
        interval = model.intervals()[v.name]
        assert (interval.ci95 if interval is not None else None) == v.ci95, v.name
        assert (dict(interval.q) if interval is not None else None) == v.q
        ci = "—" if v.ci95 is None else f"[{v.ci95[0]:.3f}, {v.ci95[1]:.3f}]"
        agree = "—" if v.percent_agreement is None else f"{v.percent_agreement:.0%}"
        alpha = "—" if v.alpha is None else f"{v.alpha:.3f}"
        cells = [alpha, ci, v.status, str(v.units), str(v.pairable_values), agree, str(v.disagreements)]
        assert [model.cell(row, c) for c in range(1, 8)] == cells
    undefined = model.row_of("motivations=7")
    assert model.cell(undefined, STATUS) == "undefined"
    tip = model.index(undefined, STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "undefined: no variation: no coder chose this option"
    # the export is the CLI's JSON (``ictool report --json --bootstrap 1000``), key for key
    out = page.export(tmp_path / "report.json")
    assert out is not None and page.exporting is not None
    qtbot.waitUntil(lambda: out.exists() and not page.exporting.is_running(), timeout=20_000)  # type: ignore[union-attr]
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(expected.to_json_dict()))
    assert "Ctrl+Shift+R" in page.export_action.toolTip()
    window.close()


def test_what_if_merging_categories_is_krippendorff_on_recoded_data(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    before = data_hash(demo_project)
    window, page = open_page(make_window, demo_project, qtbot)
    for name, level in (("recruitment_channel", "nominal"), ("disillusionment", "ordinal")):
        page.select(name)
        detail = page.detail
        assert detail.report_line is not None and detail.report_line.name == name
        model, view = detail.coincidence_model, detail.coincidences
        size = len(model.names)
        # the most confused pair (for ordinal data: of neighbouring categories, as only they merge)
        cells = [
            (r, c) for r in range(size) for c in range(size) if r < c and (level == "nominal" or c == r + 1)
        ]
        r, c = max(cells, key=lambda rc: model.value(*rc))
        assert model.value(r, c) > 0
        click(qtbot, view, model.index(r, c))
        assert detail.chosen_categories() == [r, c]
        expected = recoded_alpha(demo_project, name, [model.label(r), model.label(c)], level)
        assert detail.what_if_alpha == pytest.approx(expected, abs=1e-12)
        assert f"{expected:.3f}" in detail.what_if.text() and "not changed" in detail.what_if.text()
        # a third category with Ctrl+click on its diagonal cell
        third = next(k for k in range(size) if k not in (r, c) and model.value(k, k) > 0)
        if level == "nominal":
            click(qtbot, view, model.index(third, third), Qt.KeyboardModifier.ControlModifier)
            labels = [model.label(k) for k in sorted({r, c, third})]
            assert detail.what_if_alpha == pytest.approx(
                recoded_alpha(demo_project, name, labels, level), abs=1e-12
            )
        # one category alone is no merge
        click(qtbot, view, model.index(third, third))
        assert detail.what_if_alpha is None and "Select cells" in detail.what_if.text()
    ordinal = detail.coincidence_model
    if len(ordinal.names) >= 3:  # a gap on an ordinal scale is refused in words
        detail.select_categories([ordinal.label(0), ordinal.label(2)])
        assert "neighbouring" in detail.what_if.text()
    window.close()
    assert data_hash(demo_project) == before  # a what-if never changes data


def click(
    qtbot: QtBot, view: QAbstractItemView, index: QModelIndex, modifier=Qt.KeyboardModifier.NoModifier
) -> None:  # type: ignore[no-untyped-def]
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, view.visualRect(index).center())


def recoded_alpha(path: Path, name: str, merged: list[object], level: str) -> float:
    """Alpha by the krippendorff package on the variable's codings, recoded here by hand: each code
    becomes its codebook position (the report's ranks for ordinal data; any labels do for nominal),
    declared missing codes are missing, and the merged categories all take the first one's value."""
    with Project.open(path, readonly=True) as p:
        variable = p.codebook.get(name)
        assert variable is not None
        rows = [r for r in coding.all_values(p) if r.variable_uuid == variable.uuid]
    coders = sorted({r.coder_uuid for r in rows})
    documents = sorted({r.document_uuid for r in rows})
    choices = [c.code for c in variable.choices if not variable.is_missing_code(c.code)]
    # the dashboard names ordinal categories by position, nominal ones by code
    positions = [int(m) if variable.level is Level.ORDINAL else choices.index(m) for m in merged]  # type: ignore[call-overload]
    matrix = np.full((len(coders), len(documents)), np.nan)
    for r in rows:
        if variable.is_missing_code(r.value):
            continue
        x = choices.index(r.value)  # type: ignore[arg-type]
        matrix[coders.index(r.coder_uuid), documents.index(r.document_uuid)] = (
            min(positions) if x in positions else x
        )
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def test_stopping_the_bootstrap_half_way_leaves_no_thread_and_resumes_where_it_stopped(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "REPLICATES", 40_000)  # slow enough to stop half-way
    window, page = open_page(make_window, demo_project, qtbot)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: len(page.model.intervals()) >= 2, timeout=30_000)
    assert page.bar.stop_button.isVisible() and page.bar.progress.isVisible()
    qtbot.mouseClick(page.bar.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.bootstrap is None, timeout=10_000)
    assert pool.waitForDone(2000) and pool.activeThreadCount() == 0
    done = len(page.model.intervals())
    assert 2 <= done < 34
    assert page.bar.resume_button.isVisible() and not page.bar.progress.isVisible()
    assert page.bar.label.text() == f"Intervals stopped: {done} of 34 lines done."
    missing = next(r for r in range(34) if not page.model.has_interval(page.model.row(r).line.name))
    assert page.model.cell(missing, CI) == "computing…"

    # shown again, a page stopped by the person stays stopped; Compute intervals goes on from there
    lead.actions.go_to[0].trigger()
    lead.actions.go_to[RELIABILITY].trigger()
    qtbot.wait(50)
    assert page.bootstrap is None and page.bar.resume_button.isVisible()
    kept = page.model.intervals()
    qtbot.mouseClick(page.bar.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.model.intervals()) > done, timeout=30_000)

    # leaving the page pauses it at once (no thread), coming back resumes it
    lead.actions.go_to[0].trigger()
    assert pool.waitForDone(2000) and pool.activeThreadCount() == 0
    qtbot.wait(50)
    paused = len(page.model.intervals())
    assert paused < 34
    lead.actions.go_to[RELIABILITY].trigger()
    qtbot.waitUntil(lambda: page.bootstrap is not None or page.intervals_complete(), timeout=5000)
    qtbot.waitUntil(lambda: len(page.model.intervals()) > paused, timeout=30_000)
    assert all(page.model.intervals()[n] == kept[n] for n in kept)  # nothing computed twice differently

    # closing the window mid-way stops the bootstrap before the file is closed, not seconds later
    assert page.bootstrap is not None and page.bootstrap.is_running()
    window.close()
    assert pool.waitForDone(200) and pool.activeThreadCount() == 0


def test_closing_while_alpha_is_read_waits_for_the_reading_job(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    lead.actions.go_to[RELIABILITY].trigger()
    page = lead.view.current
    assert isinstance(page, ReliabilityPage) and page.reading is not None and page.reading.is_running()
    window.close()  # the page is hidden first: its job is stopped and waited for
    pool = QThreadPool.globalInstance()
    assert pool.waitForDone(200) and pool.activeThreadCount() == 0
    assert lead.file.closed


def test_filters_and_the_chart_follow_each_other(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    window, page = open_page(make_window, demo_project, qtbot)
    finish_intervals(page, qtbot)
    page.update_chart()
    assert [r.name for r in page.chart.rows] == page.proxy.names() and len(page.chart.rows) == 34
    page.filters.group_box.setCurrentIndex(page.filters.group_box.findText("Motivations"))
    page.update_chart()
    names = [r.name for r in page.chart.rows]
    assert names[0] == "motivations=1" and all(
        page.snapshot.codebook.get(n.split("=")[0]).group == "Motivations" for n in names
    )  # type: ignore[union-attr]
    page.filters.status_box.setCurrentIndex(page.filters.status_box.findText("unreliable"))
    assert {page.proxy.index(r, STATUS).data() for r in range(page.proxy.rowCount())} == {"unreliable"}
    page.filters.group_box.setCurrentIndex(0)
    page.filters.status_box.setCurrentIndex(page.filters.status_box.findText(NOT_RELIABLE))
    assert "reliable" not in {page.proxy.index(r, STATUS).data() for r in range(page.proxy.rowCount())}
    page.filters.status_box.setCurrentIndex(0)
    page.filters.search.setText("MOTIV")
    lines = page.snapshot.report.variables  # type: ignore[union-attr]
    assert page.proxy.rowCount() == sum(1 for v in lines if "motiv" in (v.name + v.label).casefold()) >= 10
    page.filters.search.clear()
    # sorting by alpha puts undefined last when descending; the chart takes the table's order
    page.table.sortByColumn(ALPHA, Qt.SortOrder.DescendingOrder)
    page.update_chart()
    alphas = [r.alpha for r in page.chart.rows]
    assert alphas[-1] is None and all(a >= b for a, b in pairwise(alphas[:-1]))  # type: ignore[operator]
    # a click on a row of the chart selects that line in the table and the detail
    page.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    target = page.chart.rows[5].name
    point = page.chart.chart().mapToPosition(QPointF(0.5, 5), page.chart.points["reliable"])
    qtbot.mouseClick(page.chart.viewport(), Qt.MouseButton.LeftButton, pos=page.chart.mapFromScene(point))
    assert page.selected_name() == target and page.chart.selected_name() == target
    page.chart.setFocus()
    qtbot.keyClick(page.chart, Qt.Key.Key_Down)  # and by keyboard
    assert page.selected_name() == page.chart.rows[6].name == page.chart.selected_name()
    window.close()


def test_the_chart_is_saved_as_png_and_svg(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, tmp_path: Path, prompter: ScriptedPrompter
) -> None:
    window, page = open_page(make_window, demo_project, qtbot)
    finish_intervals(page, qtbot)
    png = page.export(tmp_path / "alpha.png")
    svg = page.export(tmp_path / "alpha.svg")
    assert png is not None and svg is not None
    assert png.stat().st_size > 10_000 and svg.stat().st_size > 10_000
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= 900 * 2 and image.height() >= 34 * 20 * 2
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "motivations=10" in text
    # through the action: the person names the file; an existing file is replaced only if they agree
    prompter.new_file = tmp_path / "chosen.svg"
    page.export_action.trigger()
    assert prompter.last()[2].endswith("demo-reliability.json")  # the suggested name
    assert (tmp_path / "chosen.svg").stat().st_size > 0
    save_png = next(
        b for b in page.charts.findChildren(QAbstractButton) if b.accessibleName() == "Save chart as PNG"
    )
    prompter.new_file = tmp_path / "button"  # no suffix: the button's kind is added
    qtbot.mouseClick(save_png, Qt.MouseButton.LeftButton)
    assert prompter.last()[2].endswith("demo-reliability.png")
    assert QImage(str(tmp_path / "button.png")).width() >= 1800
    prompter.answer = False
    size = png.stat().st_size
    png.write_bytes(b"keep")
    prompter.new_file = png
    page.export_action.trigger()
    assert png.read_bytes() == b"keep" and size > 4
    window.close()


def test_a_change_to_the_data_refreshes_the_page(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window, page = open_page(make_window, demo_project, qtbot)
    finish_intervals(page, qtbot)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page.select("gender")
    row = page.model.row_of("gender")
    assert page.model.cell(row, ALPHA) == "1.000"
    project = lead.session.project
    gender = project.codebook.get("gender")
    assert gender is not None
    lena = next(c for c in project.coders() if c.name == "Lena")
    document = project.documents()[0]
    value = next(
        c.code
        for c in gender.choices
        if c.code != coding.value(project, lena.uuid, document.uuid, gender.uuid)
    )
    assert lead.session.write(
        MERGE, lambda: coding.set_value(project, lena.uuid, document.uuid, gender.uuid, value)
    )
    qtbot.waitUntil(
        lambda: page.intervals_complete() and page.model.cell(page.model.row_of("gender"), ALPHA) != "1.000",
        timeout=20_000,
    )
    expected = core_report(demo_project)
    gender_line = next(v for v in expected.variables if v.name == "gender")
    assert page.model.row(page.model.row_of("gender")).line.alpha == gender_line.alpha
    assert page.model.intervals()["gender"].ci95 == gender_line.ci95  # type: ignore[union-attr]
    assert page.selected_name() == "gender"  # the lead's place is kept
    assert page.detail.report_line is not None and page.detail.report_line.alpha == gender_line.alpha
    window.close()


def test_every_control_is_named_and_reachable_by_keyboard(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window, page = open_page(make_window, demo_project, qtbot)
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractItemView, QChartView, QTabWidget)
    controls = [
        w
        for kind in kinds
        for w in page.findChildren(kind)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus  # Qt's own parts: clear buttons, corner buttons
        and w.window() is window  # not a combo box's popup list
        and not isinstance(w, QHeaderView)
    ]
    assert len(controls) >= 14
    assert unnamed(page) == []  # as a screen reader sees them (the workspace's own check)
    for control in controls:
        assert control.accessibleName(), f"{type(control).__name__} {control.objectName()} has no name"
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.accessibleName()
    # Alt+letter mnemonics: none clashes with another on the page or with the menu bar
    texts = [b.text() for b in page.findChildren(QAbstractButton)]
    texts += [label.text() for label in page.findChildren(QLabel) if label.buddy() is not None]
    texts += [page.tabs.tabText(i) for i in range(page.tabs.count())]
    texts += [a.text() for a in window.menuBar().actions()]
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t[:-1]]
    assert len(keys) >= 12 and len(keys) == len(set(keys)), sorted(keys)
    # status is a word and a shape besides a colour
    statuses = {page.model.row(r).line.status for r in range(page.model.rowCount())}
    assert statuses == {"reliable", "tentative", "unreliable", "undefined"}
    shapes = {s.markerShape() for s in page.chart.points.values()}
    assert len(shapes) == 3
    window.close()


def test_a_tall_chart_keeps_every_name_on_its_own_line(qtbot: QtBot) -> None:
    chart = AlphaChart()
    qtbot.addWidget(chart)
    rows = [
        ChartRow(f"variable_with_a_long_name_{i:03d}", 0.5 + i / 400, (0.3, 0.9), "unreliable")
        for i in range(150)
    ]
    chart.set_rows(rows, "150 variables")
    chart.resize(900, chart.minimumHeight())
    chart.show()
    qtbot.waitExposed(chart)
    line = chart.fontMetrics().height()
    ys = [chart.chart().mapToPosition(QPointF(0.5, i), chart.points["reliable"]).y() for i in range(150)]
    assert min(b - a for a, b in pairwise(ys)) >= line  # names never overlap
    plot = chart.chart().plotArea()
    assert plot.left() >= chart.fontMetrics().horizontalAdvance(rows[0].name)  # nor run into the plot


def test_models_pass_the_model_tester(qtmodeltester, demo_project: Path) -> None:  # type: ignore[no-untyped-def]
    report = core_report(demo_project, bootstrap=0)
    table = ReliabilityTableModel()
    qtmodeltester.check(table)
    table.set_rows([Row(v, "g") for v in report.variables])
    table.set_intervals([("country", Interval((1.0, 1.0), {"0.667": 0.0, "0.8": 0.0})), ("gender", None)])
    qtmodeltester.check(table)
    proxy = ReliabilityFilter()
    proxy.setSourceModel(table)
    proxy.set_statuses(["unreliable"])
    proxy.sort(ALPHA, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    coders = list(report.coders)
    matrix = CoderMatrixModel()
    qtmodeltester.check(matrix)
    matrix.set_pairs(coders, report.pairwise["role"])
    matrix.set_pairs(coders, [*report.pairwise["role"], PairwiseRow(("Amira", "Tess"), None, 0)])
    qtmodeltester.check(matrix)
    loo = LeaveOneOutModel()
    qtmodeltester.check(loo)
    loo.set_rows(coders, report.leave_one_out["role"], report.variables[0].alpha)
    qtmodeltester.check(loo)
    coincidences = CoincidenceModel()
    qtmodeltester.check(coincidences)
    from ictool.core.reliability.alpha import compute_alpha
    from ictool.core.reliability.diagnostics import coincidence_matrix
    from ictool.core.reliability.from_project import project_input

    with Project.open(demo_project, readonly=True) as p:
        line = project_input(p).line("role")
    assert line is not None and line.data is not None
    cm = coincidence_matrix(compute_alpha(line.data))
    assert cm is not None
    coincidences.set_matrix(cm, [str(v) for v in cm.values])
    qtmodeltester.check(coincidences)
