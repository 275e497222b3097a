"""The transcript pane: code-point API over Qt's UTF-16, highlights, find, clicks, memory, zoom."""

from __future__ import annotations

import bisect
import functools
import time

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from ictool.gui.widgets.transcript_view import TranscriptView

FAMILY = "👨\u200d👩\u200d👧"
MIXED = (
    "Interview 7 🙂 recorded in Amman\n"
    "س: متى انضممت إلى المجموعة؟ 🙂\n"
    f"ج: كنت في السابعة عشرة {FAMILY} وكان أصدقائي هناك.\n"
    "I: And then? 中文 e\u0301\n"
    f"R: I left when they asked me to hurt people {FAMILY}. That was the end of it.\n"
)


@functools.cache
def utf16_starts(text: str) -> list[int]:
    """UTF-16 offset of every code point (and the end), counted independently of the code under test."""
    starts = [0]
    for ch in text:
        starts.append(starts[-1] + len(ch.encode("utf-16-le")) // 2)
    return starts


def u16(text: str, i: int) -> int:
    return utf16_starts(text)[i]


def cp(text: str, u: int) -> int:
    return bisect.bisect_left(utf16_starts(text), u)


def long_text(paragraphs: int = 400) -> str:
    lines = []
    for n in range(paragraphs):
        lines.append(f"I: Question {n}: could you say more about what happened next?")
        lines.append(
            f"R: Answer {n}. We met most evenings, and after a while it felt like family to me. " * 2
        )
    return "\n".join(lines)


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    widget = TranscriptView()
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def select_u16(view: TranscriptView, start: int, end: int) -> None:
    cursor = QTextCursor(view.text_edit().document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.text_edit().setTextCursor(cursor)


def extra_spans(view: TranscriptView, text: str) -> list[tuple[int, int]]:
    return [
        (cp(text, s.cursor.selectionStart()), cp(text, s.cursor.selectionEnd()))
        for s in view.text_edit().extraSelections()
    ]


@pytest.mark.parametrize(
    "quote", ["كنت في السابعة", "hurt people", FAMILY, "🙂", "中文 e\u0301", "Amman\nس: متى"]
)
def test_selection_span_is_in_code_points(view: TranscriptView, quote: str) -> None:
    view.set_document("doc", MIXED)
    start = MIXED.find(quote)
    assert view.selection_span() is None
    with_signal = []
    view.selectionChanged.connect(lambda: with_signal.append(1))
    select_u16(view, u16(MIXED, start), u16(MIXED, start + len(quote)))
    span = view.selection_span()
    assert span == (start, start + len(quote))
    assert MIXED[span[0] : span[1]] == quote
    assert with_signal


def test_document_text_matches_utf16_length(view: TranscriptView) -> None:
    view.set_document("doc", MIXED)
    doc = view.text_edit().document()
    assert doc.characterCount() - 1 == u16(MIXED, len(MIXED))
    assert doc.toPlainText() == MIXED


def test_evidence_highlights_exactly_the_spans(view: TranscriptView) -> None:
    view.set_document("doc", MIXED)
    spans = [
        (q, MIXED.find(q), MIXED.find(q) + len(q)) for q in ("وكان أصدقائي", "hurt people " + FAMILY, "🙂")
    ]
    view.set_evidence([(f"ev-{i}", s, e, f"tip {i}") for i, (_, s, e) in enumerate(spans)])
    assert sorted(extra_spans(view, MIXED)) == sorted((s, e) for _, s, e in spans)
    for quote, s, e in spans:
        assert MIXED[s:e] == quote

    view.set_emphasis({"ev-0"})
    selections = view.text_edit().extraSelections()
    last = selections[-1]  # emphasised spans are drawn on top
    assert (cp(MIXED, last.cursor.selectionStart()), cp(MIXED, last.cursor.selectionEnd())) == spans[0][1:]
    assert last.format.fontUnderline()
    assert not selections[0].format.fontUnderline()
    assert last.format.background().color() != selections[0].format.background().color()

    view.set_evidence([("bad", 5, 5, ""), ("out", 10_000, 10_010, "")])  # empty or outside: skipped
    assert view.text_edit().extraSelections() == []


def test_highlights_follow_a_dark_palette(view: TranscriptView) -> None:
    view.set_document("doc", MIXED)
    view.set_evidence([("e", 0, 9, "")])
    selections = view.text_edit().extraSelections()  # held: PySide frees temporaries' members
    light = QColor(selections[0].format.background().color())
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    view.setPalette(dark)
    selections = view.text_edit().extraSelections()
    tint = selections[0].format
    assert light.lightnessF() > 0.6
    assert tint.background().color().lightnessF() < 0.4
    assert tint.foreground().color().lightnessF() > 0.8


def test_switching_documents_clears_highlights(view: TranscriptView) -> None:
    view.set_document("a", MIXED)
    view.set_evidence([("e", 0, 9, "")])
    view.set_document("b", "other text")
    assert view.text_edit().extraSelections() == []


def test_scroll_to_span_centres_and_flashes(view: TranscriptView, qtbot: QtBot) -> None:
    text = long_text()
    view.set_document("doc", text)
    start = text.find("Answer 300.")
    view.scroll_to_span(start, start + 11)
    edit = view.text_edit()
    rect = edit.cursorRect()
    height = edit.viewport().height()
    assert height * 0.25 < rect.center().y() < height * 0.75
    assert edit.textCursor().position() == start and not edit.textCursor().hasSelection()
    assert (start, start + 11) in extra_spans(view, text)
    qtbot.waitUntil(lambda: edit.extraSelections() == [], timeout=3000)


def point_inside(view: TranscriptView, pos16: int) -> QPoint:
    """The middle of the character at ``pos16``: between its two caret positions (either direction)."""
    view.text_edit().viewport().repaint()  # lays out and aligns what is on screen, as a user would see it
    rects = []
    for pos in (pos16, pos16 + 1):
        cursor = QTextCursor(view.text_edit().document())
        cursor.setPosition(pos)
        rects.append(view.text_edit().cursorRect(cursor))
    return QPoint((rects[0].x() + rects[1].x()) // 2, rects[0].center().y())


def test_click_inside_evidence_emits_its_id(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("doc", MIXED)
    start = MIXED.find("hurt people")
    view.set_evidence([("outer", start - 10, start + 30, ""), ("inner", start, start + 11, "")])
    viewport = view.text_edit().viewport()
    with qtbot.waitSignal(view.evidenceClicked) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_inside(view, u16(MIXED, start + 2)))
    assert blocker.args == ["inner"]  # the most specific span wins
    with qtbot.waitSignal(view.evidenceClicked) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_inside(view, u16(MIXED, start - 5)))
    assert blocker.args == ["outer"]
    with qtbot.assertNotEmitted(view.evidenceClicked):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point_inside(view, 2))
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(780, 10))  # blank, right of line 1


