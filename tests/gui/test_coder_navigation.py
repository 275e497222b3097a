"""Issue 17: finding one's way — highlights, the filtered list, a long codebook, long labels (items 6, 7,
16, 18), driven by real key and mouse events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.project import Project
from ictool.core.records import Status
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
from tests.conftest import write_transcripts
from tests.gui.conftest import MakeWindow, coder_of
from tests.gui.test_workspace import select_quote

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


# -- 6. a click in a highlight does not move the current variable ------------------------------------


def test_a_click_inside_a_highlight_keeps_the_current_variable(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    gender, age = ws.session.codebook.get("gender"), ws.session.codebook.get("age_joining")
    assert gender is not None and age is not None
    doc = ws.current
    assert doc is not None
    text = ws.session.text(doc)
    first = text[20:60]
    select_quote(coder, first)
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_E, CTRL)
    ws.form.focus_variable(age.uuid)  # the coder now works on the age
    ws.notes.evidence.view.clearSelection()
    ws.notes.setCurrentIndex(1)
    edit = ws.transcript.text_edit()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(40)
    edit.setTextCursor(cursor)  # no selection; the click below is inside the gender quote
    point = edit.cursorRect(cursor).center()
    qtbot.mouseClick(edit.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert ws.form.current_variable() == age.uuid
    assert ws.notes.currentIndex() == 0  # the click showed its quote in the list
    assert ws.notes.evidence.view.selectionModel().isRowSelected(0)
    select_quote(coder, text[120:150])
    qtbot.keyClick(edit, Qt.Key.Key_E, CTRL)
    attached = {e.quote: e.variable_uuid for e in ws.session.evidence(doc)}
    assert attached == {first: gender.uuid, text[120:150]: age.uuid}


# -- 7. the filtered list keeps the shown document ---------------------------------------------------


def test_coding_the_shown_document_in_a_filtered_list_keeps_it_shown_and_highlighted(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    panel = ws.documents
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    total = panel.model.rowCount()
    panel.filter.setCurrentIndex(1)  # Not started
    shown = ws.current
    assert shown is not None and panel.proxy.rowCount() == total
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)  # now in progress: no longer "not started"
    assert ws.session.status(shown) is Status.IN_PROGRESS
    assert panel.proxy.rowCount() == total  # still listed while it is the one shown
    assert panel.current_document() == shown == ws.current
    qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)
    assert ws.current != shown and panel.current_document() == ws.current
    assert panel.proxy.rowCount() == total - 1  # left behind, it drops out of the filter
    # Keys in the list: Down highlights and opens the next; Enter on the highlighted one opens it.
    panel.focus_list()
    second = ws.current
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    third = ws.current
    assert third != second and panel.current_document() == third
    panel.select(second, emit=False)  # the highlight elsewhere than what is shown…
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)  # …Enter opens what is highlighted
    assert ws.current == second
    panel.select(third, emit=False)
    rect = panel.view.visualRect(panel.view.currentIndex())
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ws.current == third  # and so does a click on it


# -- 16. a long codebook: find a variable, go to the next uncoded one --------------------------------

LONG_LABEL = (
    "Describes leaving as a gradual process of distancing from the group's everyday life, its people and "
    "its routines, rather than as one decision taken at a single moment, and names at least one concrete "
    "step along the way (moved town, changed phone, stopped attending the meetings)"
)


def long_codebook() -> Codebook:
    """150 variables in ten groups; one choice label of 270 characters (item 18)."""
    variables: list[Variable] = []
    themes = ["family", "school", "work", "faith", "friends", "prison", "online", "money", "travel", "health"]
    for i in range(150):
        group = f"Theme {i // 15 + 1}: {themes[i // 15]}"
        name = f"v{i + 1:03d}"
        label = f"{themes[i // 15].capitalize()} item {i + 1}"
        if i % 15 == 13:
            variables.append(Variable(name, Level.RATIO, label=label, group=group, minimum=0, maximum=99))
        elif i % 15 == 14:
            variables.append(Variable(name, Level.TEXT, label=label, group=group))
        else:
            choices = (Category(1, "Yes"), Category(2, "No"), Category(9, "Not mentioned"))
            if i == 1:
                choices = (Category(1, LONG_LABEL), Category(2, "Sudden break"), Category(9, "Not mentioned"))
                label = "How leaving is described"
            variables.append(
                Variable(name, Level.NOMINAL, label=label, group=group, choices=choices, missing=(9,))
            )
    return Codebook(tuple(variables))


@pytest.fixture(scope="module")
def long_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    with Project.create(folder / "long.ictool", long_codebook(), title="Long codebook", actor="lead") as p:
        import_documents(p, write_transcripts(folder / "docs", 3))
        add_coders(p, ["Tess"])
        assign(p)
        build_package(p, "Tess", folder / "tess.ictcoder")
    return folder / "tess.ictcoder"


@pytest.fixture
def long_window(make_window: MakeWindow, long_source: Path, tmp_path: Path) -> Iterator[MainWindow]:
    target = tmp_path / "tess.ictcoder"
    target.write_bytes(long_source.read_bytes())
    w = make_window()
    assert w.open_file(target)
    yield w
    w.close()


def test_find_a_variable_in_a_long_codebook(qtbot: QtBot, long_window: MainWindow) -> None:
    coder = coder_of(long_window)
    form = coder.view.form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    qtbot.keyClick(focused(), Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert focused() is form.search
    qtbot.keyClicks(form.search, "prison item")
    shown = form.visible_variables()
    assert len(shown) == 15 and form.search_count.text() == "15 of 150"
    assert all(coder.session.codebook.by_uuid(v).group.endswith("prison") for v in shown)  # type: ignore[union-attr]
    qtbot.keyClick(form.search, Qt.Key.Key_Return)  # to the first match
    assert form.current_variable() == shown[0] and focused() is form.row(shown[0]).focus_target()  # type: ignore[union-attr]
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # Tab stays among the matches
    assert form.current_variable() == shown[1]
    qtbot.keyClick(focused(), Qt.Key.Key_F, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(form.search, "gradual distancing")  # words of a choice label
    assert [coder.session.codebook.by_uuid(v).name for v in form.visible_variables()] == ["v002"]  # type: ignore[union-attr]
    qtbot.keyClick(form.search, Qt.Key.Key_Escape)  # clears, and goes back to the variable
    assert len(form.visible_variables()) == 150 and form.current_variable() == shown[1]


def test_next_uncoded_variable_skips_what_is_coded(qtbot: QtBot, long_window: MainWindow) -> None:
    coder = coder_of(long_window)
    view, form = coder.view, coder.view.form
    book = coder.session.codebook
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    first = book.get("v001")
    assert first is not None and form.current_variable() == first.uuid
    for key in (Qt.Key.Key_1, Qt.Key.Key_Tab, Qt.Key.Key_2, Qt.Key.Key_Tab, Qt.Key.Key_9):  # v001–v003
        qtbot.keyClick(focused(), key)
    form.focus_variable(first.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_U, CTRL)
    assert book.by_uuid(form.current_variable()).name == "v004"  # type: ignore[arg-type, union-attr]
    qtbot.keyClick(focused(), Qt.Key.Key_U, CTRL | Qt.KeyboardModifier.ShiftModifier)  # back, round the start
    assert book.by_uuid(form.current_variable()).name == "v149"  # type: ignore[arg-type, union-attr]
    for var in book:  # code everything else through the session, then ask again
        if var.kind.value != "text" and coder.session.value(view.current, var.uuid) is None:  # type: ignore[arg-type]
            value = 1 if var.choices else 5
            coder.session.set_value(view.current, var.uuid, value)  # type: ignore[arg-type]
    qtbot.keyClick(focused(), Qt.Key.Key_U, CTRL)
    assert long_window.statusBar().currentMessage() == "Every variable of this document is coded."


# -- 18. long labels wrap; the form keeps its usable width ------------------------------------------


def test_a_long_choice_label_wraps_in_a_narrow_pane_and_the_splitter_keeps_the_form_usable(
    qtbot: QtBot, long_window: MainWindow
) -> None:
    view = coder_of(long_window).view
    form = view.form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    total = sum(view.splitter.sizes())
    view.splitter.setSizes([240, total - 240 - 463, 463])
    qtbot.wait(50)
    variable = view.session.codebook.get("v002")
    assert variable is not None
    row = form.row(variable.uuid)
    assert row is not None
    viewport = form._scroll.viewport().width()
    assert form._scroll.widget().width() <= viewport  # nothing runs off to the right
    long_button = row.editor.buttons()[0]  # type: ignore[attr-defined]
    line = long_button.fontMetrics().height()
    assert long_button.width() <= viewport and long_button.height() >= 3 * line  # wrapped on lines
    assert row.clear_button.geometry().right() <= row.width()
    # A click on the wrapped text picks the choice.
    qtbot.mouseClick(
        long_button, Qt.MouseButton.LeftButton, pos=long_button.rect().bottomLeft() + QPoint(60, -4)
    )
    assert view.session.value(view.current, variable.uuid) == 1  # type: ignore[arg-type]
    # Dragging the splitter handle far right stops at the form's usable width.
    handle = view.splitter.handle(2)
    start = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(handle, start + QPoint(1200, 0))
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(1200, 0)
    )
    qtbot.wait(50)
    assert 0 < form.minimumWidth() <= form.width() < 463  # moved, and stopped at the minimum
    for each in (row, form.row(view.session.codebook.get("v001").uuid)):  # type: ignore[union-attr]
        assert each is not None
        right = each.clear_button.mapTo(form, each.clear_button.rect().topRight()).x()
        assert right <= form._scroll.viewport().width(), "the Clear button is cut off"
        assert each.badge.mapTo(form, each.badge.rect().topRight()).x() <= form._scroll.viewport().width()
