"""Digits typed into a choice list: nothing typed is dropped, and every pick (or miss) is said.

Driven by key presses like a coder's, on the demo codebook: "Motivations for joining" (ten options
and "0 None apply", keys by position), "Main role in the group" (codes 1–10 and 99: by position),
"Country of origin" (14 choices, a combo), "Emotional tone at interview" (codes 1–5).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.gui.bidi import strip_isolates
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
from ictool.gui.widgets.editor_base import TYPING_MS
from tests.gui.conftest import ScriptedPrompter, on_variable

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def status(window: MainWindow) -> str:
    return strip_isolates(window.statusBar().currentMessage())


# -- 1. a digit that cannot extend the position commits the pending one -------------------------------


def test_one_then_two_quickly_ticks_both(qtbot: QtBot, window: MainWindow, coder: CoderWorkspace) -> None:
    view, motivations, doc = on_variable(coder, "motivations")
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # "12" is no position of ten: the 1 counts, then the 2
    assert view.session.value(doc, motivations.uuid) == (1, 2)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    qtbot.keyClick(focused(), Qt.Key.Key_1)  # "11": the first 1 unticks 1, the second waits
    assert view.session.value(doc, motivations.uuid) == (2,)
    qtbot.waitUntil(lambda: view.session.value(doc, motivations.uuid) == (1, 2), timeout=3 * TYPING_MS)


def test_ten_after_ticking_one_and_two_adds_ten(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    view, motivations, doc = on_variable(coder, "motivations")
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_Tab):  # Tab commits the waiting 2
        qtbot.keyClick(focused(), key)
    assert view.session.value(doc, motivations.uuid) == (1, 2)
    view.form.focus_variable(motivations.uuid)
    qtbot.keyClicks(focused(), "10")  # 10 is final: no pause needed
    assert view.session.value(doc, motivations.uuid) == (1, 2, 10)


# -- 2. leaving the variable commits what was typed -------------------------------------------------


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_U, CTRL),  # next uncoded variable
        (Qt.Key.Key_Right, ALT),  # next document
        (Qt.Key.Key_Return, CTRL),  # mark done
    ],
)
def test_a_digit_still_waiting_is_saved_when_the_coder_moves_on(
    qtbot: QtBot,
    window: MainWindow,
    coder: CoderWorkspace,
    prompter: ScriptedPrompter,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier,
) -> None:
    prompter.answer = True
    view, motivations, doc = on_variable(coder, "motivations")
    qtbot.keyClick(focused(), Qt.Key.Key_1)  # 1 could still become 10: it waits for the pause
    qtbot.keyClick(focused(), key, modifier)
    assert view.session.value(doc, motivations.uuid) == (1,)


def test_closing_the_window_saves_a_waiting_digit(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    view, motivations, doc = on_variable(coder, "motivations")
    session = view.session
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    coder.commit_pending()  # what the shell calls before the window closes
    assert session.value(doc, motivations.uuid) == (1,)


# -- 3. a digit's pick is named, with its code -------------------------------------------------------


def test_nine_in_a_long_list_names_what_it_picked(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    view, role, doc = on_variable(coder, "role")
    qtbot.keyClick(focused(), Qt.Key.Key_9)  # position 9 is Guard (code 9); Not mentioned is 99
    assert view.session.value(doc, role.uuid) == 9
    assert status(window) == "Main role in the group: 9 → Guard (code 9)"
    view, country, doc = on_variable(coder, "country")
    qtbot.keyClick(focused(), Qt.Key.Key_9)
    assert view.session.value(doc, country.uuid) == 9
    assert status(window) == "Country of origin: 9 → Morocco (code 9)"
    qtbot.keyClicks(focused(), "14")
    assert view.session.value(doc, country.uuid) == 99
    assert status(window) == "Country of origin: 14 → Not mentioned (code 99)"


def test_ticking_and_unticking_is_named(qtbot: QtBot, window: MainWindow, coder: CoderWorkspace) -> None:
    on_variable(coder, "motivations")
    qtbot.keyClicks(focused(), "10")
    assert status(window) == "Motivations for joining: 10 → Coercion (code 10), ticked"
    qtbot.keyClicks(focused(), "10")
    assert status(window) == "Motivations for joining: 10 → Coercion (code 10), unticked"


# -- 4. a digit that picks nothing says so -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key", "said"),
    [
        ("emotional_tone", Qt.Key.Key_9, "No choice 9 here (1–5)"),
        ("gender", Qt.Key.Key_5, "No choice 5 here (1–3, 9)"),
        ("country", Qt.Key.Key_0, "No choice 0 here (1–14)"),
    ],
)
def test_a_digit_with_no_choice_beeps_and_says_so(
    qtbot: QtBot,
    window: MainWindow,
    coder: CoderWorkspace,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    key: Qt.Key,
    said: str,
) -> None:
    beeps: list[None] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(None)))
    view, variable, doc = on_variable(coder, name)
    qtbot.keyClick(focused(), key)
    assert status(window) == said
    assert beeps == [None]
    assert view.session.value(doc, variable.uuid) is None
