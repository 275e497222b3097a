"""Pages of the lead's workspace that read the project in a worker (``lead.page_read``): they say they
are reading instead of showing an empty table, keep what they showed while reading again, show the
newest read when a refresh comes during a refresh, and stop reading when they go.

A read is held back with a ``Gate``: the real job runs, then waits for the test to open the gate, so
the order in which reads end is the test's, not the thread pool's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ictool.core.codebook.export import codebook_to_rows
from ictool.core.project import Project
from ictool.core.reconcile import disagreements, set_resolution
from ictool.gui.lead import codebook_update_dialog
from ictool.gui.lead.pages import reconcile as reconcile_module
from ictool.gui.lead.pages import team as team_module
from ictool.gui.lead.pages.codebook import CodebookPage
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.reconcile.queue_view import READING
from ictool.gui.lead.session import MERGE
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from ictool.gui.workers import Job, JobControl
from tests.gui.conftest import MakeWindow
from tests.gui.lead_reads import read
from tests.gui.test_lead_codebook import write_rows


class Gate:
    """Wraps a job factory: the first ``held`` jobs read, then wait for ``open`` (or Cancel) to return."""

    def __init__(self, make: Callable[..., Job[Any]], held: int = 1) -> None:
        self._make = make
        self._held = held
        self._open = threading.Event()
        self.ended = threading.Event()  # a held job has returned (or seen Cancel)
        self.cancelled = threading.Event()

    def open(self) -> None:
        self._open.set()

    def __call__(self, *args: Any) -> Job[Any]:
        job = self._make(*args)
        if self._held <= 0:
            return job
        self._held -= 1

        def run(control: JobControl) -> Any:
            try:
                result = job(control)
                while not self._open.wait(0.01):
                    control.check()
                return result
            finally:
                if control.is_cancelled():  # seen by the real job or by the wait here
                    self.cancelled.set()
                self.ended.set()

        return run


def lead_of(window: MainWindow) -> LeadWorkspace:
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    return lead


def coders_shown(page: TeamPage) -> list[str]:
    return [page.model.cell(r, 0) for r in range(page.model.rowCount())]


def test_the_team_page_says_it_is_reading_then_shows_the_coders(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(team_module.team_read_job)
    monkeypatch.setattr(team_module, "team_read_job", gate)
    window = make_window()
    assert window.open_file(demo_project)
    page = lead_of(window).view.page(TeamPage)
    assert isinstance(page, TeamPage)
    qtbot.waitUntil(page.isVisible)  # a new central widget is shown from the event loop
    assert page.summary.text() == "Reading the project…" and page.reading_note.isVisible()
    assert page.table.isHidden() and page.empty.isHidden()  # not an empty table that looks like "no coders"
    assert not page.hand_out_action.isEnabled()
    gate.open()
    read(qtbot, page)
    with Project.open(demo_project, readonly=True) as p:
        coders = [c.name for c in p.coders()]
        documents = len(p.documents())
    assert coders_shown(page) == coders and page.table.isVisible()
    assert page.summary.text().startswith(f"{documents} documents")
    assert page.hand_out_action.isEnabled()


def test_a_team_refresh_during_a_refresh_shows_the_newest(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    page = lead_of(window).view.page(TeamPage)
    assert isinstance(page, TeamPage)
    read(qtbot, page)
    before = coders_shown(page)
    gate = Gate(team_module.team_read_job)
    monkeypatch.setattr(team_module, "team_read_job", gate)
    page.refresh()  # reads the coders as they are, then is held
    qtbot.waitUntil(lambda: page.reading_note.isVisible())
    assert coders_shown(page) == before  # what was shown stays while reading again
    assert page.add_coders(["Zoe"])  # a change, and so a second read, which is not held
    read(qtbot, page)
    assert coders_shown(page) == [*before, "Zoe"]
    gate.open()
    qtbot.waitUntil(gate.ended.is_set)
    qtbot.wait(50)  # let the older read's outcome reach the GUI thread: it must be dropped
    assert coders_shown(page) == [*before, "Zoe"] and not page.is_reading()


def reconcile_page(window: MainWindow) -> ReconcilePage:
    lead = lead_of(window)
    page = lead.view.page(ReconcilePage)
    assert isinstance(page, ReconcilePage)
    lead.view.show_page(lead.view.pages.index(page))
    return page


def test_the_queue_says_it_is_reading_then_arrives_and_a_newer_read_wins(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(reconcile_module.queue_job, held=2)
    monkeypatch.setattr(reconcile_module, "queue_job", gate)
    window = make_window()
    assert window.open_file(demo_project)
    page = reconcile_page(window)
    qtbot.waitUntil(page.isVisible)
    assert page.empty.isVisible() and page.empty.text() == READING  # not "No disagreements"
    assert page.reading_note.isVisible() and not page.resolve_action.isEnabled()
    gate.open()
    read(qtbot, page)
    with Project.open(demo_project, readonly=True) as p:
        core = disagreements(p)
    assert page.model.rowCount() == len(core) and page.model.resolved == 0
    assert page.table.isVisible() and page.resolve_action.isEnabled()

    # A refresh held back, then a change made elsewhere and a second refresh: the second one shows.
    gate = Gate(reconcile_module.queue_job)
    monkeypatch.setattr(reconcile_module, "queue_job", gate)
    lead_of(window).session.external_change(MERGE)
    qtbot.waitUntil(lambda: page.reading_note.isVisible())
    assert page.model.rowCount() == len(core)  # the queue shown stays readable
    assert not page.resolve_action.isEnabled()  # a write would wait for the read
    first = core[0]
    with Project.open(demo_project, actor="elsewhere") as p:
        set_resolution(p, first.document_uuid, first.variable.uuid, first.values[0].value, "merged in")
    lead_of(window).session.external_change(MERGE)
    read(qtbot, page)
    assert page.model.resolved == 1
    gate.open()
    qtbot.waitUntil(gate.ended.is_set)
    qtbot.wait(50)
    assert page.model.resolved == 1 and page.resolve_action.isEnabled()


def reconcile_held(
    make_window: MakeWindow, project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> tuple[MainWindow, ReconcilePage, Gate]:
    """``project`` open on the Reconcile page, its queue's first read held at the gate."""
    gate = Gate(reconcile_module.queue_job)
    monkeypatch.setattr(reconcile_module, "queue_job", gate)
    window = make_window()
    assert window.open_file(project)
    page = reconcile_page(window)
    qtbot.waitUntil(page.isVisible)
    return window, page, gate