def test_click_inside_right_to_left_evidence(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("doc", MIXED)
    quote = "كنت في السابعة"
    start = MIXED.find(quote)
    view.set_evidence([("arabic", start, start + len(quote), "")])
    viewport = view.text_edit().viewport()
    point = point_inside(view, u16(MIXED, start + 4))
    assert point.x() > viewport.width() / 2  # the paragraph is right-aligned
    with qtbot.waitSignal(view.evidenceClicked) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == ["arabic"]
    with qtbot.assertNotEmitted(view.evidenceClicked):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=QPoint(40, point.y()))  # blank, left of it


def test_drag_or_modified_click_does_not_emit(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("doc", MIXED)
    start = MIXED.find("hurt people")
    view.set_evidence([("ev", start, start + 11, "")])
    viewport = view.text_edit().viewport()
    a, b = point_inside(view, u16(MIXED, start)), point_inside(view, u16(MIXED, start + 9))
    with qtbot.assertNotEmitted(view.evidenceClicked):
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=a)
        qtbot.mouseMove(viewport, b)
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=b)
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=a)


FIND_TEXT = "alpha beta Alpha\ngamma alpha 🙂 alpha\nALPHA delta alpha.\n"


def type_pattern(view: TranscriptView, qtbot: QtBot, pattern: str, expected: str) -> None:
    field = view.find_bar().field
    field.selectAll()
    qtbot.keyClicks(field, pattern)
    qtbot.waitUntil(lambda: view.find_bar().count_label.text() == expected, timeout=2000)


