"""Long core calls off the GUI thread, with progress and Cancel, so the window never freezes.

Rules every job follows, because the alternative is a crash or a locked file:

- A job gets the *path*, never the window's open file: it opens its own connection inside the
  worker thread (:func:`open_for_job`) and closes it there, so no two threads share a connection.
  The one hand-over is the window's file itself, opened on a thread by :func:`wait_for` and used
  by the window's thread from then on (checking and copying a large file takes seconds).
- A job never touches a widget. It reports through :class:`JobControl`; results, errors and
  progress reach the GUI thread as queued signals of :class:`BackgroundTask`.
- Cancelling is cooperative: ``control.progress(...)`` (or ``control.check()``) raises
  :class:`Cancelled` once the person pressed Cancel, and ``open_for_job`` also makes SQLite
  interrupt a long statement of the job's own connection. A job that ends in any exception
  after Cancel was pressed counts as cancelled: the person asked it to stop, not for an error.
- An error reaches the person as a sentence (a ``UserError``'s own wording); an unexpected
  exception is logged with its traceback for the bug report and shown as one line.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

from ictool.core.errors import Cancelled, UserError
from ictool.core.project import StudyFile
from ictool.gui.widgets.progress_dialog import ProgressDialog

log = logging.getLogger(__name__)

T = TypeVar("T")
F = TypeVar("F", bound=StudyFile)

#: Steps of the SQLite virtual machine between two looks at the Cancel flag (about a millisecond).
INTERRUPT_EVERY = 20_000


class JobControl:
    """What a running job sees of the GUI: somewhere to report progress, and whether to stop."""

    def __init__(self, report: Callable[[int, int, str], None] = lambda *_: None) -> None:
        self._report = report
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop (from any thread); it stops at its next look at the flag."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled")

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Report ``done`` of ``total`` steps (0: unknown); raises :class:`Cancelled` once asked to stop.

        Matches the core's ``progress(done, total, message)`` callbacks, so it can be passed as one.
        """
        self.check()
        self._report(done, total, message)


Job = Callable[[JobControl], T]


def open_for_job(path: Path, control: JobControl, opener: Callable[..., F], *, readonly: bool = True) -> F:
    """Open ``path`` (read-only unless told) in the calling (worker) thread; Cancel also interrupts its SQL.

    ``opener`` is ``open_study_file``, or a kind's ``open`` (``CoderPackage.open``) when the job
    needs that kind. Use the result as a context manager so the connection closes in this thread.
    A job that writes (the lead's merge and hand out) passes ``readonly=False``: its core call is
    one transaction, so Cancel rolls it back; the window's own connection stays idle meanwhile
    (the progress dialog is modal) and re-reads afterwards.
    """
    file = opener(path, readonly=readonly)
    # A long PRAGMA integrity_check or query cannot look at the flag itself: SQLite asks us.
    file.db.conn.set_progress_handler(lambda: 1 if control.is_cancelled() else 0, INTERRUPT_EVERY)
    return file


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector kept off a job that builds a million small, long-lived objects.

    Why: a collection walks every object of the generations it collects while holding the GIL, so the
    GUI thread waits for it too. Reading the disagreement queue of 200,000 items set off four full
    collections of 1–3 s each: the window froze although the work was in a worker. So the collector
    is off while the job builds, and what it built is then moved out of the collector's sight
    (``gc.freeze``) before it is switched on again — else the first collection afterwards would walk
    all of it. Reference counting still frees these objects when they are dropped (they hold no
    cycles); only a reference cycle made during the pause and dropped later is never collected, and
    the jobs that use this make none. Jobs may overlap: the collector is back on when the last of
    them ends (and only if it was on before the first).
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.freeze()
                if _gc_was_enabled:
                    gc.enable()


def thaw() -> None:
    """Give what :func:`gc_paused` froze back to the collector: call it when the large results are
    gone (the page that held them was closed), so nothing frozen outlives the file it came from."""
    with _gc_lock:
        if _gc_pauses == 0:
            gc.unfreeze()


