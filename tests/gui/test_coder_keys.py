"""Issue 17: every key does what it says, from every field (items 3, 10–13, 15), driven by real keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import on_variable
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


# -- 11 and 13. the window's keys, every binding, from every field -------------------------------------


def fields(coder: CoderWorkspace) -> dict[str, QWidget]:
    """One widget of each kind that can have the keyboard in the coder's window."""
    ws = coder.view
    book = ws.session.codebook

    def editor_of(name: str) -> QWidget:
        var = book.get(name)
        assert var is not None
        row = ws.form.row(var.uuid)
        assert row is not None
        return row.focus_target()

    return {
        "number field": editor_of("age_joining"),
        "text box": editor_of("coder_memo"),
        "combo": editor_of("country"),
        "radio row": editor_of("gender"),
        "check-box row": editor_of("motivations"),
        "memo": ws.notes.memo,
        "transcript": ws.transcript.text_edit(),
        "evidence list": ws.notes.evidence.view,
        "document list": ws.documents.view,
        "status filter": ws.documents.filter,
    }


def give_focus(qtbot: QtBot, coder: CoderWorkspace, widget: QWidget) -> None:
    if widget is coder.view.notes.memo:
        coder.view.notes.setCurrentIndex(1)
    elif widget is coder.view.notes.evidence.view:
        coder.view.notes.setCurrentIndex(0)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


@pytest.mark.parametrize(
    "field",
    [
        "number field",
        "text box",
        "combo",
        "radio row",
        "check-box row",
        "memo",
        "transcript",
        "evidence list",
        "document list",
        "status filter",
    ],
)
def test_undo_redo_and_attach_work_from_every_field(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, field: str
) -> None:
    ws, gender, doc = on_variable(coder, "gender")
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):
        qtbot.keyClick(focused(), key)
    widget = fields(coder)[field]
    give_focus(qtbot, coder, widget)
    for keys, action, value in (
        ((Qt.Key.Key_Z, CTRL), coder.actions.undo, 2),
        ((Qt.Key.Key_Y, CTRL), coder.actions.redo, 3),
        ((Qt.Key.Key_Z, CTRL), coder.actions.undo, 2),
        ((Qt.Key.Key_Z, CTRL | SHIFT), coder.actions.redo, 3),
    ):
        with qtbot.waitSignal(action.triggered, timeout=1000):
            qtbot.keyClick(widget, *keys)
        assert ws.session.value(doc, gender.uuid) == value, (field, keys)
    select_quote(coder, ws.session.text(doc)[60:90])
    give_focus(qtbot, coder, widget)
    with qtbot.waitSignal(coder.actions.evidence.triggered, timeout=1000):
        qtbot.keyClick(widget, Qt.Key.Key_E, CTRL)
    assert len(ws.session.evidence(doc)) == 1, field


