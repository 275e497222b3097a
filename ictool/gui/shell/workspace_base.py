"""What a workspace brings to the window, and what every workspace does the same way.

Why a shell and workspaces: the coder and the lead researcher work in different ways on the same
kinds of file (coding one transcript at a time; reading reliability and settling disagreements).
The window (``shell.window``) keeps what is about files — open, recent, drop, close, quit, the
window's geometry, Help, the status bar — and hosts one workspace at a time. A workspace owns
everything else: its widget, its actions, menus and toolbars (installed by the shell while it is
shown, removed when it goes), its session and its open file, and its own saved layout.

To add a workspace: subclass :class:`WorkspaceBase`, implement the methods that raise
``NotImplementedError``, and register a factory for the kind of file it opens
(``shell.opening``). Nothing in the shell or in another workspace changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from ictool.core.errors import UserError
from ictool.core.project import StudyFile
from ictool.gui.session_base import SessionBase
from ictool.gui.shell.prompter import Prompter
from ictool.gui.workers import BackgroundTask, JobControl, run_with_progress

T = TypeVar("T")

ALL_SAVED = "All changes saved"
NOT_SAVED = "NOT SAVED"


class WorkspaceBase(QObject):
    """One way of working in one open file. Owns the file from the moment it is made until ``close``."""

    #: The QSettings group its layout is saved under (the shell opens the group around save/restore).
    settings_key: ClassVar[str]

    message = Signal(str)  # a short status-bar message
    saveStateChanged = Signal(str)  # the permanent status-bar text: saved at…, NOT SAVED
    #: Open this file again in the workspace for a coder (path, coder name; "" for the file's own
    #: workspace): the lead's "Code as…". The shell opens it anew and closes this workspace.
    reopenRequested = Signal(object, str)

    def __init__(self, file: StudyFile, prompter: Prompter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.file = file
        self.prompter = prompter
        self.save_state = ALL_SAVED
        self.closed = False
        self._tasks: list[BackgroundTask] = []
        self._session: SessionBase | None = None

    # -- what the shell installs ---------------------------------------------------------

    def central_widget(self) -> QWidget:
        """The widget shown in the window while this workspace is; the workspace deletes it on close."""
        raise NotImplementedError

    def menus(self) -> list[QMenu]:
        """Menus placed between File and Help while the workspace is shown."""
        return []

    def toolbars(self) -> list[QToolBar]:
        return []

    def file_actions(self) -> list[QAction]:
        """Actions the shell lists in its File menu (above Close), e.g. the coder's Hand Back."""
        return []

    def window_actions(self) -> list[QAction]:
        """Every action with a shortcut: added to the window so its keys work wherever the focus is."""
        return []

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) rows for Help ▸ Keyboard shortcuts."""
        return []

    def window_title(self) -> str:
        """The part of the window title before the app's name."""
        return self.file.title

    def status_text(self) -> str:
        """Who works in which file, shown permanently in the status bar."""
        return self.file.path.name

    # -- what the shell asks of it -------------------------------------------------------

    def commit_pending(self) -> None:
        """Save what is being typed; the shell calls it before closing, and the workspace before jobs."""

    def confirm_close(self) -> bool:
        """Ask before closing when typed work would be lost; False keeps the file open.

        The shell asks before it closes the workspace (closing the file, opening another, quitting).
        """
        return True

    def save_layout(self, settings: QSettings) -> None:
        """Store splitters, zoom… in ``settings``, already inside this workspace's ``settings_key`` group."""

    def restore_layout(self, settings: QSettings) -> None:
        """Read back what ``save_layout`` stored (missing or odd values: keep the defaults)."""

    def release(self) -> None:
        """Let go of the session and widgets; the file is closed by ``close`` after this."""

    def close(self) -> None:
        """Stop background jobs, release the session, take the closing backup and close the file.

        Safe to call twice. Jobs read the file through their own connections, so they are stopped
        and waited for first: nothing may still read the file after it was handed back to the person.
        """
        if self.closed:
            return
        self.closed = True
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            task.wait()
        self._tasks.clear()
        self.release()
        try:
            if not self.file.readonly:
                self.file.backup(unless_unchanged=True)
        except UserError:
            pass  # the file itself is intact; a failed extra copy must not block closing
        self.file.close()

    # -- shared by workspaces ------------------------------------------------------------

    def track_session(self, session: SessionBase) -> None:
        """Show the session's saves and failures the same way in every workspace."""
        self._session = session
        session.saved.connect(self._saved)
        session.saveFailed.connect(self._save_failed)
        session.refused.connect(self._refused)
        session.unsavedChanged.connect(self._saved)

    def run_job(
        self,
        title: str,
        job: Callable[[JobControl], T],
        on_result: Callable[[T], None],
        *,
        label: str = "Working…",
    ) -> BackgroundTask:
        """Run a long core call in the background (see ``gui.workers``); stopped if the workspace closes."""
        self.commit_pending()
        self._tasks = [t for t in self._tasks if t.is_running()]
        task = run_with_progress(
            self.central_widget(),
            title,
            job,
            on_result,
            lambda message: self.prompter.warn(title, message),
            label=label,
        )
        self._tasks.append(task)
        return task

    def _set_save_state(self, text: str) -> None:
        self.save_state = text
        self.saveStateChanged.emit(text)

    def _saved(self) -> None:
        if not self._show_waiting():
            self._set_save_state(f"Saved {datetime.now():%H:%M:%S}")

    def _show_waiting(self) -> bool:
        """Say how many changes wait to be saved; False when none do."""
        waiting = len(self._session.unsaved()) if self._session is not None else 0
        if waiting:
            self._set_save_state(f"{NOT_SAVED} · {waiting} change{'s' if waiting > 1 else ''} waiting")
        return bool(waiting)

    def _save_failed(self, message: str) -> None:
        if not self._show_waiting():
            self._set_save_state(NOT_SAVED)
        self.prompter.warn(
            "Not saved",
            f"{message}\n\nEverything saved before is safe in the file (and in the backup copies beside it).",
        )

    def _refused(self, message: str) -> None:
        self.prompter.warn("Change refused", f"{message}\n\nNothing was changed.")
