"""Issue 17: finding one's way — highlights, the filtered list, a long codebook, long labels (items 6, 7,
16, 18), driven by real key and mouse events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.core.records import Status
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
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
