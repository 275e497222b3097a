"""Issue 17: a coder never loses a keystroke — full disks, invalid entries, second windows, read-only files.

Disk trouble is simulated by a store whose write function raises what SQLite raises on a full disk;
everything else is driven by real key and mouse events on the real window.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ictool.core import coding
from ictool.core.project import CoderPackage
from ictool.core.store import codings_repo
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
from ictool.gui.widgets.codebook_form import NOT_SAVED
from tests.gui.conftest import MakeWindow, ScriptedPrompter, coder_of, on_variable

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


class FullDisk:
    """Makes the store's writes fail as on a full disk until ``space()`` is called."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.names: list[str] = []

    def fill(self, *names: str) -> None:
        def full(*_args: object, **_kwargs: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        for name in names:
            self.monkeypatch.setattr(codings_repo, name, full)
            self.names.append(name)

    def space(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[FullDisk]:
    yield FullDisk(monkeypatch)


@pytest.fixture
def recovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user data folder, in the test's folder (the recovery note is written there)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))
    return tmp_path / "data" / "ictool" / "recovered"


def stored_value(path: Path, doc_uuid: str, variable: str) -> object:
    with CoderPackage.open(path, readonly=True) as p:
        var = p.codebook.get(variable)
        assert var is not None
        return coding.value(p, p.owner.uuid, doc_uuid, var.uuid)


def stored_memo(path: Path, doc_uuid: str) -> str:
    with CoderPackage.open(path, readonly=True) as p:
        return coding.memo(p, p.owner.uuid, doc_uuid)


def type_unicode(widget: QWidget, text: str) -> None:
    """Key presses carrying characters QTest cannot type (it knows only Latin-1 keys), as a keyboard
    layout for Arabic or Persian sends them: no Qt key code, the character as the event's text."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def paste(qtbot: QtBot, widget: QWidget, text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_V, CTRL)


# -- 1. a full disk while typing --------------------------------------------------------------------


LONG = "The respondent speaks at length about the years before joining, the family, the town. " * 220
LONG = LONG[:18_800]


def test_text_typed_on_a_full_disk_stays_marked_and_is_saved_when_space_returns(
    qtbot: QtBot,
    window: MainWindow,
    coder: CoderWorkspace,
    prompter: ScriptedPrompter,
    package: Path,
    disk: FullDisk,
) -> None:
    ws = coder.view
    memo_var = ws.session.codebook.get("coder_memo")
    assert memo_var is not None
    doc = ws.current
    assert doc is not None
    ws.form.focus_variable(memo_var.uuid)
    box = focused()
    disk.fill("put_value_text")
    paste(qtbot, box, LONG[:-10])
    qtbot.keyClicks(box, LONG[-10:])
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # leaving the field saves: the disk is full
    row = ws.form.row(memo_var.uuid)
    assert row is not None
    assert row.editor.edit.toPlainText() == LONG  # type: ignore[attr-defined]
    assert row.status.text() == NOT_SAVED and "disk is full" in row.status.toolTip()
    assert window.save_label.text() == "NOT SAVED · 1 change waiting"
    warnings = [c for c in prompter.calls if c[1] == "Not saved"]
    assert len(warnings) == 1 and "kept in the window" in warnings[0][2]
    # Away and back: still there, still marked; more failed pauses do not nag again.
    qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)
    assert ws.current != doc
    qtbot.keyClick(focused(), Qt.Key.Key_Left, ALT)
    assert ws.current == doc
    assert row.editor.edit.toPlainText() == LONG  # type: ignore[attr-defined]
    assert row.status.text() == NOT_SAVED
    assert len([c for c in prompter.calls if c[1] == "Not saved"]) == 1
    # Space comes back: the retry saves it without the coder doing anything.
    disk.space()
    coder.session._retry.setInterval(20)
    coder.session._retry.start()
    qtbot.waitUntil(lambda: not coder.session.unsaved(), timeout=3000)
    assert row.status.text() == "" and window.save_label.text().startswith("Saved ")
    assert coder.actions.undo.text() == f"&Undo Set {memo_var.display_label}"
    window.close()
    assert stored_value(package, doc, "coder_memo") == LONG


def test_a_failed_value_is_retried_when_the_coder_acts_again(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, package: Path, disk: FullDisk
) -> None:
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    age = ws.session.codebook.get("age_joining")
    assert gender is not None and age is not None
    doc = ws.current
    assert doc is not None
    ws.form.focus_variable(gender.uuid)
    disk.fill("put_value_text")
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    assert ws.form.value(gender.uuid) == 2  # shown as picked, marked not saved
    assert ws.form.row(gender.uuid).status.text() == NOT_SAVED  # type: ignore[union-attr]
    disk.space()
    ws.form.focus_variable(age.uuid)
    qtbot.keyClicks(focused(), "31")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # the next save writes the waiting one first
    assert not coder.session.unsaved()
    assert ws.form.row(gender.uuid).status.text() == ""  # type: ignore[union-attr]
    assert ws.session.value(doc, gender.uuid) == 2 and ws.session.value(doc, age.uuid) == 31
    coder.actions.undo.trigger()
    coder.actions.undo.trigger()
    assert ws.session.value(doc, gender.uuid) is None  # both became ordinary undo steps


def test_a_memo_typed_on_a_full_disk_survives_switching_documents_and_is_retried(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, package: Path, disk: FullDisk
) -> None:
    ws = coder.view
    doc = ws.current
    assert doc is not None
    disk.fill("put_memo")
    ws.notes.setCurrentIndex(1)
    ws.notes.memo.setFocus()
    qtbot.keyClicks(ws.notes.memo, "Dates do not add up; ask the lead")
    qtbot.keyClick(ws.notes.memo, Qt.Key.Key_Right, ALT)  # leaving the document commits: refused by the disk
    assert ws.current != doc
    qtbot.keyClick(focused(), Qt.Key.Key_Left, ALT)
    assert ws.notes.memo.toPlainText() == "Dates do not add up; ask the lead"
    assert ws.notes.tabText(1) == "Memo • not saved"
    disk.space()
    coder.session._retry.setInterval(20)
    coder.session._retry.start()
    qtbot.waitUntil(lambda: not coder.session.unsaved(), timeout=3000)
    assert ws.notes.tabText(1) == "Memo •"
    window.close()
    assert stored_memo(package, doc) == "Dates do not add up; ask the lead"


@pytest.mark.parametrize("answer", [False, True])
def test_closing_with_unsaved_values_asks_and_lists_them(
    qtbot: QtBot,
    window: MainWindow,
    coder: CoderWorkspace,
    prompter: ScriptedPrompter,
    disk: FullDisk,
    recovered: Path,
    answer: bool,
) -> None:
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    memo_var = ws.session.codebook.get("coder_memo")
    assert gender is not None and memo_var is not None
    disk.fill("put_value_text")
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    ws.form.focus_variable(memo_var.uuid)
    qtbot.keyClicks(focused(), "Spoke freely")
    prompter.answer = answer
    window.close()
    kind, _title, text = next(c for c in prompter.calls if c[1] == "Close without saving?")
    assert kind == "confirm" and "Gender: ‘Female’" in text and "‘Spoke freely’" in text
    if not answer:
        assert window.isVisible() and window.workspace is coder and not coder.closed
        assert ws.form.value(gender.uuid) == 2
        disk.space()
        prompter.answer = True
        window.close()  # tries again: now it saves, and closes without asking
        assert not window.isVisible()
        return
    assert not window.isVisible() and coder.closed
    (note,) = recovered.glob("*.txt")
    content = note.read_text(encoding="utf-8")
    assert "Gender (gender): Female  [code 2]" in content and "Spoke freely" in content
    assert prompter.shown == [note]


def test_hand_back_waits_for_unsaved_values(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter, disk: FullDisk
) -> None:
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    disk.fill("put_value_text")
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    coder.actions.hand_back.trigger()
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "Not ready to hand back") and "Gender: ‘Male’" in text
    assert coder.hand_back_task is None


# -- 4 and 8. a number that cannot be saved is never dropped ---------------------------------------


def type_over(qtbot: QtBot, text: str) -> None:
    line = focused()
    qtbot.keyClick(line, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(line, text)


def test_moving_away_from_an_invalid_number_says_so_and_keeps_the_coder_on_it(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter, package: Path
) -> None:
    ws = coder.view
    years = ws.session.codebook.get("education_years")
    assert years is not None
    doc = ws.current
    assert doc is not None
    ws.form.focus_variable(years.uuid)
    qtbot.keyClicks(focused(), "4")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert ws.session.value(doc, years.uuid) == 4
    type_over(qtbot, "2,5")
    qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)  # the next document: refused, with the reason
    assert ws.current == doc
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "Correct the value first")
    assert "‘2,5’ is not a number" in text and "saved value (4)" in text
    editor = ws.form.row(years.uuid).editor  # type: ignore[union-attr]
    assert focused() is editor.line and editor.line.text() == "2,5"  # type: ignore[attr-defined]
    # A click on another document in the list is refused the same way; the list shows the current one.
    panel = ws.documents
    rect = panel.view.visualRect(panel.proxy.index(3, 2))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ws.current == doc and panel.current_document() == doc
    assert editor.line.text() == "2,5"  # type: ignore[attr-defined]
    # Marking done is refused too; Escape brings the saved value back, and then moving on works.
    coder.actions.done.trigger()
    assert prompter.last()[1] == "Correct the value first"
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert editor.line.text() == "4"  # type: ignore[attr-defined]
    qtbot.keyClick(focused(), Qt.Key.Key_Right, ALT)
    assert ws.current != doc
    assert ws.session.value(doc, years.uuid) == 4


def test_undo_on_an_invalid_number_undoes_the_typing(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    years = ws.session.codebook.get("education_years")
    assert gender is not None and years is not None
    doc = ws.current
    assert doc is not None
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    ws.form.focus_variable(years.uuid)
    qtbot.keyClicks(focused(), "99.5.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    coder.actions.undo.trigger()
    editor = ws.form.row(years.uuid).editor  # type: ignore[union-attr]
    assert editor.line.text() == "" and editor.problem() is None  # type: ignore[attr-defined]
    assert ws.session.value(doc, gender.uuid) == 1  # the coded gender was not undone instead


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1e-400", "is too small to store: it would become 0"),
        ("29.99999999999999999", "cannot be stored exactly (it would become 30); round it"),
        ("12 3", "is not a number (write digits, with . for decimals)"),
    ],
)
def test_a_number_read_number_refuses_stays_with_its_reason(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, typed: str, reason: str
) -> None:
    ws = coder.view
    age = ws.session.codebook.get("age_joining")
    assert age is not None
    ws.form.focus_variable(age.uuid)
    qtbot.keyClicks(focused(), typed)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    editor = ws.form.row(age.uuid).editor  # type: ignore[union-attr]
    assert editor.line.text() == typed  # type: ignore[attr-defined]
    assert editor.problem() == f"‘{typed}’ {reason}" and editor.error.isVisible()  # type: ignore[attr-defined]
    assert ws.session.value(ws.current, age.uuid) is None  # type: ignore[arg-type]


def test_arabic_indic_digits_are_read_in_number_fields(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    ws = coder.view
    age = ws.session.codebook.get("age_joining")
    years = ws.session.codebook.get("years_in_group")
    assert age is not None and years is not None
    ws.form.focus_variable(age.uuid)
    type_unicode(focused(), "٣٥")  # Arabic-Indic 35
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert ws.session.value(ws.current, age.uuid) == 35  # type: ignore[arg-type]
    ws.form.focus_variable(years.uuid)
    type_unicode(focused(), "۲٫۵")  # Persian 2, the Arabic decimal separator, 5
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert ws.session.value(ws.current, years.uuid) == 2.5  # type: ignore[arg-type]


def test_closing_with_an_invalid_number_asks_and_keeps_the_typed_text(
    qtbot: QtBot,
    window: MainWindow,
    coder: CoderWorkspace,
    prompter: ScriptedPrompter,
    recovered: Path,
) -> None:
    ws = coder.view
    age = ws.session.codebook.get("age_joining")
    assert age is not None
    ws.form.focus_variable(age.uuid)
    qtbot.keyClicks(focused(), "2,5")
    prompter.answer = False
    window.close()
    kind, title, text = prompter.last()
    assert (kind, title) == ("confirm", "Close without saving?") and "‘2,5’ is not a number" in text
    assert window.isVisible()
    prompter.answer = True
    window.close()
    (note,) = recovered.glob("*.txt")
    assert "‘2,5’ is not a number" in note.read_text(encoding="utf-8")


# -- 5. one writer per file ---------------------------------------------------------------------------


def test_a_second_window_opens_read_only_says_why_and_follows_the_first(
    qtbot: QtBot, make_window: MakeWindow, package: Path, prompter: ScriptedPrompter
) -> None:
    first = make_window()
    assert first.open_file(package)
    second = make_window(prompter=ScriptedPrompter())
    assert second.open_file(package)
    one, two = coder_of(first), coder_of(second)
    assert not one.file.readonly and two.file.readonly
    banner = two.view.banner
    qtbot.waitUntil(two.view.isVisible)  # the window shows its new central widget from the event loop
    assert banner.isVisible() and "Opened read-only" in banner.text()
    assert "open for work by tester on this computer since" in banner.text()
    assert second.save_label.text() == "Read-only: nothing is saved"
    assert not two.actions.evidence.isEnabled() and not two.actions.done.isEnabled()
    assert not one.view.banner.isVisible()
    # The first window codes; the second shows it without being asked (no stale form).
    gender = one.session.codebook.get("gender")
    assert gender is not None
    activate(qtbot, first)
    one.view.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    two.view._follow.setInterval(20)
    qtbot.waitUntil(lambda: two.view.form.value(gender.uuid) == 2, timeout=3000)
    # The second window refuses typing: its form is read-only.
    activate(qtbot, second)
    two.view.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    assert two.session.value(two.view.current, gender.uuid) == 2  # type: ignore[arg-type]
    second.close()
    first.close()
    assert not package.with_name(package.name + ".lock").exists()


def test_an_undo_does_not_write_over_a_newer_value_from_elsewhere(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter, package: Path
) -> None:
    ws, gender, doc = on_variable(coder, "gender")
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    with CoderPackage.open(package) as elsewhere:  # another program writes meanwhile
        coding.set_value(elsewhere, elsewhere.owner.uuid, doc, gender.uuid, 3)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "Change refused")
    assert "changed elsewhere since (it is now ‘Other or non-binary’)" in text
    assert ws.session.value(doc, gender.uuid) == 3 and ws.form.value(gender.uuid) == 3
    assert not coder.actions.undo.isEnabled()  # the refused step is gone, not offered again


# -- 9 and 14. a file that goes away while open -----------------------------------------------------


def test_hand_back_on_a_package_deleted_while_open_offers_to_write_it_back(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, prompter: ScriptedPrompter, package: Path
) -> None:
    ws, gender, doc = on_variable(coder, "gender")
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    package.unlink()  # deleted while open: the window still reads what it saved
    qtbot.keyClick(focused(), Qt.Key.Key_2)  # not saved into a file nobody will see again: kept
    assert prompter.last()[1] == "Not saved" and "no longer there" in prompter.last()[2]
    assert ws.form.row(gender.uuid).status.text() == NOT_SAVED  # type: ignore[union-attr]
    prompter.answer = False
    coder.actions.hand_back.trigger()
    kind, title, text = prompter.last()
    assert (kind, title) == ("confirm", "The file is gone") and "Write it back" in text
    assert coder.hand_back_task is None and not package.exists()
    prompter.answer = True
    coder.actions.hand_back.trigger()  # written back, the waiting value saved, then checked
    qtbot.waitUntil(lambda: prompter.last()[0] == "inform_file", timeout=5000)
    assert prompter.last()[1] == "Ready to hand back" and not coder.session.unsaved()
    window.close()
    assert stored_value(package, doc, "gender") == 2


def test_a_drive_pulled_and_put_back_is_found_again(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace, package: Path, tmp_path: Path
) -> None:
    ws = coder.view
    gender = ws.session.codebook.get("gender")
    assert gender is not None
    doc = ws.current
    assert doc is not None
    away = tmp_path / "pulled"
    away.mkdir()
    package.rename(away / package.name)  # the stick is pulled
    ws.form.focus_variable(gender.uuid)
    qtbot.keyClick(focused(), Qt.Key.Key_3)
    assert coder.session.unsaved()
    # The stick comes back (a new mount: the same file, but not the same inode any more).
    package.write_bytes((away / package.name).read_bytes())
    (away / package.name).unlink()
    coder.session._retry.setInterval(20)
    qtbot.waitUntil(lambda: not coder.session.unsaved(), timeout=3000)
    window.close()
    assert stored_value(package, doc, "gender") == 3


def test_a_read_only_package_opens_read_only_and_nothing_pretends_to_save(
    qtbot: QtBot, make_window: MakeWindow, package: Path, prompter: ScriptedPrompter
) -> None:
    package.chmod(0o444)
    try:
        w = make_window()
        assert w.open_file(package)
        coder = coder_of(w)
        ws = coder.view
        qtbot.waitUntil(ws.isVisible)
        assert coder.file.readonly
        assert ws.banner.isVisible() and "The file is marked read-only." in ws.banner.text()
        assert w.save_label.text() == "Read-only: nothing is saved"
        gender = ws.session.codebook.get("gender")
        assert gender is not None
        ws.form.focus_variable(gender.uuid)
        qtbot.keyClick(focused(), Qt.Key.Key_2)
        assert ws.form.value(gender.uuid) is None  # the pick is not shown as if it were saved
        assert not [c for c in prompter.calls if c[1] in ("Not saved", "Change refused")]
        assert not ws.header.done_button.isEnabled() and ws.notes.memo.isReadOnly()
        w.close()
        assert not [c for c in prompter.calls if c[1] == "Close without saving?"]
    finally:
        package.chmod(0o644)


def test_a_package_vanishing_during_the_hand_back_check_is_explained(
    qtbot: QtBot,
    coder: CoderWorkspace,
    prompter: ScriptedPrompter,
    package: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def gone(_package: CoderPackage) -> object:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr("ictool.gui.coder.hand_back.check_hand_back", gone)
    coder.actions.hand_back.trigger()
    qtbot.waitUntil(lambda: bool(prompter.calls), timeout=5000)
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "Hand back to lead")
    assert "could not be read (No such file or directory)" in text and "Traceback" not in text
