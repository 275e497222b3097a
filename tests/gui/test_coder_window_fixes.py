"""The coder's window: find, memo, evidence list, messages, toolbar and read-only wording, driven by keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from ictool.core.records import Evidence
from ictool.gui.bidi import FSI, PDI
from ictool.gui.coder.actions import listed_keys
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.dialogs import ShortcutsDialog
from ictool.gui.shell.window import MainWindow
from ictool.gui.widgets.evidence_panel import EvidencePanel
from tests.gui.conftest import MakeWindow, ScriptedPrompter, coder_of, on_variable
from tests.gui.test_workspace import select_quote

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


# -- 7. a search with no hit leaves no stale selection for Ctrl+E ------------------------------------


def test_find_without_a_hit_drops_the_selection_so_ctrl_e_attaches_nothing(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter
) -> None:
    view, _, doc = on_variable(coder, "gender")
    text = view.session.text(doc)
    select_quote(coder, text[200:240])
    qtbot.keyClick(focused(), Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(focused(), "zzqx")
    qtbot.waitUntil(lambda: view.transcript.find_bar().count_label.text() == "No matches")
    assert view.transcript.selection_span() is None
    qtbot.keyClick(focused(), Qt.Key.Key_E, CTRL)
    assert view.session.evidence(doc) == []
    assert prompter.last()[1] == "Attach evidence"


# -- 8. the memo reached by keyboard puts the cursor at the end --------------------------------------


def test_tab_into_the_memo_puts_the_cursor_after_the_old_memo(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    view = coder.view
    doc = view.current
    assert doc is not None
    view.session.set_memo(doc, "Old memo.")
    view.notes.setCurrentIndex(1)
    view.header.done_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, SHIFT)  # Mark done → back to the memo
    assert focused() is view.notes.memo
    qtbot.keyClicks(focused(), " New.")
    view.notes.memo.commit()
    assert view.session.memo(doc) == "Old memo. New."


def test_a_click_in_the_memo_keeps_the_cursor_where_it_lands(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    view = coder.view
    memo = view.notes.memo
    memo.show_memo("Old memo.")
    view.notes.setCurrentIndex(1)
    view.header.done_button.setFocus()
    start = QTextCursor(memo.document())  # the place of the first letter
    qtbot.mouseClick(memo.viewport(), Qt.MouseButton.LeftButton, pos=memo.cursorRect(start).center())
    assert memo.hasFocus() and memo.textCursor().position() == 0


# -- 6. an Arabic quote in the evidence list -------------------------------------------------------------


def test_an_arabic_quote_is_isolated_in_its_marks_and_aligned_right(qtbot: QtBot) -> None:
    panel = EvidencePanel()
    qtbot.addWidget(panel)
    arabic, english = "كنت أصلي أحياناً", "I prayed sometimes"
    panel.set_evidence(
        [Evidence("a", "c", "d", "v", 0, 5, arabic), Evidence("b", "c", "d", "v", 6, 9, english)]
    )
    delegate = panel.view.itemDelegate()
    shown = []
    for row in range(2):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, panel.model.index(row))  # type: ignore[attr-defined]
        shown.append(option)
    texts = {o.text.split("\u2028")[1]: o for o in shown}
    rtl, ltr = texts[f"“{FSI}{arabic}{PDI}”"], texts[f"“{FSI}{english}{PDI}”"]
    assert rtl.direction == Qt.LayoutDirection.RightToLeft
    assert rtl.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert ltr.direction == Qt.LayoutDirection.LeftToRight
    assert ltr.displayAlignment & Qt.AlignmentFlag.AlignLeft


# -- 9. the range error names the variable by its label ---------------------------------------------------


def test_out_of_range_says_the_label_in_the_field_and_in_the_dialog(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter
) -> None:
    view, year, _ = on_variable(coder, "year_joining")
    qtbot.keyClicks(focused(), "1890")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    error = view.form.row(year.uuid).editor.problem()  # type: ignore[union-attr]
    assert error is not None and "‘Year of joining’" in error and "year_joining" not in error
    qtbot.keyClick(focused(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    _, title, text = prompter.last()
    assert title == "Correct the value first" and "year_joining" not in text and "Year of joining" in text


# -- 10. Help lists keys a keyboard has --------------------------------------------------------------------


def test_undo_is_listed_as_ctrl_z_not_with_f14(qtbot: QtBot) -> None:
    action = QAction("Undo")
    action.setShortcuts([QKeySequence("Ctrl+Z"), QKeySequence("F14"), QKeySequence(Qt.Key.Key_Undo)])
    assert listed_keys(action) == "Ctrl+Z"
    dialog = ShortcutsDialog([("Undo", "Ctrl+Z, F14"), ("Find next", "F3")])
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 1).text() == "Ctrl+Z"
    assert dialog.table.item(1, 1).text() == "F3"


# -- 11. one full stop ---------------------------------------------------------------------------------------


def test_mark_done_question_has_one_full_stop(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter
) -> None:
    prompter.answer = False
    coder.view.header.done_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    _, title, text = prompter.last()
    assert title == "Mark done with uncoded variables?"
    assert "…." not in text and "more." in text


# -- 12. the toolbar does not jump ------------------------------------------------------------


def test_toolbar_undo_keeps_its_label_and_names_the_change_in_its_tooltip(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    button = coder.actions.toolbar.widgetForAction(coder.actions.undo)
    width = button.sizeHint().width()
    on_variable(coder, "motivations")
    qtbot.keyClicks(focused(), "10")
    assert button.text() == "Undo" and button.sizeHint().width() == width
    assert coder.actions.undo.toolTip().startswith("Undo Set Motivations for joining")
    assert coder.actions.redo.iconText() == "Redo"


def test_opening_find_keeps_the_document_list_width(
    qtbot: QtBot, make_window: MakeWindow, package: Path
) -> None:
    window = make_window()
    window.resize(1024, 700)
    assert window.open_file(package)
    view = coder_of(window).view
    qtbot.waitUntil(view.isVisible)
    before = view.splitter.sizes()
    view.transcript.show_find()
    qtbot.wait(50)
    assert view.splitter.sizes() == before
    window.close()


# -- 14. read-only: no hint to attach, and safe advice about the lock ------------------------------


def test_a_read_only_window_hides_the_attach_hint(
    qtbot: QtBot, make_window: MakeWindow, package: Path
) -> None:
    first = make_window()
    assert first.open_file(package)
    second = make_window(prompter=ScriptedPrompter())
    assert second.open_file(package)
    two = coder_of(second)
    qtbot.waitUntil(two.view.isVisible)
    assert not two.view.notes.evidence.hint.isVisible()
    assert coder_of(first).view.notes.evidence.hint.isVisible()
    assert ".lock" in two.view.banner.text()  # what to do after a crash, in the core's words
    second.close()
    first.close()
