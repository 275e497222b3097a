"""Reconcile on a small window with four coders, two of them with Arabic names: every coder's card is
on screen (cards wrap, they do not scroll sideways), the queue keeps its Final value column in view,
composed lines stay left to right with their Arabic pieces isolated, and an empty filter result says
so on both sides."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ictool.core import coding
from ictool.core.coding import ValueChange
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.gui.bidi import isolate
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.reconcile.item_panel import NOTHING_MATCHES
from ictool.gui.lead.reconcile.queue_model import DOCUMENT, FINAL, VALUES, VARIABLE
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow
from tests.gui.lead_reliability_data import _truth, _value, codebook
from tests.gui.test_lead_reconcile import open_reconcile

ARABIC_NAMES = ["أمينة", "Jonas", "ليلى", "Tess", "Sophie-Charlotte", "خديجة"]


def arabic_project(path: Path, coders: int) -> Path:
    """Documents with Arabic ids and ``coders`` coders who often disagree (``lead_reliability_data``)."""
    rng = random.Random(5)
    folder = path.parent / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(6):
        (folder / f"مقابلة-{d:03d}.txt").write_text(f"مقابلة رقم {d}\n\nنص المقابلة.\n", encoding="utf-8")
    with Project.create(path, codebook(6), title="دراسة", actor="lead") as p:
        import_documents(p, [folder])
        add_coders(p, ARABIC_NAMES[:coders])
        assign(p)
        people = [c.uuid for c in p.coders()]
        changes = []
        for var in p.codebook:
            for doc in p.documents():
                truth = _truth(var, rng)
                for coder in people:
                    value = _value(var, truth, rng.random() < 0.5, rng)
                    changes.append(ValueChange(coder, doc.uuid, var.uuid, value))  # type: ignore[arg-type]
        coding.apply(p, changes, origin="imported")
    return path


def fully_visible(widget: QWidget) -> bool:
    """Nothing of ``widget`` is clipped by the scroll areas and splitters it sits in."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == QRect(
        0, 0, widget.width(), widget.height()
    )


def small_page(make_window: MakeWindow, path: Path, qtbot: QtBot) -> tuple[MainWindow, ReconcilePage]:
    window = make_window()
    window.resize(1024, 700)
    assert window.open_file(path)
    _lead, page = open_reconcile(window, qtbot)
    qtbot.wait(50)  # the cards are arranged once their labels know their width
    return window, page


@pytest.mark.parametrize("coders", [4, 6])
def test_every_coders_card_is_on_screen_at_1024_by_700(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot, coders: int
) -> None:
    window, page = small_page(make_window, arabic_project(tmp_path / "p.ictool", coders), qtbot)
    assert page.proxy.rowCount() > 0
    page.select_row(0)
    qtbot.wait(50)
    cards = page.comparison.shown_columns()
    assert len(cards) == coders
    for card in cards:  # name, value and "Use" button of each coder, none scrolled out of view
        if coders > 4 and not fully_visible(card):
            # Six coders' cards do not all fit beside the decision and the transcript at 1024x700:
            # the last row is a scroll away (the window is never made taller for them).
            page.comparison.ensureWidgetVisible(card)
            qtbot.wait(1)
        assert fully_visible(card), f"card {card.position} is cut off: {card.visibleRegion().boundingRect()}"
    assert window.size().toTuple() == (1024, 700)
    assert page.comparison.per_row < coders  # they wrapped rather than shrank to nothing
    assert not page.comparison.horizontalScrollBar().isVisible()


