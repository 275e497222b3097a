"""The coder's codebook form, driven by the keyboard the way a coder works.

The form must report exactly what the coder did (``valueEdited``) and nothing when the window fills
it, refuse what the codebook refuses, and keep one tab stop per variable in visual order.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.gui.widgets.codebook_form import CodebookForm
from ictool.gui.widgets.variable_editors import ChoiceButtons, ChoiceCombo, NumberEditor, TextEditor

Edits = list[tuple[str, object]]
COUNTRIES = ["Austria", "Belgium", "Chile", "Denmark", "Egypt", "France", "Germany", "Ghana", "India"]
COUNTRIES += ["Japan", "Kenya", "Mali"]


def build_codebook() -> Codebook:
    """Every kind; "Exit" appears twice, non-adjacently, to check that rows follow their group."""
    return Codebook(
        (
            Variable("age", Level.RATIO, label="Age", group="Person", minimum=10, maximum=80, missing=(999,)),
            Variable(
                "gender",
                Level.NOMINAL,
                label="Gender",
                group="Person",
                description="As the respondent describes themselves.",
                choices=(Category(1, "Woman"), Category(2, "Man"), Category(9, "Not mentioned")),
                missing=(9,),
            ),
            Variable("memo", Level.TEXT, label="Notable quote", group="Exit"),
            Variable(
                "country",
                Level.NOMINAL,
                label="Country",
                group="Person",
                choices=tuple(Category(i, name) for i, name in enumerate(COUNTRIES, 1)),
            ),
            Variable(
                "motives",
                Level.NOMINAL,
                label="Motivations",
                group="Exit",
                multiple=True,
                choices=(Category(1, "Ideology"), Category(2, "Belonging"), Category(3, "Money")),
            ),
        )
    )


@pytest.fixture
def codebook() -> Codebook:
    return build_codebook()


@pytest.fixture
def form(qtbot: QtBot, codebook: Codebook) -> Iterator[CodebookForm]:
    widget = CodebookForm()
    qtbot.addWidget(widget)
    widget.set_codebook(codebook)
    widget.resize(480, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    yield widget


@pytest.fixture
def edits(form: CodebookForm) -> Edits:
    seen: Edits = []
    form.valueEdited.connect(lambda uuid, value: seen.append((uuid, value)))
    return seen


def uid(codebook: Codebook, name: str) -> str:
    variable = codebook.get(name)
    assert variable is not None
    return variable.uuid


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_tab_to_a_radio_variable_and_pick_by_digit(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    form.focus_variable(uid(codebook, "age"))
    with qtbot.waitSignal(form.currentVariableChanged) as changed:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert changed.args == [uid(codebook, "gender")]
    assert form.current_variable() == uid(codebook, "gender")
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    assert edits == [(uid(codebook, "gender"), 2)]
    editor = form.row(uid(codebook, "gender")).editor
    assert isinstance(editor, ChoiceButtons)
    assert [b.isChecked() for b in editor.buttons()] == [False, True, False]


def test_tab_order_is_visual_order_one_stop_per_variable(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook
) -> None:
    form.focus_variable(form.first_variable())
    visited = [form.current_variable()]
    for _ in range(4):  # exactly one Tab per variable: group headers take no Tab stop
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        visited.append(form.current_variable())
    names = [codebook.by_uuid(u).name for u in visited]
    assert names == ["age", "gender", "country", "memo", "motives"]


def test_multi_select_digits_toggle_in_codebook_order(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    motives = uid(codebook, "motives")
    form.focus_variable(motives)
    for key in (Qt.Key.Key_3, Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_1):
        qtbot.keyClick(focused(), key)
    assert [v for _, v in edits] == [(3,), (1, 3), (1,), ()]
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    qtbot.keyClick(focused(), Qt.Key.Key_0)
    assert [v for _, v in edits][-2:] == [(2,), ()]
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    assert edits[-1] == (motives, None)


def test_multi_none_apply_button_and_clicks(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    editor = form.row(uid(codebook, "motives")).editor
    assert isinstance(editor, ChoiceButtons) and editor.none_button() is not None
    qtbot.mouseClick(editor.none_button(), Qt.MouseButton.LeftButton)
    assert edits[-1][1] == ()
    assert editor.none_button().isChecked()
    qtbot.mouseClick(editor.buttons()[1], Qt.MouseButton.LeftButton)
    assert edits[-1][1] == (2,)
    assert not editor.none_button().isChecked()


def test_combo_type_ahead_on_labels_and_digits(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    country = uid(codebook, "country")
    form.focus_variable(country)
    editor = form.row(country).editor
    assert isinstance(editor, ChoiceCombo)
    assert editor.combo.itemText(0) == "— not coded —"
    with qtbot.waitSignal(form.valueEdited, timeout=3000) as picked:
        qtbot.keyClicks(focused(), "gh")
    assert picked.args == [country, 8]  # Ghana, not Germany
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # "12" cannot grow: committed at once
    assert edits[-1] == (country, 12)
    assert len(edits) == 2


def test_combo_ignores_the_wheel(qtbot: QtBot, form: CodebookForm, codebook: Codebook) -> None:
    """Scrolling the form over a combo must scroll, never recode."""
    editor = form.row(uid(codebook, "country")).editor
    pos = QPointF(editor.combo.rect().center())
    event = QWheelEvent(
        pos,
        editor.combo.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    with qtbot.assertNotEmitted(form.valueEdited):
        QApplication.sendEvent(editor.combo, event)
    assert editor.combo.currentIndex() == 0


def test_number_commit_refuse_and_missing_code(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    age = uid(codebook, "age")
    form.focus_variable(age)
    editor = form.row(age).editor
    assert isinstance(editor, NumberEditor)
    assert editor.hint.text() == "10–80; missing: 999"
    qtbot.keyClicks(editor.line, "23")
    qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert edits == [(age, 23)] and type(edits[0][1]) is int
    with qtbot.assertNotEmitted(form.valueEdited):
        editor.line.selectAll()
        qtbot.keyClicks(editor.line, "abc")  # letters are refused as typed, with a message
        assert editor.error_message() and editor.error.isVisible()
        assert editor.line.text() == "23"
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)
        editor.line.setText("230")
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert "outside the range" in (editor.error_message() or "")
    assert editor.error.isVisible()
    assert editor.value() == 23
    qtbot.keyClick(editor.line, Qt.Key.Key_Escape)
    assert editor.line.text() == "23" and editor.error_message() is None
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "3,5")
    qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert "decimals" in (editor.error_message() or "")
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "999")
    qtbot.keyClick(editor.line, Qt.Key.Key_Return)
    assert edits[-1] == (age, 999) and editor.error_message() is None


def test_number_commits_on_focus_out(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    age = uid(codebook, "age")
    form.focus_variable(age)
    qtbot.keyClicks(focused(), "41.5")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert edits == [(age, 41.5)]


def test_text_commits_on_focus_out_and_after_a_pause(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    memo = uid(codebook, "memo")
    form.focus_variable(memo)
    editor = form.row(memo).editor
    assert isinstance(editor, TextEditor)
    qtbot.keyClicks(editor.edit, "I left")
    assert edits == []
    qtbot.keyClick(editor.edit, Qt.Key.Key_Tab)
    assert edits == [(memo, "I left")]
    assert form.current_variable() != memo
    form.focus_variable(memo)
    with qtbot.waitSignal(form.valueEdited, timeout=3000) as paused:
        qtbot.keyClicks(editor.edit, " early")
    assert paused.args == [memo, "I left early"]
    editor.edit.selectAll()
    qtbot.keyClick(editor.edit, Qt.Key.Key_Delete)  # edits text, does not clear the variable itself
    editor.commit_pending()
    assert edits[-1] == (memo, None)


def test_echo_of_a_saved_text_keeps_what_is_being_typed(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook
) -> None:
    memo = uid(codebook, "memo")
    form.focus_variable(memo)
    editor = form.row(memo).editor
    form.valueEdited.connect(form.set_value)  # the window saves and echoes back
    with qtbot.waitSignal(form.valueEdited, timeout=3000):
        qtbot.keyClicks(editor.edit, "abc")
    qtbot.keyClicks(editor.edit, "def")
    form.set_value(memo, "abc")
    assert editor.edit.toPlainText() == "abcdef"


def test_clear_button_and_delete_key(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook, edits: Edits
) -> None:
    gender = uid(codebook, "gender")
    form.set_values({gender: 1})
    row = form.row(gender)
    assert row.clear_button.isEnabled() and row.status.text() == ""
    qtbot.mouseClick(row.clear_button, Qt.MouseButton.LeftButton)
    assert edits == [(gender, None)]
    assert row.status.text() == "not coded" and not row.clear_button.isEnabled()
    form.set_values({gender: 2})
    form.focus_variable(gender)
    qtbot.keyClick(focused(), Qt.Key.Key_Backspace)
    assert edits[-1] == (gender, None)
    country = uid(codebook, "country")
    form.set_values({country: 3})
    form.focus_variable(country)
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    assert edits[-1] == (country, None)


def test_set_values_and_set_value_never_emit(qtbot: QtBot, form: CodebookForm, codebook: Codebook) -> None:
    values = {
        uid(codebook, "age"): 30,
        uid(codebook, "gender"): 9,
        uid(codebook, "memo"): "quote",
        uid(codebook, "country"): 7,
        uid(codebook, "motives"): (1, 3),
    }
    with qtbot.assertNotEmitted(form.valueEdited):
        form.set_values(values)
        form.set_value(uid(codebook, "country"), 2)
        form.set_values({})
        form.set_values(values)
    assert form.row(uid(codebook, "country")).editor.combo.currentIndex() == 7
    form.set_value(uid(codebook, "country"), 2)
    assert form.row(uid(codebook, "country")).editor.combo.currentIndex() == 2
    assert form.row(uid(codebook, "age")).editor.line.text() == "30"
    assert [b.isChecked() for b in form.row(uid(codebook, "motives")).editor.buttons()] == [True, False, True]
    assert form.row(uid(codebook, "memo")).editor.edit.toPlainText() == "quote"


def test_set_values_resets_a_refused_entry(qtbot: QtBot, form: CodebookForm, codebook: Codebook) -> None:
    age = uid(codebook, "age")
    editor = form.row(age).editor
    form.set_values({age: 30})
    editor.line.setText("500")
    editor.commit_pending()
    assert editor.error_message()
    form.set_values({age: 30})
    assert editor.error_message() is None and editor.line.text() == "30"


def test_focus_variable_expands_a_collapsed_group(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook
) -> None:
    section = form.section("Exit")
    section.set_expanded(False)
    assert not section.body.isVisible()
    form.focus_variable(uid(codebook, "motives"))
    assert section.is_expanded() and section.body.isVisible()
    assert form.current_variable() == uid(codebook, "motives")
    assert focused() is form.row(uid(codebook, "motives"))


def test_collapsing_keeps_values_and_header_is_keyboard_accessible(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook
) -> None:
    motives = uid(codebook, "motives")
    form.set_values({motives: (2,)})
    section = form.section("Exit")
    section.header.setFocus()
    qtbot.keyClick(section.header, Qt.Key.Key_Space)
    assert not section.is_expanded()
    qtbot.keyClick(section.header, Qt.Key.Key_Space)
    assert form.row(motives).editor.value() == (2,)


def test_read_only_refuses_edits(qtbot: QtBot, form: CodebookForm, codebook: Codebook) -> None:
    gender, age, memo = uid(codebook, "gender"), uid(codebook, "age"), uid(codebook, "memo")
    form.set_values({gender: 1, age: 30})
    form.set_read_only(True)
    with qtbot.assertNotEmitted(form.valueEdited):
        form.focus_variable(gender)
        qtbot.keyClick(focused(), Qt.Key.Key_2)
        qtbot.keyClick(focused(), Qt.Key.Key_Delete)
        radio = form.row(gender).editor.buttons()[1]
        qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)
        form.focus_variable(age)
        qtbot.keyClicks(focused(), "5")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        form.focus_variable(memo)
        qtbot.keyClicks(focused(), "x")
        form.commit_pending()
    assert [b.isChecked() for b in form.row(gender).editor.buttons()] == [True, False, False]
    assert not form.row(gender).clear_button.isEnabled()


def test_missing_codes_are_marked(form: CodebookForm, codebook: Codebook) -> None:
    gender = form.row(uid(codebook, "gender")).editor
    last = gender.buttons()[-1]
    assert last.text() == "\u200e9  Not mentioned — missing"  # 9: its code
    assert gender.buttons()[0].text() == "\u200e1  Woman"
    # Marked by the suffix and a muted colour, never italic: italic fonts lack Arabic glyphs (boxes).
    assert last.palette().color(QPalette.ColorRole.WindowText) != gender.buttons()[0].palette().color(
        QPalette.ColorRole.WindowText
    )
    assert not any(b.font().italic() for b in gender.buttons())


def test_an_arabic_missing_code_is_not_drawn_in_italic(qtbot: QtBot) -> None:
    """The Arabic label of a missing code was drawn in italic, and the italic font had no Arabic."""
    country = Variable(
        "country",
        Level.NOMINAL,
        label="بلد المنشأ",
        choices=(*(Category(i, f"بلد {i}") for i in range(1, 12)), Category(99, "غير مذكور")),
        missing=(99,),
    )
    doubts = Variable(
        "doubts",
        Level.ORDINAL,
        label="درجة خيبة الأمل",
        choices=(Category(1, "لا شيء"), Category(2, "طفيفة"), Category(9, "غير مذكور")),
        missing=(9,),
    )
    form = CodebookForm()
    qtbot.addWidget(form)
    form.set_codebook(Codebook((country, doubts)))
    combo = form.row(country.uuid).editor.combo  # type: ignore[union-attr]
    font = combo.itemData(12, Qt.ItemDataRole.FontRole)
    assert font is None or not font.italic()
    assert combo.itemData(12, Qt.ItemDataRole.ForegroundRole) is not None  # still muted
    buttons = form.row(doubts.uuid).editor.buttons()  # type: ignore[attr-defined]
    assert not buttons[-1].font().italic() and buttons[-1].text().endswith("— missing")


def test_evidence_badges_and_first_variable(form: CodebookForm, codebook: Codebook) -> None:
    gender = uid(codebook, "gender")
    form.set_evidence_counts({gender: 2, uid(codebook, "age"): 1})
    assert form.row(gender).badge.text() == "2 quotes"
    assert form.row(uid(codebook, "age")).badge.text() == "1 quote"
    assert form.row(uid(codebook, "memo")).badge.text() == ""
    assert form.first_variable() == uid(codebook, "age")


def test_current_variable_is_sticky_when_focus_leaves_the_form(
    qtbot: QtBot, form: CodebookForm, codebook: Codebook
) -> None:
    outside = QWidget(form.window())
    outside.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    form.focus_variable(uid(codebook, "gender"))
    with qtbot.assertNotEmitted(form.currentVariableChanged):
        outside.setFocus()
    assert form.current_variable() == uid(codebook, "gender")


def test_a_stored_code_missing_from_the_codebook_is_flagged(form: CodebookForm, codebook: Codebook) -> None:
    gender, country = uid(codebook, "gender"), uid(codebook, "country")
    form.set_values({gender: 5, country: 99})
    assert form.row(gender).status.text() == "unknown code"
    assert form.row(country).status.text() == "unknown code"
    assert not any(b.isChecked() for b in form.row(gender).editor.buttons())
    form.set_values({gender: 1, country: 1})
    assert form.row(gender).status.text() == form.row(country).status.text() == ""
