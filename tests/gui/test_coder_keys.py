"""Issue 17: every key does what it says, from every field (items 3, 10–13, 15), driven by real keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.test_workspace import select_quote

CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def attach(qtbot: QtBot, coder: CoderWorkspace, variable: str, quote: str) -> None:
    """Select ``quote``, focus ``variable`` and press Ctrl+E."""
    select_quote(coder, quote)
    coder.view.form.focus_variable(variable)
    qtbot.keyClick(focused(), Qt.Key.Key_E, CTRL)


# -- 3. Delete clears the variable; removing a quote is the list's own key ---------------------------


@pytest.mark.parametrize(
    ("name", "pick"), [("gender", Qt.Key.Key_1), ("motivations", Qt.Key.Key_2), ("country", None)]
)
@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_clears_the_focused_variable_even_with_a_quote_selected(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, name: str, pick: Qt.Key | None, key: Qt.Key
) -> None:
    ws = coder.view
    var = ws.session.codebook.get(name)
    assert var is not None
    doc = ws.current
    assert doc is not None
    text = ws.session.text(doc)
    attach(qtbot, coder, var.uuid, text[40:70])
    assert ws.notes.evidence.view.currentIndex().isValid()  # the new quote is selected in the list
    ws.form.focus_variable(var.uuid)
    if pick is None:
        qtbot.keyClicks(focused(), "3")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    else:
        qtbot.keyClick(focused(), pick)
    assert ws.session.value(doc, var.uuid) is not None
    qtbot.keyClick(focused(), key)
    assert ws.session.value(doc, var.uuid) is None
    assert len(ws.session.evidence(doc)) == 1  # the quote is still there
    ws.notes.evidence.view.setFocus()
    qtbot.keyClick(ws.notes.evidence.view, key)  # in the list, the key removes the selected quote
    assert ws.session.evidence(doc) == []


def test_delete_clears_while_the_memo_tab_is_showing_too(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    ws.notes.setCurrentIndex(1)
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    assert ws.session.value(ws.current, gender.uuid) is None  # type: ignore[arg-type]


# -- 15. refusals are refusals; no duplicate quotes; Remove needs a selection -------------------------


def select_span(coder: CoderWorkspace, start: int, end: int) -> None:
    from PySide6.QtGui import QTextCursor

    edit = coder.view.transcript.text_edit()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def test_a_blank_selection_is_explained_not_reported_as_a_failed_save(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter
) -> None:  # type: ignore[no-untyped-def]
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    text = ws.session.text(ws.current)  # type: ignore[arg-type]
    blank = text.index("\n\n")  # the demo transcripts are ASCII before their first blank line
    select_span(coder, blank, blank + 2)
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_E, CTRL)
    kind, title, message = prompter.last()
    assert (kind, title) == ("inform", "Attach evidence") and "blank" in message
    assert not [c for c in prompter.calls if c[1] in ("Not saved", "Change refused")]
    assert "NOT SAVED" not in window.save_label.text()
    assert ws.session.evidence(ws.current) == []  # type: ignore[arg-type]


def test_the_same_quote_twice_is_one_row_and_remove_needs_a_selection(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter
) -> None:  # type: ignore[no-untyped-def]
    ws = coder.view
    panel = ws.notes.evidence
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    doc = ws.current
    assert doc is not None
    assert not panel.remove_button.isEnabled()  # nothing to remove, nothing selected
    text = ws.session.text(doc)
    attach(qtbot, coder, gender.uuid, text[10:40])
    assert panel.remove_button.isEnabled()  # the new quote is selected
    panel.view.clearSelection()
    panel.view.setCurrentIndex(panel.model.index(-1))
    assert not panel.remove_button.isEnabled()
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert len(ws.session.evidence(doc)) == 1
    attach(qtbot, coder, gender.uuid, text[10:40])  # again: refused as a duplicate, the row selected
    kind, title, message = prompter.last()
    assert (kind, title) == ("inform", "Attach evidence") and "already evidence for Gender" in message
    assert len(ws.session.evidence(doc)) == 1 and panel.model.rowCount() == 1
    assert panel.view.currentIndex().row() == 0 and panel.remove_button.isEnabled()
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert ws.session.evidence(doc) == []
