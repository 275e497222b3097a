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