def test_undo_in_a_number_field_is_the_forms_undo(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    gender, age = ws.session.codebook.get("gender"), ws.session.codebook.get("age_joining")
    assert gender is not None and age is not None
    doc = ws.current
    assert doc is not None
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    assert coder.actions.undo.text() == "&Undo Set Gender"
    ws.form.focus_variable(age.uuid)
    qtbot.keyClicks(focused(), "33")  # typed, not saved yet: saved, then undone like any change
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    assert ws.session.value(doc, age.uuid) is None and ws.form.value(age.uuid) is None
    assert ws.session.value(doc, gender.uuid) == 2
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # the toolbar said "Undo Set Gender": it is what runs
    assert ws.session.value(doc, gender.uuid) is None


def test_help_lists_every_key_once_with_real_names(window: MainWindow, coder: CoderWorkspace) -> None:
    rows = window.shortcut_rows()
    names = [name for name, _ in rows]
    assert len(names) == len(set(names))
    assert not [n for n in names if n.startswith(("Undo ", "Redo "))]
    seen: dict[str, str] = {}
    for name, keys in rows:
        listed = [k for k in keys.split(", ") if k]
        assert len(listed) == len(set(listed)), (name, keys)
    table = dict(rows)
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= set(table["Redo"].split(", "))
    assert "Ctrl+Z" in table["Undo"].split(", ")
    for action in coder.actions.all():  # every binding of every action is on the action, once
        sequences = [s.toString() for s in action.shortcuts()]
        assert len(sequences) == len(set(sequences)), action.text()
        for sequence in sequences:
            seen.setdefault(sequence, action.text())
            assert seen[sequence] == action.text(), f"{sequence} is bound twice"


@pytest.mark.parametrize("standard", ["Find", "FindNext", "FindPrevious", "Redo", "Undo", "ZoomIn"])
def test_every_binding_of_a_standard_key_works(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, standard: str
) -> None:
    """Each of this platform's bindings of the key, not only its first (Ctrl+Y redid nothing on Linux)."""
    from PySide6.QtGui import QKeySequence

    from ictool.gui.shell.actions import DEDICATED_KEYS

    actions = coder.actions
    action = {
        "Find": actions.find,
        "FindNext": actions.find_next,
        "FindPrevious": actions.find_prev,
        "Redo": actions.redo,
        "Undo": actions.undo,
        "ZoomIn": actions.zoom_in,
    }[standard]
    bindings = [
        s[0]
        for s in QKeySequence.keyBindings(getattr(QKeySequence.StandardKey, standard))
        if s[0].key() not in DEDICATED_KEYS
    ]
    assert bindings
    gender = coder.session.codebook.get("gender")
    assert gender is not None
    for combination in bindings:
        coder.view.form.focus_variable(gender.uuid)
        qtbot.keyClick(focused(), Qt.Key.Key_1)
        qtbot.keyClick(focused(), Qt.Key.Key_2)
        coder.actions.undo.trigger()  # something to undo and something to redo
        edit = coder.view.transcript.text_edit()
        edit.setFocus()
        with qtbot.waitSignal(action.triggered, timeout=1000):
            qtbot.keyClick(edit, combination.key(), combination.keyboardModifiers())
        coder.view.transcript.find_bar().hide()


# -- 12. digits pick by code ------------------------------------------------------------------------


def test_digits_pick_by_code_and_the_code_is_shown(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    book = ws.session.codebook
    gender, crisis = book.get("gender"), book.get("personal_crisis")
    assert gender is not None and crisis is not None
    doc = ws.current
    assert doc is not None
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_9)  # code 9, fourth in the list
    assert ws.session.value(doc, gender.uuid) == 9
    editor = ws.form.row(gender.uuid).editor  # type: ignore[union-attr]
    assert [b.text()[1:3] for b in editor.buttons()] == ["1 ", "2 ", "3 ", "9 "]  # type: ignore[attr-defined]
    ws.form.focus_variable(crisis.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_0)  # codes 1 / 0 / 9: 0 is "No"
    assert ws.session.value(doc, crisis.uuid) == 0
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # an Arabic keyboard's ٩
        QApplication.sendEvent(focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, "٩"))
    assert ws.session.value(doc, crisis.uuid) == 9


def test_longer_codes_pick_by_position_and_show_the_code(window: MainWindow, coder: CoderWorkspace) -> None:
    ws = coder.view
    country = ws.session.codebook.get("country")
    assert country is not None
    combo = ws.form.row(country.uuid).editor.combo  # type: ignore[union-attr]
    assert combo.itemText(14) == "\u200e14  Not mentioned (code 99) — missing"
    assert combo.itemText(2) == "\u200e2  France"
    rows = dict(window.shortcut_rows())
    assert any("its code" in name for name in rows)


# -- 10. Tab runs list → transcript → form, without traps; focus after opening ------------------------


def test_after_opening_the_keyboard_is_on_the_first_variable_to_code(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    first = ws.session.uncoded(ws.current)[0]  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    assert ws.form.current_variable() == first.uuid
    assert focused() is ws.form.row(first.uuid).focus_target()  # type: ignore[union-attr]


def test_tab_from_the_list_reaches_the_transcript_then_the_form_and_comes_round(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    shown = ws.current
    qtbot.keyClick(focused(), Qt.Key.Key_L, CTRL)
    assert focused() is ws.documents.view
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is ws.transcript.text_edit()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    first = ws.form.first_variable()
    assert first is not None and focused() is ws.form.row(first).focus_target()  # type: ignore[union-attr]
    stops: list[QWidget] = []
    for _ in range(len(ws.session.codebook) + 10):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        stops.append(focused())
        if focused() is ws.documents.view:
            break
    assert stops[-1] is ws.documents.view, "Tab never came back round to the list"
    assert len(stops) == len(set(map(id, stops))), "a widget was visited twice: a trap"
    targets = [ws.form.row(v.uuid).focus_target() for v in ws.session.codebook]  # type: ignore[union-attr]
    assert [w for w in stops if w in targets] == targets[1:]  # every variable once, in order
    assert ws.current == shown  # Tab in the list never switched documents
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, SHIFT)  # and back out of the list
    assert focused() is not ws.documents.view and ws.current == shown


def test_no_field_keeps_a_key_of_the_window(window: MainWindow, coder: CoderWorkspace) -> None:
    """Every shortcut of every coder action, asked of every field: none claims it for itself."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    keys = [
        (sequence[0], action.text())
        for action in coder.actions.all()
        for sequence in action.shortcuts()
        if sequence.count() == 1
    ]
    assert len(keys) >= 25
    for name, widget in fields(coder).items():
        for combination, action in keys:
            key, modifiers = combination.key(), combination.keyboardModifiers()
            event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers)
            event.ignore()
            QApplication.sendEvent(widget, event)
            assert not event.isAccepted(), f"{name} keeps {combination.toString()} ({action})"