#: Items freed at a time by :func:`release_in_background`: a few milliseconds of holding the GIL.
RELEASE_CHUNK = 2_000
#: Seconds the releasing thread waits between two chunks, holding no GIL: the window's thread calls
#: into Python for every cell it paints and would otherwise wait for the GIL at each call.
RELEASE_PAUSE = 0.005


def release_in_background(*containers: list[Any] | dict[Any, Any]) -> None:
    """Drop the last references to large lists and dicts in a thread, a chunk at a time.

    Why: freeing 200,000 queue items (their values, quotes and memos) takes over half a second in
    one call that holds the GIL; on the GUI thread, or in one go anywhere, that is a frozen window.
    In a thread that frees a chunk and then pauses, the GUI thread has the GIL whenever it needs it:
    without the pauses, each of the thousand calls a repaint makes into Python waited for the
    interpreter's switch interval, and the repaint after a new queue took 0.3 s instead of 0.1 s.
    """

    def release() -> None:
        for items in containers:
            while items:
                if isinstance(items, dict):
                    for _ in range(min(RELEASE_CHUNK, len(items))):
                        items.popitem()
                else:
                    del items[-RELEASE_CHUNK:]
                time.sleep(RELEASE_PAUSE)

    threading.Thread(target=release, name="ictool-release", daemon=True).start()


def message_for(exc: BaseException) -> str:
    """What the person reads when a job failed: a UserError's own sentences, else one line."""
    if isinstance(exc, UserError):
        return "\n".join(exc.problems)
    return (
        f"Something went wrong: {exc or type(exc).__name__} ({type(exc).__name__}). This is a fault in "
        "ictool, not in your file; please report it with what you were doing."
    )


class _Relay(QObject):
    """Carries a job's reports out of the pool thread; lives on the GUI thread, so delivery is queued."""

    progressed = Signal(int, int, str)
    ended = Signal(str, object)  # "succeeded" / "failed" / "cancelled", and the result or message


class _Runnable(QRunnable):
    def __init__(self, job: Job[object], control: JobControl, relay: _Relay, over: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the task keeps the Python object; Qt must not delete it under us
        self._job = job
        self._control = control
        self._relay = relay
        self._over = over

    def run(self) -> None:
        try:
            outcome, payload = self._outcome()
            self._relay.ended.emit(outcome, payload)
        finally:
            self._over.set()

    def _outcome(self) -> tuple[str, object]:
        try:
            result = self._job(self._control)
        except Exception as exc:
            if isinstance(exc, Cancelled) or self._control.is_cancelled():
                return "cancelled", None
            if not isinstance(exc, UserError):
                log.exception("background job failed")
            return "failed", message_for(exc)
        if self._control.is_cancelled():
            return "cancelled", None
        return "succeeded", result


class BackgroundTask(QObject):
    """One job on a thread pool; exactly one of succeeded / failed / cancelled follows ``start``."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job[object], parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._relay.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)
        self._over = threading.Event()
        self._over.set()
        self.control = JobControl(self._relay.progressed.emit)
        self._runnable = _Runnable(job, self.control, self._relay, self._over)
        self._started = False
        self._running = False
        self.dialog: ProgressDialog | None = None  # the progress dialog, when run_with_progress made one

    def start(self) -> None:
        """Run the job (once: a task is one run; make another task to run the job again)."""
        if self._started:
            return
        self._started = True
        self._running = True
        self._over.clear()
        self._pool.start(self._runnable)

    def cancel(self) -> None:
        self.control.cancel()

    def is_running(self) -> bool:
        """True from ``start`` until the outcome signal was delivered on the GUI thread."""
        return self._running

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the job's thread is done with it (used when a workspace closes); True if it is."""
        return self._over.wait(msecs / 1000)

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, message: str) -> None:
        if self._running:
            self.progressed.emit(done, total, message)

    @Slot(str, object)
    def _ended(self, outcome: str, payload: object) -> None:
        self._running = False
        if outcome == "succeeded":
            self.succeeded.emit(payload)
        elif outcome == "failed":
            self.failed.emit(str(payload))
        else:
            self.cancelled.emit()