def test_the_queue_keeps_final_value_in_view_and_gives_the_variable_the_room(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    _window, page = small_page(make_window, arabic_project(tmp_path / "p.ictool", 4), qtbot)
    table = page.table
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    right = header.sectionViewportPosition(FINAL) + header.sectionSize(FINAL)
    assert right <= table.viewport().width()
    assert header.sectionSize(VARIABLE) >= max(header.sectionSize(c) for c in (DOCUMENT, VALUES, FINAL))
    assert header.sectionSize(VARIABLE) >= table.fontMetrics().averageCharWidth() * 16
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle  # "…_item_000" keeps its end


def test_composed_lines_stay_left_to_right_with_arabic_pieces_isolated(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    _window, page = small_page(make_window, arabic_project(tmp_path / "p.ictool", 4), qtbot)
    item = page.proxy.item(0)
    page.select_row(0)
    heading = page.panel.heading.text()
    assert 'dir="ltr"' in heading and isolate(item.document) in heading
    assert heading.index(isolate(item.document)) < heading.index(isolate(item.variable.name))
    assert page.panel.heading.layoutDirection() == Qt.LayoutDirection.LeftToRight
    for card, value in zip(page.comparison.shown_columns(), item.values, strict=True):
        text = card.coder.text()
        assert isolate(value.coder) in text and 'dir="ltr"' in text
        assert text.index(f"<b>{card.position}</b>") < text.index(isolate(value.coder))  # key first
    assert isolate(item.document) in page.panel.transcript_label.text()


def test_an_empty_filter_result_says_so_instead_of_a_blank_page(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    _window, page = small_page(make_window, arabic_project(tmp_path / "p.ictool", 4), qtbot)
    status = page.filter_bar.status
    status.setCurrentIndex(status.findText("Resolved"))  # nothing is resolved yet
    assert page.proxy.rowCount() == 0 and page.model.rowCount() > 0
    assert page.empty.isVisible() and page.show_all.isVisible()
    assert page.panel.nothing.isVisible() and page.panel.nothing.text() == NOTHING_MATCHES
    assert not page.queue.queue_label.isVisible()  # no "Queue:" over a sentence
    page.show_all.click()
    assert page.proxy.rowCount() > 0 and page.queue.queue_label.isVisible()


def test_a_coder_without_quote_or_memo_takes_one_line_for_both(
    make_window: MakeWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    """On a small window every line of a card is a line less of the transcript."""
    _window, page = small_page(make_window, arabic_project(tmp_path / "p.ictool", 4), qtbot)
    page.select_row(0)
    qtbot.wait(50)
    for card in page.comparison.shown_columns():
        assert "No quote, no memo." in card.quotes.text()
        assert not card.memo.isVisible()


# -- the window keeps its size ---------------------------------------------------------------------


def test_stepping_through_the_demo_queue_never_resizes_the_window(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    """Items with many coders' options (multi-select) once pushed the window past the screen's
    height, and the page's minimum width past the other pages'; the page must fit the window instead,
    its cards and final-value choices scrolling inside it."""
    window = make_window()
    window.resize(1024, 700)
    assert window.open_file(demo_project)
    qtbot.wait(50)
    before = window.minimumSizeHint()
    _lead, page = open_reconcile(window, qtbot)
    size = window.size()
    assert size.toTuple() == (1024, 700)
    multi = 0
    for row in range(page.proxy.rowCount()):
        page.select_row(row)
        qtbot.wait(1)  # the cards are arranged again from the event loop
        item = page.proxy.item(row)
        multi += int(isinstance(item.values[0].value, tuple))
        assert window.size() == size, f"row {row} ({item.document} {item.variable.name}) resized the window"
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 700, f"row {row}: minimum {hint.toTuple()}"
        assert hint.width() <= before.width(), "Reconcile raised the window's minimum width"
    assert multi > 0  # the demo has multi-select items: the case that grew the window most


def test_a_multi_select_item_scrolls_its_cards_and_choices_inside_the_page(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.resize(1024, 700)
    assert window.open_file(demo_project)
    _lead, page = open_reconcile(window, qtbot)

    def options(row: int) -> int:
        return sum(len(v.value) if isinstance(v.value, tuple) else 1 for v in page.proxy.item(row).values)

    rows = [r for r in range(page.proxy.rowCount()) if page.proxy.item(r).variable.name == "motivations"]
    page.select_row(max(rows, key=options))
    qtbot.wait(50)
    assert window.size().toTuple() == (1024, 700)
    # The transcript keeps room to read in: some lines, not a sliver.
    assert page.transcript.height() >= page.transcript.fontMetrics().height() * 4
    # Eleven options do not fit beside the cards: they scroll, and the last one is a scroll away.
    choices, editor = page.decision.choices, page.decision.editor
    assert editor is not None and choices.holder.isAncestorOf(editor)
    assert choices.verticalScrollBar().isVisible() and choices.verticalScrollBar().maximum() > 0
    assert choices.height() >= choices.fontMetrics().lineSpacing() * 4  # a few options in view
    # Each card is as tall as its own content, not stretched to the tallest card of its row.
    cards = page.comparison.shown_columns()
    for card in cards:
        assert card.height() <= card.heightForWidth(card.width()) + 1, f"card {card.position} stretched"
    assert len({card.height() for card in cards}) > 1
    # Cards that do not fit scroll inside their area.
    assert page.comparison.verticalScrollBar().maximum() > 0


def test_a_multi_select_value_reads_as_words_in_the_queue_and_whole_in_its_tooltip(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.resize(1366, 768)
    assert window.open_file(demo_project)
    _lead, page = open_reconcile(window, qtbot)
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.item(r).variable.name == "motivations")
    item = page.proxy.item(row)
    index = page.proxy.index(row, VALUES)
    cell = index.data()
    assert "|" not in cell
    first = item.values[0].value
    assert isinstance(first, tuple) and len(first) > 1
    words = cell.split(" · ")[0].split("+")
    assert len(words) == len(first)  # a word per option, in the coder's order
    for code, word in zip(first, words, strict=True):
        assert item.variable.label_of(code).startswith(word.rstrip("…"))
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    for value in item.values:  # each coder by name, each option by its whole label
        line = next(t for t in tip.splitlines() if isolate(value.coder) in t)
        assert all(item.variable.label_of(c) in line for c in value.value)  # type: ignore[union-attr]
