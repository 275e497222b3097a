"""The coder workspace driven like a coder drives it: keyboard, undo, evidence, reopen, failures."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.core import coding
from ictool.core.codebook.model import Kind
from ictool.core.project import CoderPackage, Project
from ictool.core.records import Status
from ictool.core.setup.coders import add_coders
from ictool.core.team import hand_back as core_hand_back
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.models.document_list import DocumentListModel, StatusFilterProxy
from ictool.gui.models.evidence_list import EvidenceListModel
from ictool.gui.shell.window import MainWindow
from ictool.gui.widgets.editor_base import keys_by_code
from ictool.gui.widgets.variable_editors import ChoiceCombo
from tests.gui.conftest import MakeWindow, ScriptedPrompter, coder_of, on_variable


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def stored(path: Path) -> dict[tuple[str, str], object]:
    """(document id, variable name) -> value, read back through the core after the window closed."""
    with CoderPackage.open(path, readonly=True) as p:
        me = p.owner
        names = {v.uuid: v.name for v in p.codebook}
        return {(r.document, names[r.variable_uuid]): r.value for r in coding.all_values(p, me.uuid)}


def test_code_a_whole_document_by_keyboard(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, package: Path
) -> None:
    ws = coder.view
    form = ws.form
    doc_id = ws.documents.model.document(0).doc_id
    first = form.first_variable()
    assert first is not None
    form.focus_variable(first)  # the coder clicks into the form once; the rest is keys
    expected: dict[str, object] = {}
    seen: list[str] = []
    n = len(ws.session.codebook)
    for i in range(n):
        current = form.current_variable()
        assert current is not None and current not in seen
        seen.append(current)
        var = ws.session.codebook.by_uuid(current)
        assert var is not None
        if var.kind is Kind.SINGLE:
            if isinstance(form.row(current).editor, ChoiceCombo):  # type: ignore[union-attr]
                qtbot.keyClicks(focused(), "2")
                qtbot.keyClick(focused(), Qt.Key.Key_Return)
            else:  # the key shown beside the second choice: its code, or its position
                qtbot.keyClicks(focused(), str(var.choices[1].code) if keys_by_code(var) else "2")
            expected[var.name] = var.choices[1].code
        elif var.kind is Kind.MULTI:
            # 2 and 3 are whole positions even in a list of 10–19 options ("1" would wait for "13").
            qtbot.keyClick(focused(), Qt.Key.Key_3)
            qtbot.keyClick(focused(), Qt.Key.Key_2)
            expected[var.name] = (var.choices[1].code, var.choices[2].code)
        elif var.kind is Kind.NUMBER:
            number = var.minimum if var.minimum is not None else 1
            qtbot.keyClicks(focused(), str(number))
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
            expected[var.name] = number
        else:
            qtbot.keyClicks(focused(), "Typed by keyboard")
            expected[var.name] = "Typed by keyboard"
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        if i < n - 1:
            qtbot.waitUntil(lambda c=current: form.current_variable() != c, timeout=2000)  # type: ignore[misc]
    assert set(seen) == {v.uuid for v in ws.session.codebook}
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ws.session.status(ws.current).value == "done"  # type: ignore[arg-type]
    window.close()
    values = stored(package)
    for name, value in expected.items():
        assert values[(doc_id, name)] == value, name


def test_undo_and_redo(qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, package: Path) -> None:
    ws, gender, doc = on_variable(coder, "gender")
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    assert ws.session.value(doc, gender.uuid) == gender.choices[0].code
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    assert ws.session.value(doc, gender.uuid) == gender.choices[1].code
    coder.actions.undo.trigger()
    assert ws.session.value(doc, gender.uuid) == gender.choices[0].code
    assert ws.form.value(gender.uuid) == gender.choices[0].code
    coder.actions.undo.trigger()
    assert ws.session.value(doc, gender.uuid) is None
    assert ws.form.value(gender.uuid) is None
    coder.actions.redo.trigger()
    coder.actions.redo.trigger()
    assert ws.session.value(doc, gender.uuid) == gender.choices[1].code
    assert "Set" in coder.actions.undo.text()


def test_undo_of_another_documents_change_shows_that_document(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    first = ws.current
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    coder.actions.next.trigger()
    assert ws.current != first
    coder.actions.undo.trigger()
    assert ws.current == first
    assert ws.session.value(first, gender.uuid) is None  # type: ignore[arg-type]


def test_reopen_shows_exactly_what_was_there(qtbot: QtBot, make_window: MakeWindow, package: Path) -> None:
    w = make_window()
    assert w.open_file(package)
    ws = coder_of(w).view
    age = ws.session.codebook.get("age_joining")
    assert age is not None
    ws.form.focus_variable(age.uuid)
    qtbot.keyClicks(focused(), "27")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    ws.notes.memo.setFocus()
    qtbot.keyClicks(ws.notes.memo, "R. hesitates about dates")
    coder_of(w).actions.next.trigger()  # leaving the document commits the memo
    w.close()
    again = make_window()
    assert again.open_file(package)
    ws2 = coder_of(again).view
    assert ws2.form.value(age.uuid) == 27
    assert ws2.notes.memo.toPlainText() == "R. hesitates about dates"
    again.close()


def select_quote(coder: CoderWorkspace, quote: str) -> tuple[int, int]:
    """Select ``quote`` in the transcript the way a mouse drag would (Qt UTF-16 positions)."""
    ws = coder.view
    edit = ws.transcript.text_edit()
    text = edit.toPlainText()  # a Python str: indices are code points
    start = text.find(quote)
    assert start >= 0

    def utf16(i: int) -> int:  # Qt positions count UTF-16 units
        return len(text[:i].encode("utf-16-le")) // 2

    cursor = QTextCursor(edit.document())
    cursor.setPosition(utf16(start))
    cursor.setPosition(utf16(start + len(quote)), QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    return utf16(start), utf16(start + len(quote))


@pytest.mark.parametrize("doc_id", ["INT-004", "INT-012"])
def test_attach_and_remove_evidence_in_emoji_and_arabic_text(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, package: Path, doc_id: str
) -> None:
    ws = coder.view
    doc = next(d for d in ws.session.documents() if d.doc_id == doc_id)
    ws.show_document(doc.uuid)
    text = ws.session.text(doc.uuid)
    # A quote after the first non-BMP or Arabic character, so code points and UTF-16 differ.
    if doc_id == "INT-004":
        at = text.index("🙂")
        quote = text[at + 2 : at + 40]
    else:
        quote = text.split("\n")[-3][:30].strip() or text[200:230]
    utf16 = select_quote(coder, quote)
    expected = text.find(quote)
    if doc_id == "INT-004":
        assert utf16[0] == expected + 1  # the emoji is two UTF-16 units: the positions really differ
    role = ws.session.codebook.get("role")
    assert role is not None
    ws.form.focus_variable(role.uuid)
    coder.actions.evidence.trigger()
    items = ws.session.evidence(doc.uuid)
    assert [(e.start, e.end, e.quote) for e in items] == [(expected, expected + len(quote), quote)]
    assert ws.notes.evidence.model.rowCount() == 1
    assert ws.notes.tabText(0) == "Evidence (1)"
    ws.notes.evidence.view.setCurrentIndex(ws.notes.evidence.model.index(0))
    ws.notes.evidence.view.setFocus()
    qtbot.keyClick(ws.notes.evidence.view, Qt.Key.Key_Delete)
    assert ws.session.evidence(doc.uuid) == []
    coder.actions.undo.trigger()  # removal undone: the same quote is back
    assert [e.quote for e in ws.session.evidence(doc.uuid)] == [quote]


def test_attach_without_selection_explains(
    window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter
) -> None:
    coder.actions.evidence.trigger()
    assert prompter.calls and prompter.calls[-1][0] == "inform"
    assert "Select" in prompter.calls[-1][2]


@pytest.mark.parametrize("answer", [True, False])
def test_mark_done_with_uncoded_variables_warns(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter, answer: bool
) -> None:
    prompter.answer = answer
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    coder.actions.done.trigger()
    kind, _title, text = prompter.calls[-1]
    assert kind == "confirm" and "not coded" in text and "Country of origin" in text
    expected = Status.DONE if answer else Status.IN_PROGRESS
    assert ws.session.status(ws.current) is expected  # type: ignore[arg-type]
    assert ws.documents.model.status(ws.current) is expected  # type: ignore[arg-type]


def test_invalid_number_is_refused(qtbot: QtBot, window: MainWindow, coder: CoderWorkspace) -> None:
    ws = coder.view
    age = ws.session.codebook.get("age_joining")
    assert age is not None
    ws.form.focus_variable(age.uuid)
    for typed in ("500", "1e3x", "-4"):
        line = focused()
        line.clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(line, typed)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        assert ws.session.value(ws.current, age.uuid) is None, typed  # type: ignore[arg-type]
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    line = focused()
    line.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(line, "999")  # the declared missing code is accepted although above max
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert ws.session.value(ws.current, age.uuid) == 999  # type: ignore[arg-type]


def test_failed_save_tells_the_coder_and_keeps_saved_values(
    qtbot: QtBot,
    window: MainWindow,
    coder: CoderWorkspace,
    prompter: ScriptedPrompter,
    package: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # where closing writes what was not saved
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    project = ws.session.file
    # The drive goes read-only under our feet: swap in a read-only connection.
    project.db.conn.close()
    from ictool.core.store.database import Database

    project.db = Database(sqlite3.connect(f"{package.resolve().as_uri()}?mode=ro", uri=True))
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    assert prompter.calls[-1][0] == "warn" and "not saved" in prompter.calls[-1][2].lower()
    assert window.save_label.text() == "NOT SAVED · 1 change waiting"
    assert ws.form.value(gender.uuid) == gender.choices[1].code  # what the coder picked stays, marked
    assert ws.session.value(ws.current, gender.uuid) == gender.choices[0].code  # type: ignore[arg-type]
    window.close()  # asks (the prompter says yes): what was not saved goes to a text file
    assert stored(package)[(ws.documents.model.document(0).doc_id, "gender")] == gender.choices[0].code


def test_project_opened_as_a_coder_shows_only_that_coder(make_window: MakeWindow, demo_project: Path) -> None:
    project = demo_project
    w = make_window()
    assert w.open_file(project, coder_name="Jonas")
    ws = coder_of(w).view
    with Project.open(project, readonly=True) as p:
        jonas, amira = p.coder("Jonas"), p.coder("Amira")
        for doc in p.documents()[:4]:
            ws.show_document(doc.uuid)
            mine = coding.values(p, jonas.uuid, doc.uuid)
            for var in p.codebook:
                assert ws.form.value(var.uuid) == mine.get(var.uuid), (doc.doc_id, var.name)
            theirs = coding.values(p, amira.uuid, doc.uuid)
            assert any(mine.get(k) != v for k, v in theirs.items())  # the two coders do differ
    w.close()


def test_drop_a_file_opens_it(make_window: MakeWindow, package: Path, qtbot: QtBot) -> None:
    w = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(package))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    w.dropEvent(event)
    assert w.workspace is None  # opened once the drop has ended, not inside it
    qtbot.waitUntil(lambda: w.workspace is not None)
    assert w.workspace is not None and w.workspace.file.path == package
    assert w.recent_files()[0] == str(package.resolve())
    w.close()


def test_opening_a_foreign_file_warns(
    make_window: MakeWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    w = make_window()
    junk = tmp_path / "notes.ictcoder"
    junk.write_bytes(b"hello")
    assert not w.open_file(junk)
    assert prompter.calls[-1][0] == "warn" and "not a SQLite database" in prompter.calls[-1][2]
    assert junk.read_bytes() == b"hello"
    w.close()


def test_backups_are_rotated_beside_the_package(make_window: MakeWindow, package: Path) -> None:
    folder = package.with_name(package.name + ".backups")

    def session() -> list[Path]:
        w = make_window()
        assert w.open_file(package)
        w.close()
        return sorted(folder.glob("*.bak"))

    first = session()
    assert len(first) == 1
    assert session() == first  # unchanged since the last copy: no second copy of the same state
    for _ in range(6):  # changed between sessions (as by another program): a new copy each time
        with sqlite3.connect(package) as conn:
            conn.execute("UPDATE documents SET title = title || '.'")
        conn.close()
        backups = session()
    assert len(backups) == 5  # the newest five kept
    with CoderPackage.open(backups[-1], readonly=True) as copy:
        assert isinstance(copy, CoderPackage)
        assert all(d.title.endswith("......") for d in copy.documents())


def test_shortcuts_dialog_lists_the_actions(window: MainWindow) -> None:
    rows = dict(window.shortcut_rows())
    assert rows["Mark document done"].startswith("Ctrl+Return")
    assert "Alt+Right" in rows["Next document"]
    assert "Ctrl+E" in rows["Attach evidence"]
    assert "Ctrl+Shift+Z" in rows["Redo"] and "Ctrl+Z" in rows["Undo"]


def test_models_pass_the_model_tester(qtmodeltester, window: MainWindow, coder: CoderWorkspace) -> None:  # type: ignore[no-untyped-def]
    ws = coder.view
    qtmodeltester.check(ws.documents.model)
    qtmodeltester.check(ws.documents.proxy)
    qtmodeltester.check(ws.notes.evidence.model)
    fresh_docs = DocumentListModel()
    qtmodeltester.check(fresh_docs)
    proxy = StatusFilterProxy()
    proxy.setSourceModel(fresh_docs)
    qtmodeltester.check(proxy)
    qtmodeltester.check(EvidenceListModel())


def test_status_filter(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter
) -> None:
    ws = coder.view
    coder.actions.done.trigger()  # confirm answers yes
    panel = ws.documents
    panel.filter.setCurrentIndex(3)  # Done
    assert panel.proxy.rowCount() == 1
    panel.filter.setCurrentIndex(1)  # Not started: and the shown (done) document while it is shown
    assert panel.proxy.rowCount() == panel.model.rowCount()
    coder.actions.next.trigger()
    assert panel.proxy.rowCount() == panel.model.rowCount() - 1
    assert panel.progress_label.text() == f"1 of {panel.model.rowCount()} documents done"


def test_hand_back_runs_in_a_worker_and_names_the_one_file(
    qtbot: QtBot,
    coder: CoderWorkspace,
    prompter: ScriptedPrompter,
    package: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []

    def check(package: CoderPackage) -> core_hand_back.HandBackReport:
        threads.append(threading.current_thread())
        return core_hand_back.check_hand_back(package)

    monkeypatch.setattr("ictool.gui.coder.hand_back.check_hand_back", check)
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    coder.actions.done.trigger()  # confirm says yes
    assert coder.actions.hand_back.isEnabled()
    coder.actions.hand_back.trigger()
    qtbot.waitUntil(lambda: bool(prompter.shown), timeout=5000)
    assert threads and threads[0] is not threading.main_thread()
    kind, title, text = prompter.last()
    assert (kind, title) == ("inform_file", "Ready to hand back")
    assert prompter.shown == [package] and str(package) in text
    assert "1 of 12 documents done" in text
    assert not package.with_name(package.name + "-journal").exists()


def test_hand_back_says_what_is_wrong(
    qtbot: QtBot, coder: CoderWorkspace, prompter: ScriptedPrompter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(package: CoderPackage) -> core_hand_back.HandBackReport:
        report = core_hand_back.check_hand_back(package)
        report.problems.append("the file failed its integrity check (page 3); use a backup copy")
        return report

    monkeypatch.setattr("ictool.gui.coder.hand_back.check_hand_back", damaged)
    coder.actions.hand_back.trigger()
    qtbot.waitUntil(lambda: len(prompter.calls) > 0, timeout=5000)
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "Not ready to hand back")
    assert "• the file failed its integrity check (page 3)" in text and not prompter.shown


def test_hand_back_is_for_packages_only(make_window: MakeWindow, demo_project: Path) -> None:
    w = make_window()
    assert w.open_file(demo_project, coder_name="Amira")
    assert not coder_of(w).actions.hand_back.isEnabled()
    assert coder_of(w).actions.hand_back in w.file_menu.actions()


def test_list_titles_do_not_repeat_the_id() -> None:
    from ictool.core.records import DocumentInfo
    from ictool.gui.models.document_list import short_title

    def doc(doc_id: str, title: str) -> DocumentInfo:
        return DocumentInfo("u", doc_id, title, "f.txt", "", 0, 0)

    assert short_title(doc("INT-001", 'Interview INT-001 — "Daniel", Germany')) == '"Daniel", Germany'
    assert short_title(doc("INT-002", "INT-002")) == ""
    assert short_title(doc("A", "A story About Sami")) == "story About Sami"
    assert short_title(doc("Ab", "About Sami")) == "About Sami"


def test_a_coder_with_no_documents_sees_why(make_window: MakeWindow, tmp_path: Path, codebook) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.ictool"
    with Project.create(path, codebook) as p:
        add_coders(p, ["Solo"])
    w = make_window()
    assert w.open_file(path, coder_name="Solo")
    ws = coder_of(w).view
    assert ws.current is None
    assert ws.form.is_read_only()
    assert not ws.header.done_button.isEnabled()
    coder_of(w).actions.next.trigger()
    coder_of(w).actions.done.trigger()
    assert "No documents" in ws.header.title.text()
    w.close()


def test_a_refused_open_leaves_no_wait_cursor_or_message(
    make_window: MakeWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    from PySide6.QtGui import QGuiApplication

    foreign = tmp_path / "notes.ictool"
    foreign.write_text("not a database", encoding="utf-8")
    window = make_window()
    assert not window.open_file(foreign)
    assert QGuiApplication.overrideCursor() is None
    assert window.statusBar().currentMessage() == ""
    assert [c[0] for c in prompter.calls] == ["warn"]
