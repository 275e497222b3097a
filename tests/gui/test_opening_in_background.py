"""Opening a file checks every page and takes a backup copy (seconds for a large study): it runs on a
thread while the window keeps painting, and the file it opened works on the window's thread."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from ictool.core import coding
from ictool.core.project import CoderPackage, Project, open_for_work
from ictool.gui.shell import window as window_module
from ictool.gui.widgets.progress_dialog import ProgressDialog
from tests.gui.conftest import MakeWindow, ScriptedPrompter, coder_of

SLOW = 0.6  # seconds a slow open takes here: longer than the dialog's 0.4 s wait to appear


@pytest.fixture
def slow_open(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``open_for_work`` made slow; records the name of the thread each call ran on."""
    threads: list[str] = []

    def slow(path: Path, *, actor: str | None = None) -> Project | CoderPackage:
        threads.append(threading.current_thread().name)
        time.sleep(SLOW)
        return open_for_work(path, actor=actor)

    monkeypatch.setattr(window_module, "open_for_work", slow)
    return threads


def test_the_window_keeps_painting_while_a_file_opens_and_then_works_in_it(
    make_window: MakeWindow, package: Path, slow_open: list[str]
) -> None:
    window = make_window()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    started = time.perf_counter()
    assert window.open_file(package)
    timer.stop()

    assert slow_open and slow_open[0] != threading.main_thread().name
    during = [t for t in ticks if t - started < SLOW]
    assert len(during) >= SLOW / 0.02 / 3  # the event loop ran all along (a frozen window: no tick)
    # the connection made on the opening thread reads and writes on the window's thread
    file = coder_of(window).file
    assert isinstance(file, CoderPackage) and not file.readonly
    document = file.documents()[0].uuid
    coding.set_memo(file, file.owner.uuid, document, "written on the window's thread")
    assert coding.memo(file, file.owner.uuid, document) == "written on the window's thread"


def test_cancel_waits_for_the_open_then_lets_go_of_the_file(
    make_window: MakeWindow, package: Path, slow_open: list[str], qtbot: QtBot
) -> None:
    window = make_window()

    def press_cancel() -> None:
        dialogs = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, ProgressDialog) and w.isVisible()
        ]
        assert dialogs, "the opening dialog is shown while the file opens"
        dialogs[0].reject()

    QTimer.singleShot(int(SLOW * 1000 * 0.8), press_cancel)  # after the dialog showed (0.4 s)
    assert not window.open_file(package)
    assert window.workspace is None
    # nothing holds the file: it opens for work again (a leftover lock would make it read-only)
    slow_open.clear()
    assert window.open_file(package)
    assert not coder_of(window).file.readonly


def test_a_second_file_while_one_opens_is_refused_in_words(
    make_window: MakeWindow, package: Path, demo_project: Path, slow_open: list[str]
) -> None:
    window = make_window()
    second: list[tuple[bool, str]] = []

    def drop_another() -> None:
        second.append((window.open_file(demo_project), window.statusBar().currentMessage()))

    QTimer.singleShot(100, drop_another)
    assert window.open_file(package)
    assert second == [(False, f"Still opening {package.name}; open {demo_project.name} afterwards")]
    assert len(slow_open) == 1  # the second file was not opened at all
    assert window.workspace is not None and window.workspace.file.path == package


def test_closing_the_window_waits_for_the_open_to_end(
    make_window: MakeWindow, package: Path, slow_open: list[str]
) -> None:
    """A close while the file opens would leave the opened file to a window that is gone."""
    window = make_window()
    closed: list[bool] = []
    QTimer.singleShot(100, lambda: closed.append(window.close()))
    assert window.open_file(package)
    assert closed == [False] and window.isVisible()
    assert window.close()
    assert window.workspace is None


def test_while_a_file_opens_shortcuts_and_clicks_do_nothing(
    make_window: MakeWindow, package: Path, slow_open: list[str], prompter: ScriptedPrompter, qtbot: QtBot
) -> None:
    """Before the dialog shows (and after), the person's input goes to the dialog only: Ctrl+O or a
    click on the welcome panel's Open button would start another opening in the middle of this one."""
    window = make_window()
    pressed: list[bool] = []

    def press() -> None:
        QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        button = next(b for b in window.welcome.findChildren(QPushButton) if b.text().startswith("Open"))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        pressed.append(True)

    QTimer.singleShot(100, press)
    assert window.open_file(package)
    assert pressed == [True]
    assert [c for c in prompter.calls if c[0] == "choose_file"] == []
    prompter.file = None
    window.activateWindow()  # the dialog had the focus; a window manager gives it back, offscreen has none
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # and afterwards it works
    assert [c[0] for c in prompter.calls if c[0] == "choose_file"] == ["choose_file"]
