"""The lead's Reconcile page: the core's queue in a model that filters 20,000 items, every coder's
value with quotes and memo, and resolutions made by keyboard alone, undone through the session."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from ictool.core.codebook.model import Category, Level, Variable
from ictool.core.project import Project
from ictool.core.reconcile import CoderValue, Disagreement, Quote, disagreements, get_resolution
from ictool.core.reconcile.resolutions import Resolution
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.gui.bidi import isolate
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.reconcile.queue_filter import RESOLVED, UNRESOLVED, Filters, QueueFilter
from ictool.gui.lead.reconcile.queue_model import (
    FINAL,
    MISSING_MARK,
    UNRESOLVED_TEXT,
    VALUES,
    ItemRole,
    QueueModel,
    item_key,
)
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.conftest import make_codebook, write_transcripts
from tests.gui.conftest import MakeWindow, ScriptedPrompter
from tests.gui.lead_reads import read
from tests.gui.test_lead_accessibility import unnamed

CTRL, ALT, SHIFT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


def open_reconcile(window: MainWindow, qtbot: QtBot) -> tuple[LeadWorkspace, ReconcilePage]:
    """Go to the page by its key (Ctrl+4), as the lead would."""
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    page = lead.view.page(ReconcilePage)
    assert isinstance(page, ReconcilePage)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert lead.view.current is page
    qtbot.waitUntil(page.isVisible)  # a new central widget is shown from the event loop
    read(qtbot, page)  # the queue is read in a worker
    return lead, page


def keys(qtbot: QtBot, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, *names: str) -> None:
    """Type keys at whatever has the focus (the lead's hands on the keyboard)."""
    for name in names:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        if len(name) == 1:
            qtbot.keyClick(widget, name, modifier)
        else:
            qtbot.keyClick(widget, getattr(Qt.Key, f"Key_{name}"), modifier)


def sample_items(n: int) -> list[Disagreement]:
    """``n`` queue items over 30 variables in 3 groups, 1,000 documents and 4 coders; every 3rd resolved."""
    choices = tuple(Category(c, f"option {c}") for c in range(1, 6))
    variables = [Variable(f"v{i:02d}", Level.NOMINAL, group=f"G{i % 3}", choices=choices) for i in range(30)]
    coders = [(f"coder{c}", f"uuid-c{c}") for c in range(4)]
    items = []
    for i in range(n):
        var = variables[i % 30]
        doc = i // 30
        coding = [c for j, c in enumerate(coders) if (i + j) % 4 != 0][:3]
        values = tuple(CoderValue(name, uuid, 1 + (i + k) % 5) for k, (name, uuid) in enumerate(coding))
        res = (
            Resolution(f"doc{doc}", var.uuid, 1, "", "lead", "2025-01-01T00:00:00+00:00")
            if i % 3 == 0
            else None
        )
        quotes = (Quote(coding[0][0], "a quote", 0, 7),)
        items.append(Disagreement(f"doc{doc}", f"D-{doc:04d}", doc, var, i % 30, values, quotes, (), res))
    return items


# -- the models ----------------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester, demo_project: Path) -> None:  # type: ignore[no-untyped-def]
    with Project.open(demo_project, readonly=True) as p:
        items = disagreements(p)
    model = QueueModel()
    qtmodeltester.check(model)  # empty
    model.set_items(items)
    qtmodeltester.check(model)
    proxy = QueueFilter(model)
    proxy.set_filters(Filters(status=UNRESOLVED, variable=items[0].variable.uuid))
    qtmodeltester.check(proxy)
    proxy.sort(FINAL, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    assert model.index(0, FINAL).data() == UNRESOLVED_TEXT
    assert isinstance(model.index(0, 0).data(ItemRole), Disagreement)


def test_a_20000_item_queue_filters_and_sorts_at_once(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    items = sample_items(20_000)
    model = QueueModel()
    model.set_items(items)
    proxy = QueueFilter(model)
    cases = [
        Filters(variable=items[7].variable.uuid),
        Filters(group="G1"),
        Filters(document="doc42"),
        Filters(coder="uuid-c2"),
        Filters(status=UNRESOLVED),
        Filters(status=RESOLVED, group="G2", coder="uuid-c0"),
        Filters(),
    ]
    slowest = 0.0
    for filters in cases:
        started = time.perf_counter()
        proxy.set_filters(filters)
        shown = proxy.rowCount()
        slowest = max(slowest, time.perf_counter() - started)
        assert shown == sum(1 for d in items if filters.accepts(d)), filters
    started = time.perf_counter()
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    sorting = time.perf_counter() - started
    assert proxy.item(0).document == "D-0666"  # the last document first
    print(f"20,000 items: slowest filter {slowest * 1000:.0f} ms, sort {sorting * 1000:.0f} ms")
    assert slowest < 1.0 and sorting < 1.0  # generous: a stall is seconds; the figures print above
    proxy.set_filters(Filters(document="doc3"))
    qtmodeltester.check(proxy)


def test_a_resolution_replaces_its_item_and_leaves_an_unresolved_filter() -> None:
    items = sample_items(60)
    model = QueueModel()
    model.set_items(items)
    proxy = QueueFilter(model)
    proxy.set_filters(Filters(status=UNRESOLVED))
    before = proxy.rowCount()
    target = next(d for d in items if d.resolution is None)
    res = Resolution(
        target.document_uuid, target.variable.uuid, 2, "why", "lead", "2025-01-01T00:00:00+00:00"
    )
    assert model.replace(Disagreement(**{**target.__dict__, "resolution": res}))
    assert proxy.rowCount() == before - 1 and model.resolved == 21


# -- the page on the demo --------------------------------------------------------------------------


@pytest.fixture
def reconcile(make_window: MakeWindow, demo_project: Path, qtbot: QtBot) -> tuple[MainWindow, ReconcilePage]:
    window = make_window()
    assert window.open_file(demo_project)
    _lead, page = open_reconcile(window, qtbot)
    return window, page


def test_the_page_shows_the_core_queue_with_values_quotes_and_memos(
    reconcile: tuple[MainWindow, ReconcilePage], demo_project: Path
) -> None:
    _window, page = reconcile
    with Project.open(demo_project, readonly=True) as p:
        core = disagreements(p)
    assert page.model.rowCount() == len(core) and [item_key(d) for d in page.model.items()] == [
        item_key(d) for d in core
    ]
    assert page.progress.text() == f"0 of {len(core)} resolved"
    quoted = next(d for d in core if d.evidence and d.memos)
    assert page.select(item_key(quoted))
    columns = [c for c in page.comparison.columns if c.isVisible()]
    assert len(columns) == len(quoted.values)
    first = quoted.evidence[0]
    owner = next(c for c in columns if first.coder in c.coder.text())
    assert first.quote[:20] in owner.quotes.text()
    memo_coder, memo = quoted.memos[0]
    holder = next(c for c in columns if memo_coder in c.coder.text())
    assert memo.split()[0] in holder.memo.text()
    assert page.transcript.text_edit().toPlainText()[first.start : first.end] == first.quote
    page.show_quote(0)  # clicking a quote scrolls the transcript to it
    cursor = page.transcript.text_edit().textCursor()
    assert cursor.position() == first.start  # the demo's texts have no astral characters


def test_three_disagreements_resolved_by_keyboard_alone_are_in_the_export(
    reconcile: tuple[MainWindow, ReconcilePage],
    demo_project: Path,
    qtbot: QtBot,
    prompter: ScriptedPrompter,
    tmp_path: Path,
) -> None:
    _window, page = reconcile
    keys(qtbot, ALT, "Q")  # the queue; its first item is selected
    assert QApplication.focusWidget() is page.table
    first, second, third = (page.proxy.item(r) for r in range(3))
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "2")  # Jonas's value
    assert page.decision.is_draft()
    keys(qtbot, CTRL, "Return")
    assert page._item is not None and item_key(page._item) == item_key(second)  # moved on
    assert QApplication.focusWidget() is page.table
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "3")  # Lena's value, then a note
    keys(qtbot, ALT, "N")
    assert QApplication.focusWidget() is page.decision.note
    qtbot.keyClicks(page.decision.note, "R. says 11 years")
    keys(qtbot, CTRL, "Return")
    keys(qtbot, ALT, "V")  # another value than any coder's: the number field
    qtbot.keyClicks(QApplication.focusWidget(), "12")
    keys(qtbot, CTRL, "Return")
    with Project.open(demo_project, readonly=True) as p:
        got = [get_resolution(p, *item_key(d)) for d in (first, second, third)]
    assert [r.value if r else None for r in got] == [
        first.values[1].value,
        second.values[2].value,
        12,
    ]
    assert got[1] is not None and got[1].note == "R. says 11 years"
    assert page.progress.text().startswith("3 of ")
    assert page.model.resolved == 3

    prompter.new_file = tmp_path / "final.csv"
    keys(qtbot, CTRL | SHIFT, "E")
    dialog = page.export.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    keys(qtbot, ALT, "V")  # CSV
    qtbot.waitUntil(lambda: dialog.kind() == "csv")
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "Return")
    task = page.export.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.is_running(), timeout=30_000)
    with (tmp_path / "final.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["document"]: row for row in csv.DictReader(handle)}
    for item, value in zip((first, second, third), ("16", "10", "12"), strict=True):
        assert rows[item.document][item.variable.name] == value
    assert prompter.shown == [tmp_path / "final.csv"]


def test_a_digit_typed_in_the_note_is_text_and_other_pages_take_no_coder_keys(
    reconcile: tuple[MainWindow, ReconcilePage], qtbot: QtBot, demo_project: Path
) -> None:
    window, page = reconcile
    keys(qtbot, ALT, "N")
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "2")
    assert page.decision.note.text() == "2" and page.decision.value() is None
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert isinstance(lead.view.current, TeamPage)
    qtbot.keyClick(lead.view.current.table, Qt.Key.Key_1)
    qtbot.keyClick(lead.view.current.table, Qt.Key.Key_Return, CTRL)
    with Project.open(demo_project, readonly=True) as p:
        assert all(d.resolution is None for d in disagreements(p))
    assert not any(a.isEnabled() for a in page.take_actions)