def test_a_read_is_stopped_when_the_page_is_left_and_read_again_when_shown(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page, gate = reconcile_held(make_window, demo_project, qtbot, monkeypatch)
    lead_of(window).view.show_page(0)  # leaves while the queue is read
    assert gate.ended.is_set() and gate.cancelled.is_set()  # stopped, and waited for
    assert not page.is_reading()
    reconcile_page(window)
    read(qtbot, page)  # read again (the gate holds only the first)
    assert page.model.rowCount() > 0


def test_closing_the_file_stops_a_read(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _page, gate = reconcile_held(make_window, demo_project, qtbot, monkeypatch)
    assert window.close_file()
    qtbot.waitUntil(gate.ended.is_set)
    assert gate.cancelled.is_set()


def test_the_codebook_preview_reads_in_the_background_and_read_again_wins(
    make_window: MakeWindow, demo_project: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate(codebook_update_dialog.preview_job)
    monkeypatch.setattr("ictool.gui.lead.pages.codebook.preview_job", gate)
    window = make_window()
    assert window.open_file(demo_project)
    lead = lead_of(window)
    page = lead.view.page(CodebookPage)
    assert isinstance(page, CodebookPage)
    lead.view.show_page(lead.view.pages.index(page))
    rows = codebook_to_rows(lead.project.codebook)
    rows[1]["label"] = "First label"
    sheet = write_rows(tmp_path / "edited.csv", rows)
    dialog = page.preview_sheet(sheet)  # held: reads "First label"
    assert dialog.is_reading() and "Reading edited.csv" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()
    rows[1]["label"] = "Second label"
    write_rows(sheet, rows)
    dialog.again_button.click()
    qtbot.waitUntil(lambda: not dialog.is_reading())
    gate.open()
    qtbot.waitUntil(gate.ended.is_set)
    qtbot.wait(50)
    lines = [dialog.change_list.item(i).text() for i in range(dialog.change_list.count())]
    assert len(lines) == 1 and "Second label" in lines[0]
    assert dialog.apply_button.isEnabled()
    dialog.reject()


def test_sorting_and_filtering_keep_the_current_item(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """The queue's proxy maps rows itself: the selection follows a sort, and a filter keeps it if shown."""
    window = make_window()
    assert window.open_file(demo_project)
    page = reconcile_page(window)
    read(qtbot, page)
    page.select_row(5)
    chosen = page.proxy.item(5)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # by document, last first
    current = page.table.selectionModel().currentIndex()
    assert current.isValid() and page.proxy.item(current.row()) == chosen
    assert (
        page.proxy.item(0).document_position >= page.proxy.item(page.proxy.rowCount() - 1).document_position
    )
    page.filter_bar.variable.setCurrentIndex(page.filter_bar.variable.findData(chosen.variable.uuid))
    current = page.table.selectionModel().currentIndex()
    assert page.proxy.item(current.row()) == chosen
    assert all(page.proxy.item(r).variable.uuid == chosen.variable.uuid for r in range(page.proxy.rowCount()))


def test_show_all_filters_the_queue_once(make_window: MakeWindow, demo_project: Path, qtbot: QtBot) -> None:
    """Clearing two filters is one change: a 200,000-item queue is filtered once, not per list."""
    window = make_window()
    assert window.open_file(demo_project)
    page = reconcile_page(window)
    read(qtbot, page)
    total = page.proxy.rowCount()
    bar = page.filter_bar
    bar.variable.setCurrentIndex(1)
    bar.status.setCurrentIndex(1)
    changes: list[None] = []
    bar.changed.connect(lambda: changes.append(None))
    bar.reset()
    assert len(changes) == 1 and page.proxy.rowCount() == total
    bar.reset()  # nothing to clear: no change at all
    assert len(changes) == 1