def run_with_progress(
    parent: QWidget,
    title: str,
    job: Callable[[JobControl], T],
    on_result: Callable[[T], None],
    on_error: Callable[[str], None],
    *,
    label: str = "Working…",
    show_after_ms: int = 400,
    pool: QThreadPool | None = None,
) -> BackgroundTask:
    """Run ``job`` in the background behind a progress dialog with Cancel; returns the task.

    The dialog is modal for ``parent``'s window: the window keeps painting and the app stays
    responsive, but nobody edits the file while a job reads it (a write would wait for the
    job's read lock). It appears only if the job takes longer than ``show_after_ms``, so a quick
    check does not flash a window, and it is gone before ``on_result`` or ``on_error`` runs.
    Cancelling calls neither.
    """
    task = BackgroundTask(job, parent, pool)
    dialog = ProgressDialog(title, label, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.canceled.connect(task.cancel)
    task.progressed.connect(dialog.set_progress)

    def succeeded(result: object) -> None:
        dialog.finish()
        on_result(cast(T, result))

    def failed(message: str) -> None:
        dialog.finish()
        on_error(message)

    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    task.cancelled.connect(dialog.finish)
    task.dialog = dialog
    task.start()
    dialog.show_after(show_after_ms)
    return task


class _Held(QObject):
    """While :func:`wait_for` waits: the person's input goes to its dialog only.

    Why not just the dialog's modality: the dialog shows only after a moment (a quick wait flashes
    nothing), and until then a shortcut, a click, a drop or closing the window would start something
    else in the middle of the caller (a second merge, closing the file being opened). Timers, painting
    and the work's own signals still run.
    """

    INPUT = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.Shortcut,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.ContextMenu,
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
            QEvent.Type.Close,
        }
    )

    def __init__(self, dialog: QWidget) -> None:
        super().__init__()
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in self.INPUT:
            return False
        if isinstance(watched, QWidget) and (watched is self.dialog or self.dialog.isAncestorOf(watched)):
            return False
        event.ignore()  # a close event is accepted unless ignored: eaten, it would still close
        return True


def wait_for(
    parent: QWidget,
    title: str,
    label: str,
    work: Callable[[], T],
    *,
    discard: Callable[[T], None] = lambda _: None,
    show_after_ms: int = 400,
) -> T | None:
    """``work()`` run on a thread of its own, for a caller that cannot go on without its result.

    Why: opening the window's file checks every page and takes a backup copy, seconds for a large
    study, and the caller (opening, asking again after a wrong passphrase) needs the file before it
    can do anything else. The window keeps painting meanwhile, behind a dialog modal for it (shown
    after ``show_after_ms``); until the work ends the person's input goes to that dialog only
    (:class:`_Held`), so nothing else starts in the middle of the caller. ``work`` must not
    touch widgets. Its exception is raised here. Cancel cannot stop ``work`` halfway; the dialog says
    it is cancelling until ``work`` ends, then its result goes to ``discard`` (close what it opened)
    and None is returned.
    """
    outcome: dict[str, Any] = {}
    relay = _Relay()
    loop = QEventLoop()
    relay.ended.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as exc:  # handed to the waiting caller, raised there
            outcome["error"] = exc
        finally:
            relay.ended.emit("", None)

    dialog = ProgressDialog(title, label, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    cancelled = threading.Event()
    dialog.canceled.connect(cancelled.set)
    held = _Held(dialog)
    app = QCoreApplication.instance()
    assert app is not None
    app.installEventFilter(held)
    # a thread of its own, not the pool: the caller waits, and the pool may be busy with a long job
    thread = threading.Thread(target=run, name=f"ictool: {title}", daemon=True)
    thread.start()
    dialog.show_after(show_after_ms)
    try:
        loop.exec()  # returns once ``ended`` is delivered (queued: also when the thread ended first)
        thread.join()
    finally:
        app.removeEventFilter(held)
        dialog.finish()
    if "error" in outcome:
        if cancelled.is_set():
            return None
        raise cast(BaseException, outcome["error"])
    result = cast(T, outcome["result"])
    if cancelled.is_set():
        discard(result)
        return None
    return result