def test_undo_and_redo_a_resolution_and_a_change_of_it(
    reconcile: tuple[MainWindow, ReconcilePage], demo_project: Path, qtbot: QtBot
) -> None:
    window, page = reconcile
    keys(qtbot, ALT, "Q")
    item = page.proxy.item(0)
    key = item_key(item)
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "1")
    keys(qtbot, ALT, "N")
    qtbot.keyClicks(page.decision.note, "first")
    keys(qtbot, CTRL, "Return")
    keys(qtbot, ALT, "Up")  # back to it: resolved items stay editable
    assert page._item is not None and item_key(page._item) == key
    assert page.decision.note.text() == "first"
    keys(qtbot, ALT, "Q")
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "3")
    keys(qtbot, CTRL, "Return")

    def stored() -> tuple[object, str] | None:
        with Project.open(demo_project, readonly=True) as p:
            r = get_resolution(p, *key)
        return None if r is None else (r.value, r.note)

    assert stored() == (item.values[2].value, "first")  # a changed value keeps the note
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored() == (item.values[0].value, "first")
    assert page._item is not None and item_key(page._item) == key  # the undone item is shown
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored() is None
    assert page.model.resolved == 0 and page.progress.text().startswith("0 of")
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored() == (item.values[0].value, "first")
    keys(qtbot, CTRL | SHIFT, "Delete")  # clear it
    assert stored() is None
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert stored() == (item.values[0].value, "first")