def test_find_counts_navigates_and_toggles_case(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("doc", FIND_TEXT)
    bar = view.find_bar()
    assert not bar.isVisible()
    view.show_find()
    assert bar.isVisible()
    type_pattern(view, qtbot, "alpha", "1 of 6")
    starts = [i for i in range(len(FIND_TEXT)) if FIND_TEXT[i : i + 5].lower() == "alpha"]
    assert view.selection_span() == (starts[0], starts[0] + 5)
    find_highlights = [s for s in extra_spans(view, FIND_TEXT) if FIND_TEXT[s[0] : s[1]].lower() == "alpha"]
    assert sorted(find_highlights) == [(s, s + 5) for s in starts]

    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 6"
    assert view.selection_span() == (starts[1], starts[1] + 5)
    view.find_next()
    view.find_next()
    assert view.selection_span() == (starts[3], starts[3] + 5)  # after the emoji: code points
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "3 of 6"
    view.find_previous()
    view.find_previous()
    view.find_previous()  # wraps round to the last hit
    assert bar.count_label.text() == "6 of 6"

    bar.case_button.click()
    qtbot.waitUntil(lambda: bar.count_label.text().endswith("of 4"), timeout=2000)
    assert all(FIND_TEXT[s:e] == "alpha" for s, e in extra_spans(view, FIND_TEXT) if e - s == 5)
    type_pattern(view, qtbot, "zebra", "No matches")


def test_find_continues_from_the_cursor(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("doc", FIND_TEXT)
    view.show_find()
    type_pattern(view, qtbot, "delta", "1 of 1")
    type_pattern(view, qtbot, "alpha", "6 of 6")  # first hit after the cursor, not the first one
    select_u16(view, 0, 0)
    view.find_next()
    assert view.find_bar().count_label.text() == "1 of 6"


def test_escape_closes_find_and_returns_focus(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("doc", FIND_TEXT)
    view.activateWindow()
    view.show_find()
    type_pattern(view, qtbot, "alpha", "1 of 6")
    assert len(view.text_edit().extraSelections()) == 6
    qtbot.keyClick(view.find_bar().field, Qt.Key.Key_Escape)
    assert not view.find_bar().isVisible()
    assert view.text_edit().extraSelections() == []
    assert QApplication.focusWidget() is view.text_edit()
    view.find_next()  # F3 after closing: the bar comes back with its hits, focus stays in the text
    assert view.find_bar().isVisible() and len(view.text_edit().extraSelections()) == 6


def test_find_highlights_are_capped_but_all_counted(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("doc", "word " * 5000)
    view.show_find()
    type_pattern(view, qtbot, "word", "1 of 5000")
    assert len(view.text_edit().extraSelections()) == 2000
    view.set_evidence([("e", 0, 4, "")])  # evidence and find highlights coexist
    assert len(view.text_edit().extraSelections()) == 2001


def test_find_in_a_new_document_keeps_the_bar_open(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_document("a", FIND_TEXT)
    view.show_find()
    type_pattern(view, qtbot, "alpha", "1 of 6")
    view.set_document("b", "alpha and alpha")
    assert view.find_bar().count_label.text() == "2 matches"
    assert len(view.text_edit().extraSelections()) == 2


def test_position_is_remembered_per_document(view: TranscriptView) -> None:
    text = long_text()
    edit = view.text_edit()
    view.set_document("a", text)
    start = text.find("Answer 200.")
    view.scroll_to_span(start, start + 5)
    select_u16(view, start, start + 6)
    top = edit.firstVisibleBlock().blockNumber()
    assert top > 100

    view.set_document("b", long_text(50))
    assert edit.firstVisibleBlock().blockNumber() == 0
    view.set_document("a", text)
    assert edit.firstVisibleBlock().blockNumber() == top
    assert view.selection_span() == (start, start + 6)
    view.set_document("c", "new")
    assert edit.firstVisibleBlock().blockNumber() == 0 and view.selection_span() is None


def test_rtl_paragraphs_are_right_aligned(view: TranscriptView) -> None:
    view.set_document("doc", MIXED)
    edit = view.text_edit()
    edit.viewport().repaint()
    doc = edit.document()
    right_edges: list[QRectF] = []
    left_edges: list[QRectF] = []
    for number in range(4):
        block = doc.findBlockByNumber(number)
        edit.blockBoundingRect(block)
        rect = block.layout().lineAt(0).naturalTextRect()
        (right_edges if block.textDirection() == Qt.LayoutDirection.RightToLeft else left_edges).append(rect)
    assert len(right_edges) == 2 and len(left_edges) == 2
    width = edit.viewport().width()
    assert all(abs(r.right() - (width - doc.documentMargin())) < 2 for r in right_edges)
    assert all(abs(r.left() - doc.documentMargin()) < 2 for r in left_edges)


def test_zoom_steps_and_back(view: TranscriptView, qtbot: QtBot) -> None:
    edit = view.text_edit()
    base = edit.font().pointSizeF()
    assert base >= 11
    with qtbot.waitSignal(view.zoomChanged) as blocker:
        view.zoom_in()
    assert blocker.args == [1] and view.zoom_level == 1
    assert edit.font().pointSizeF() > base
    view.zoom_out()
    view.zoom_out()
    assert edit.font().pointSizeF() < base
    view.reset_zoom()
    assert edit.font().pointSizeF() == base and view.zoom_level == 0
    view.zoom_level = 99
    assert view.zoom_level == 12


def test_ctrl_wheel_zooms(view: TranscriptView) -> None:
    edit = view.text_edit()
    event = QWheelEvent(
        QPointF(50, 50),
        QPointF(edit.viewport().mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(edit.viewport(), event)
    assert view.zoom_level == 1


def test_clear_document(view: TranscriptView) -> None:
    view.set_document("a", MIXED)
    view.set_evidence([("e", 0, 5, "")])
    view.clear_document()
    assert view.text_edit().toPlainText() == "" and view.text_edit().extraSelections() == []
    assert view.selection_span() is None


def test_only_highlights_near_the_screen_exist_as_selections(view: TranscriptView, qtbot: QtBot) -> None:
    """Placing a QTextCursor lays out its paragraph: far-away spans wait until scrolled to."""
    text = long_text()
    view.set_document("doc", text)
    first, last = text.find("Answer 1."), text.find("Answer 390.")
    view.set_evidence([("first", first, first + 9, ""), ("last", last, last + 11, "")])
    assert extra_spans(view, text) == [(first, first + 9)]
    edit = view.text_edit()
    edit.verticalScrollBar().setValue(edit.verticalScrollBar().maximum())
    edit.viewport().repaint()  # highlights follow the screen before each paint
    assert (last, last + 11) in extra_spans(view, text)
    assert (first, first + 9) not in extra_spans(view, text)


def test_find_counts_every_hit_in_a_long_text(view: TranscriptView, qtbot: QtBot) -> None:
    text = long_text()
    view.set_document("doc", text)
    view.show_find()
    type_pattern(view, qtbot, "evenings", f"1 of {text.count('evenings')}")
    shown = [s for s in extra_spans(view, text) if text[s[0] : s[1]] == "evenings"]
    assert 0 < len(shown) < text.count("evenings")
    view.find_previous()  # wraps to the last hit, far below: it is highlighted once shown
    assert view.selection_span() == (text.rfind("evenings"), text.rfind("evenings") + 8)
    edit = view.text_edit()
    edit.viewport().repaint()
    assert (text.rfind("evenings"), text.rfind("evenings") + 8) in extra_spans(view, text)


def test_evidence_tooltip(view: TranscriptView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    view.set_document("doc", MIXED)
    start = MIXED.find("hurt people")
    view.set_evidence([("ev", start, start + 11, "Motivations: Ideology")])
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *args: shown.append(text))
    viewport = view.text_edit().viewport()
    point = point_inside(view, u16(MIXED, start + 3))
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    assert shown == ["Motivations: Ideology"]


def test_switching_a_long_document_is_fast(view: TranscriptView) -> None:
    """A loose guard (the benchmark has the real figures): best of five well under 100 ms."""
    texts = [long_text(1500), long_text(1400)]  # ~215k and ~200k characters
    spans = [[(f"e{i}", i * 4000, i * 4000 + 80, "") for i in range(40)]] * 2
    timings = []
    for i in range(6):
        started = time.perf_counter()
        view.set_document(str(i % 2), texts[i % 2])
        view.set_evidence(spans[i % 2])
        timings.append(time.perf_counter() - started)
    assert len(texts[0]) > 200_000
    assert min(timings[1:]) < 0.1
