"""The coder's workspace: one coder coding their documents in a package (or in a project, as a coder).

It joins the pieces the shell knows nothing about: the session that writes (``coder.session``),
the view (``coder.view``), the coder's actions and menus (``coder.actions``) and the hand-back
check (``coder.hand_back``), and keeps the coder's layout under its own settings key.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from ictool.core.errors import UserError
from ictool.core.locations import user_data_dir
from ictool.core.project import CoderPackage, StudyFile
from ictool.core.records import Coder
from ictool.core.team.hand_back import HandBackReport
from ictool.gui.coder import hand_back
from ictool.gui.coder.actions import CoderActions, listed_keys
from ictool.gui.coder.session import CodingSession
from ictool.gui.coder.view import CodingView
from ictool.gui.shell.prompter import Prompter
from ictool.gui.shell.workspace_base import WorkspaceBase
from ictool.gui.widgets.window_keys import WindowKeys
from ictool.gui.workers import BackgroundTask

READ_ONLY = "Read-only: nothing is saved"


class CoderWorkspace(WorkspaceBase):
    #: "layout" because the coder's keys predate the shell: coders keep their splitters and zoom.
    settings_key = "layout"

    def __init__(self, file: StudyFile, coder: Coder, prompter: Prompter, parent: QObject | None = None):
        super().__init__(file, prompter, parent)
        self.coder = coder
        self.session = CodingSession(file, coder, self)
        self.track_session(self.session)
        self.view = CodingView(self.session, prompter)
        self.view.message.connect(self.message)
        self.actions = CoderActions(self)
        self.keys = WindowKeys(self)
        self.keys.set_actions(self.actions.all())
        self.view.watch_keys(self.keys)
        self.hand_back_task: BackgroundTask | None = None
        self._connect_actions()
        self.session.undo_stack.indexChanged.connect(self._undo_index_changed)
        self._update_actions()
        if file.readonly:
            self._set_save_state(READ_ONLY)

    def _connect_actions(self) -> None:
        a, view = self.actions, self.view
        a.hand_back.triggered.connect(self.hand_back)
        # A lead who chose Code as… on a project gets back the same way; a package has no lead's view.
        a.back_to_lead.setVisible(not isinstance(self.file, CoderPackage))
        a.back_to_lead.triggered.connect(lambda: self.reopenRequested.emit(self.file.path, ""))
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.session.undo_stack.redo)
        a.find.triggered.connect(view.transcript.show_find)
        a.find_next.triggered.connect(view.transcript.find_next)
        a.find_prev.triggered.connect(view.transcript.find_previous)
        a.evidence.triggered.connect(view.attach_evidence)
        a.done.triggered.connect(view.toggle_done)
        a.next.triggered.connect(lambda: view.step_document(1))
        a.prev.triggered.connect(lambda: view.step_document(-1))
        a.documents.triggered.connect(view.documents.focus_list)
        a.find_variable.triggered.connect(view.form.focus_search)
        a.next_uncoded.triggered.connect(lambda: view.goto_uncoded(1))
        a.prev_uncoded.triggered.connect(lambda: view.goto_uncoded(-1))
        a.zoom_in.triggered.connect(view.transcript.zoom_in)
        a.zoom_out.triggered.connect(view.transcript.zoom_out)
        a.zoom_reset.triggered.connect(view.transcript.reset_zoom)

    def _update_actions(self) -> None:
        writable = not self.file.readonly
        self.actions.evidence.setEnabled(writable)
        self.actions.done.setEnabled(writable)
        self.actions.hand_back.setEnabled(isinstance(self.file, CoderPackage))
        stack = self.session.undo_stack
        self.actions.undo.setEnabled(stack.canUndo())
        self.actions.redo.setEnabled(stack.canRedo())
        # The menu names the change ("Undo Set Gender"); the toolbar keeps "Undo" / "Redo" (the icon
        # text) so its buttons do not jump with every change, and names it in the tooltip instead.
        for action, verb, what in (
            (self.actions.undo, "Undo", stack.undoText()),
            (self.actions.redo, "Redo", stack.redoText()),
        ):
            action.setText(f"&{verb} {what}".rstrip())
            action.setIconText(verb)
            named = f"{verb} {what}" if what else f"{verb}: nothing to {verb.lower()}"
            keys = listed_keys(action)
            action.setToolTip(f"{named} ({keys})" if keys else named)

    def _undo_index_changed(self, _index: int) -> None:
        self._update_actions()

    # -- what the shell installs ---------------------------------------------------------

    def central_widget(self) -> QWidget:
        return self.view

    def menus(self) -> list[QMenu]:
        return self.actions.menus

    def toolbars(self) -> list[QToolBar]:
        return [self.actions.toolbar]

    def file_actions(self) -> list[QAction]:
        if isinstance(self.file, CoderPackage):
            return [self.actions.hand_back]
        return [self.actions.hand_back, self.actions.back_to_lead]

    def window_actions(self) -> list[QAction]:
        return self.actions.all()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return self.actions.shortcut_rows()

    def window_title(self) -> str:
        return f"{self.file.title} — {self.coder.name}"

    def status_text(self) -> str:
        kind = "coder package" if isinstance(self.file, CoderPackage) else "project"
        return f"{self.coder.name} · {kind} · {self.file.path.name}"

    # -- what the shell asks of it -------------------------------------------------------

    def commit_pending(self) -> None:
        self.view.commit_pending()

    def unsaved_work(self) -> list[str]:
        """What the coder typed that is not in the file: kept unsaved changes (one line each)."""
        return self.view.invalid_entries() + [change.what for change in self.session.unsaved()]

    def confirm_close(self) -> bool:
        """Save what is typed and try what waits once more; if anything is still not saved, ask.

        Closing anyway writes what was not saved to a text file in the user's data folder (another
        drive than a pulled USB stick, usually), so nothing typed is lost even then.
        """
        self.view.commit_pending()
        self.file_is_there()
        self.session.retry_unsaved()
        invalid = self.view.invalid_entries()
        waiting = [change.what for change in self.session.unsaved()]
        if not invalid and not waiting:
            return True
        parts = [f"Not everything you typed is saved in {self.file.path.name}."]
        if invalid:
            parts.append(
                "Not accepted as typed — correct these, or press Escape on them:\n" + _bullets(invalid)
            )
        if waiting:
            parts.append(
                "The file could not be written (a full disk, a removed drive). ictool keeps trying while "
                "the window is open, so free some space or plug the drive back in:\n" + _bullets(waiting)
            )
        parts.append(
            "Close anyway? What is not saved is then written to a text file, to type it in again later. "
            "Choose No to keep the window open."
        )
        if not self.prompter.confirm("Close without saving?", "\n\n".join(parts)):
            return False
        note = self.write_recovery_note()
        if note is not None:
            self.prompter.inform_file(
                "Unsaved changes written to a text file",
                f"What could not be saved in {self.file.path.name} is in:\n\n{note}\n\n"
                "Open the file again when it can be written to, and type these in again.",
                note,
            )
        else:
            self.prompter.warn(
                "Unsaved changes are lost",
                "No text file could be written either: the changes listed are lost.",
            )
        return True

    def file_is_there(self) -> bool:
        """Is the open file still at its path? If it was deleted while open, offer to write it back.

        What was saved since opening went into the open file, which the window can still read even
        when its name is gone: writing it back loses nothing. A drive pulled and put back is reopened.
        """
        gone = self.file.vanished()
        if gone is None or self.file.reconnect():
            return True
        if self.file.readonly or self.file.path.exists():
            self.prompter.warn("The file is not where it was", f"{self.file.path}: {gone}.")
            return False
        if not self.prompter.confirm(
            "The file is gone",
            f"{self.file.path}: {gone}.\n\nEverything saved since it was opened is still in this window. "
            f"Write it back to {self.file.path}?",
        ):
            return False
        try:
            self.file.write_back()
        except UserError as exc:
            self.prompter.warn("Not written back", "\n".join(exc.problems))
            return False
        self.file.reconnect()
        self.session.retry_unsaved()
        self.message.emit(f"Written back to {self.file.path}")
        return True

    def write_recovery_note(self) -> Path | None:
        """Write every unsaved change in full to ``<user data>/recovered/``; None if that failed too."""
        lines = [
            f"ictool: changes that could not be saved in {self.file.path}",
            f"coder: {self.coder.name} · written {datetime.now():%Y-%m-%d %H:%M:%S}",
            "",
            *self.view.invalid_entries(),
            *self.session.unsaved_in_full(),
            "",
        ]
        folder = user_data_dir() / "recovered"
        note = folder / f"{self.file.path.stem}-{datetime.now():%Y%m%d-%H%M%S}.txt"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            note.write_text("\n".join(lines), encoding="utf-8")
        except OSError:
            return None
        return note

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.view.splitter.saveState())
        settings.setValue("centre", self.view.centre.saveState())
        settings.setValue("zoom", self.view.transcript.zoom_level)

    def restore_layout(self, settings: QSettings) -> None:
        for key, splitter in (("splitter", self.view.splitter), ("centre", self.view.centre)):
            state = settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        zoom = settings.value("zoom", 0)
        self.view.transcript.zoom_level = (
            int(zoom) if isinstance(zoom, int | str) and str(zoom).lstrip("-").isdigit() else 0
        )

    def release(self) -> None:
        # Disconnect before the session dies: a dying QUndoStack still emits indexChanged.
        self.session.undo_stack.indexChanged.disconnect(self._undo_index_changed)
        self.session.shutdown()
        self.view.release()
        for menu in self.actions.menus:
            menu.deleteLater()
        self.actions.toolbar.deleteLater()
        self.view.deleteLater()
        self.session.deleteLater()

    # -- the coder's commands that are not the view's --------------------------------------

    def undo(self) -> None:
        if self.view.revert_invalid():  # an entry that cannot be saved: undo means undo the typing
            return
        self.view.commit_pending()  # a half-typed number is saved first, then undone like any change
        self.session.undo_stack.undo()

    def hand_back(self) -> None:
        """Check the package in the background, then name the one file to send (or what is wrong)."""
        if not isinstance(self.file, CoderPackage):
            return
        if self.hand_back_task is not None and self.hand_back_task.is_running():
            return
        self.view.commit_pending()
        if not self.file_is_there():
            return
        self.session.retry_unsaved()
        waiting = self.unsaved_work()
        if waiting:
            self.prompter.warn(
                "Not ready to hand back",
                f"These changes are not saved in the file yet:\n\n{_bullets(waiting)}\n\nCorrect what was "
                "not accepted; the rest is saved by itself as soon as the file can be written to.",
            )
            return
        self.hand_back_task = self.run_job(
            "Hand back to lead",
            hand_back.hand_back_job(self.file.path),
            self._hand_back_checked,
            label="Checking the package…",
        )

    def _hand_back_checked(self, report: HandBackReport) -> None:
        text = hand_back.describe(report)
        if report.ok:
            self.prompter.inform_file("Ready to hand back", text, report.path)
        else:
            self.prompter.warn("Not ready to hand back", text)


def _bullets(lines: list[str], most: int = 15) -> str:
    shown = "\n".join(f"• {line}" for line in lines[:most])
    return shown + (f"\n… and {len(lines) - most} more" if len(lines) > most else "")