def test_filters_give_the_counts_the_core_gives(
    reconcile: tuple[MainWindow, ReconcilePage], demo_project: Path, qtbot: QtBot
) -> None:
    _window, page = reconcile
    bar = page.filter_bar
    with Project.open(demo_project, readonly=True) as p:
        every = disagreements(p)
        by_variable = len(disagreements(p, variable="motivations"))
        amira = p.coder("Lena").uuid
    by_coder = sum(1 for d in every if any(v.coder_uuid == amira for v in d.values))
    assert by_coder < len(every)  # Lena did not code everything
    variable = next(d.variable for d in every if d.variable.name == "motivations")
    bar.variable.setCurrentIndex(bar.variable.findData(variable.uuid))
    assert (
        page.proxy.rowCount() == by_variable and page.shown.text() == f"showing {by_variable} of {len(every)}"
    )
    bar.reset()
    bar.coder.setCurrentIndex(bar.coder.findData(amira))
    assert page.proxy.rowCount() == by_coder
    bar.reset()
    keys(qtbot, ALT, "Q")
    keys(qtbot, CTRL, "Home")  # the first item, not the one selected while filtering
    assert page.proxy.item(0).variable.name != "motivations"
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "1")
    keys(qtbot, CTRL, "Return")
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "1")
    keys(qtbot, CTRL, "Return")
    bar.status.setCurrentIndex(bar.status.findData(UNRESOLVED))
    with Project.open(demo_project, readonly=True) as p:
        unresolved = len(disagreements(p, unresolved_only=True))
    assert unresolved == len(every) - 2 and page.proxy.rowCount() == unresolved
    bar.status.setCurrentIndex(bar.status.findData(RESOLVED))
    assert page.proxy.rowCount() == 2
    bar.variable.setCurrentIndex(bar.variable.findData(variable.uuid))  # none resolved there
    assert page.proxy.rowCount() == 0 and page.empty.isVisible() and page.show_all.isVisible()
    page.show_all.click()
    assert page.proxy.rowCount() == len(every)


def test_with_an_unresolved_filter_resolve_and_next_goes_to_the_next_unresolved(
    reconcile: tuple[MainWindow, ReconcilePage], qtbot: QtBot
) -> None:
    _window, page = reconcile
    page.filter_bar.status.setCurrentIndex(page.filter_bar.status.findData(UNRESOLVED))
    keys(qtbot, ALT, "Q")
    second = page.proxy.item(1)
    total = page.proxy.rowCount()
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "2")
    keys(qtbot, CTRL, "Return")
    assert page.proxy.rowCount() == total - 1
    assert page._item is not None and item_key(page._item) == item_key(second)


