"""Background jobs: progress, Cancel, errors as sentences, their own connection, and a window that
keeps answering meanwhile."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from ictool.core.errors import StorageError, UserError
from ictool.core.project import CoderPackage
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.window import MainWindow
from ictool.gui.workers import BackgroundTask, Cancelled, JobControl, open_for_job, run_with_progress


class Outcome:
    """What a task delivered, and on which thread."""

    def __init__(self, task: BackgroundTask) -> None:
        self.progress: list[tuple[int, int, str]] = []
        self.results: list[object] = []
        self.errors: list[str] = []
        self.cancelled = 0
        self.threads: set[int] = set()
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._record(self.results))
        task.failed.connect(self._record(self.errors))
        task.cancelled.connect(self._cancelled)

    def _progressed(self, done: int, total: int, message: str) -> None:
        self.threads.add(threading.get_ident())
        self.progress.append((done, total, message))

    def _record(self, into: list):  # type: ignore[no-untyped-def,type-arg]
        def record(value: object) -> None:
            self.threads.add(threading.get_ident())
            into.append(value)

        return record

    def _cancelled(self) -> None:
        self.cancelled += 1

    def over(self) -> bool:
        return bool(self.results or self.errors or self.cancelled)


def no_thread_left() -> bool:
    pool = QThreadPool.globalInstance()
    return pool.waitForDone(3000) and pool.activeThreadCount() == 0


def test_progress_and_result_reach_the_gui_thread(qtbot: QtBot) -> None:
    ran_on: list[int] = []

    def job(control: JobControl) -> int:
        ran_on.append(threading.get_ident())
        for i in range(5):
            control.progress(i, 5, f"step {i}")
        return 42

    task = BackgroundTask(job)
    outcome = Outcome(task)
    task.start()
    qtbot.waitUntil(outcome.over, timeout=5000)
    assert outcome.results == [42] and not outcome.errors and not outcome.cancelled
    assert outcome.progress == [(i, 5, f"step {i}") for i in range(5)]
    assert ran_on and ran_on[0] != threading.get_ident()  # the job ran off the GUI thread
    assert outcome.threads == {threading.get_ident()}  # and everything came back onto it
    assert not task.is_running() and no_thread_left()


def test_cancel_stops_a_job_mid_way(qtbot: QtBot) -> None:
    def job(control: JobControl) -> str:
        for i in range(10_000):
            control.progress(i, 10_000)
            time.sleep(0.002)
        return "ran to the end"

    task = BackgroundTask(job)
    outcome = Outcome(task)
    task.start()
    qtbot.waitUntil(lambda: len(outcome.progress) >= 3, timeout=5000)
    task.cancel()
    qtbot.waitUntil(outcome.over, timeout=5000)
    assert outcome.cancelled == 1 and not outcome.results and not outcome.errors
    assert outcome.progress[-1][0] < 9_000
    assert no_thread_left()


def test_a_job_that_ignores_the_flag_is_still_cancelled_for_the_person(qtbot: QtBot) -> None:
    release = threading.Event()

    def job(control: JobControl) -> str:
        release.wait(5)
        return "finished after Cancel"

    task = BackgroundTask(job)
    outcome = Outcome(task)
    task.start()
    task.cancel()
    release.set()
    qtbot.waitUntil(outcome.over, timeout=5000)
    assert outcome.cancelled == 1 and not outcome.results


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            UserError(["the file is gone", "plug the drive back in"]),
            "the file is gone\nplug the drive back in",
        ),
        (StorageError("disk full"), "disk full"),
    ],
)
def test_a_user_error_arrives_as_its_own_words(qtbot: QtBot, error: Exception, expected: str) -> None:
    def job(control: JobControl) -> None:
        raise error

    task = BackgroundTask(job)
    outcome = Outcome(task)
    task.start()
    qtbot.waitUntil(outcome.over, timeout=5000)
    assert outcome.errors == [expected]


def test_a_bug_arrives_as_one_line_and_the_traceback_goes_to_the_log(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def job(control: JobControl) -> float:
        return 1 / 0

    task = BackgroundTask(job)
    outcome = Outcome(task)
    with caplog.at_level(logging.ERROR, logger="ictool.gui.workers"):
        task.start()
        qtbot.waitUntil(outcome.over, timeout=5000)
    (message,) = outcome.errors
    assert message.startswith("Something went wrong: division by zero")
    assert "Traceback" not in message and "\n" not in message
    assert "ZeroDivisionError" in caplog.text  # the details are kept for the bug report


def test_the_window_keeps_answering_while_a_job_runs(qtbot: QtBot) -> None:
    release = threading.Event()
    ticks: list[int] = []

    def job(control: JobControl) -> str:
        assert release.wait(5)
        return "done"

    task = BackgroundTask(job)
    outcome = Outcome(task)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    task.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=3000)  # the event loop runs meanwhile
    assert task.is_running()
    release.set()
    qtbot.waitUntil(outcome.over, timeout=5000)
    timer.stop()
    assert outcome.results == ["done"]


def test_a_job_reads_through_its_own_connection(qtbot: QtBot, package: Path) -> None:
    def job(control: JobControl) -> tuple[str, int]:
        with open_for_job(package, control, CoderPackage.open) as pkg:
            assert pkg.readonly
            return pkg.owner.name, len(pkg.documents())

    task = BackgroundTask(job)
    outcome = Outcome(task)
    task.start()
    qtbot.waitUntil(outcome.over, timeout=5000)
    assert outcome.results == [("Tess", 12)]


def test_cancel_interrupts_a_long_statement(qtbot: QtBot, package: Path) -> None:
    started = threading.Event()

    def job(control: JobControl) -> int:
        with open_for_job(package, control, CoderPackage.open) as pkg:
            started.set()
            endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
            return int(pkg.db.conn.execute(endless).fetchone()[0])

    task = BackgroundTask(job)
    outcome = Outcome(task)
    task.start()
    assert started.wait(5)
    time.sleep(0.05)
    task.cancel()
    qtbot.waitUntil(outcome.over, timeout=5000)
    assert outcome.cancelled == 1 and not outcome.errors
    assert no_thread_left()


def test_the_progress_dialog_shows_progress_and_cancels(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    results: list[object] = []
    errors: list[str] = []

    def job(control: JobControl) -> str:
        for i in range(10_000):
            control.progress(i, 10_000, "Counting sheep…")
            time.sleep(0.002)
        return "all sheep"

    task = run_with_progress(parent, "Sheep", job, results.append, errors.append, show_after_ms=0)
    dialog = task.dialog
    assert dialog is not None
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.label.text() == "Counting sheep…", timeout=5000)
    qtbot.waitUntil(lambda: dialog.bar.value() > 0, timeout=5000)
    assert dialog.bar.maximum() == 10_000
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # the person presses Cancel
    assert dialog.label.text() == "Cancelling…" and not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not task.is_running(), timeout=5000)
    assert not results and not errors
    assert not (isValid(dialog) and dialog.isVisible())
    assert no_thread_left()


def test_escape_cancels_too(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()

    def job(control: JobControl) -> None:
        while not release.wait(0.002):
            control.check()

    task = run_with_progress(parent, "Wait", job, lambda r: None, lambda m: None, show_after_ms=0)
    dialog = task.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not task.is_running(), timeout=5000)
    release.set()
    assert task.control.is_cancelled()


def test_a_quick_job_never_shows_its_dialog(qtbot: QtBot) -> None:
    """Not even later: its show timer must not outlive the job (it once popped up over the result)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    results: list[object] = []
    shown: list[bool] = []

    task = run_with_progress(
        parent, "Quick", lambda control: "done", results.append, lambda m: None, show_after_ms=50
    )
    dialog = task.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    QTimer.singleShot(0, lambda: shown.append(isValid(dialog) and dialog.isVisible()))
    qtbot.wait(150)  # past the show delay
    assert results == ["done"] and shown == [False]
    assert not (isValid(dialog) and dialog.isVisible())