def test_a_draft_left_unsaved_is_dropped_and_said(
    reconcile: tuple[MainWindow, ReconcilePage], qtbot: QtBot
) -> None:
    window, page = reconcile
    keys(qtbot, ALT, "Q")
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "2")
    keys(qtbot, ALT, "Down")
    assert "Not saved" in window.statusBar().currentMessage()
    assert not page.decision.is_draft() and page.model.resolved == 0


def test_option_keys_in_the_final_value_pick_options_not_coders(
    reconcile: tuple[MainWindow, ReconcilePage], demo_project: Path, qtbot: QtBot
) -> None:
    _window, page = reconcile
    item = next(d for d in page.model.items() if d.variable.name == "family_knew")
    assert page.select(item_key(item))
    keys(qtbot, ALT, "V")
    keys(qtbot, Qt.KeyboardModifier.NoModifier, "2")
    assert page.decision.value() == item.variable.choices[1].code
    keys(qtbot, CTRL, "Return")
    with Project.open(demo_project, readonly=True) as p:
        res = get_resolution(p, *item_key(item))
    assert res is not None and res.value == item.variable.choices[1].code


def test_every_control_has_a_name_and_every_key_is_listed(
    reconcile: tuple[MainWindow, ReconcilePage],
) -> None:
    window, page = reconcile
    assert unnamed(page) == []
    rows = dict(window.shortcut_rows())
    assert rows["Resolve and next"].startswith("Ctrl+Return")
    assert rows["Next disagreement"] == "Alt+Down" and rows["Previous disagreement"] == "Alt+Up"
    assert rows["Take coder 1's value"] == "1"
    assert rows["Export"] == "Ctrl+Shift+E"
    assert rows["Undo resolution"] == "Ctrl+Z"


def test_an_empty_queue_says_why(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot, prompter: ScriptedPrompter
) -> None:
    path = tmp_path / "empty.ictool"
    with Project.create(path, make_codebook(), title="Nothing merged", actor="lead") as p:
        import_documents(p, write_transcripts(tmp_path / "docs", 3))
        add_coders(p, ["Amira", "Jonas"])
        assign(p)
    window = make_window()
    assert window.open_file(path)
    _lead, page = open_reconcile(window, qtbot)
    assert page.model.rowCount() == 0 and page.empty.isVisible()
    assert "No disagreements" in page.empty.text() and not page.show_all.isVisible()
    assert page.progress.text() == "nothing to resolve"
    assert not page.resolve_action.isEnabled()
    visible = [w for w in page.findChildren(QWidget) if w.isVisible()]
    assert page.nothing in visible and page.right not in visible


def test_the_values_cell_names_each_coder_and_marks_missing_codes_as_the_card_does(
    reconcile: tuple[MainWindow, ReconcilePage], qtbot: QtBot
) -> None:
    """The tooltip says whose value is which, with code and label; a declared missing code reads
    "(missing code)" in the queue as on the coder's card; labels show where the column has room."""
    window, page = reconcile
    window.resize(1600, 1000)
    items = [page.proxy.item(r) for r in range(page.proxy.rowCount())]
    missing = next(
        i
        for i in items
        if i.variable.is_categorical and any(i.variable.is_missing_code(v.value) for v in i.values)
    )
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.item(r) is missing)
    index = page.proxy.index(row, VALUES)
    coder = next(v for v in missing.values if missing.variable.is_missing_code(v.value))
    code = missing.code(coder.value)
    assert f"{code} {MISSING_MARK}" in index.data()
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    for v in missing.values:
        label = f"{missing.code(v.value)} {missing.label(v.value)}"
        assert f"{isolate(v.coder)}: {label}" in tip
    assert f"{isolate(coder.coder)}: {code} {missing.label(coder.value)} {MISSING_MARK}" in tip
    page.select_row(row)
    card = next(c for c in page.comparison.shown_columns() if c.value.text().startswith(code))
    assert card.value.text().endswith(MISSING_MARK)
    # labels in a wide column, codes alone in a narrow one
    single = next(
        i
        for i in items
        if i.variable.kind.value == "single"
        and not any(i.variable.is_missing_code(v.value) for v in i.values)
    )
    first = single.values[0].value
    option = QStyleOptionViewItem()
    cell = page.proxy.index(
        next(r for r in range(page.proxy.rowCount()) if page.proxy.item(r) is single), VALUES
    )
    delegate = page.queue.values_cell
    option.rect = QRect(0, 0, 2000, 20)
    delegate.initStyleOption(option, cell)
    assert option.text.startswith(f"{single.code(first)} {single.label(first)[:4]}")
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 60, 20)
    delegate.initStyleOption(option, cell)
    assert option.text == " · ".join(single.code(v.value) for v in single.values)