def test_the_result_is_shown_after_the_dialog_went(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen: list[bool] = []

    def job(control: JobControl) -> str:
        time.sleep(0.2)
        control.progress(1, 1, "Checked")
        return "done"

    task: BackgroundTask | None = None

    def on_result(result: str) -> None:  # like a message box opening: is the dialog still up?
        assert task is not None and task.dialog is not None
        seen.append(task.dialog.isVisible())

    task = run_with_progress(parent, "Slow", job, on_result, lambda m: None, show_after_ms=50)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [False]


def test_closing_the_window_stops_the_workspaces_jobs(
    qtbot: QtBot, window: MainWindow, coder: CoderWorkspace
) -> None:
    started = threading.Event()
    results: list[object] = []

    def job(control: JobControl) -> str:
        started.set()
        while True:
            control.progress(0, 0)
            time.sleep(0.002)

    task = coder.run_job("Forever", job, results.append)
    assert started.wait(5)
    window.close()  # the workspace cancels its jobs and waits for them before closing the file
    assert not task.is_running() or task.control.is_cancelled()
    assert coder.file.closed
    assert no_thread_left()
    qtbot.wait(20)
    assert not results


def test_cancelled_is_what_progress_raises() -> None:
    control = JobControl()
    control.progress(1, 2)
    control.cancel()
    with pytest.raises(Cancelled):
        control.progress(2, 2)
