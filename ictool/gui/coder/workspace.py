"""The coder's workspace: one coder coding their documents in a package (or in a project, as a coder).

It joins the pieces the shell knows nothing about: the session that writes (``coder.session``),
the view (``coder.view``), the coder's actions and menus (``coder.actions``) and the hand-back
check (``coder.hand_back``), and keeps the coder's layout under its own settings key.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from ictool.core.project import CoderPackage, StudyFile
from ictool.core.records import Coder
from ictool.core.team.hand_back import HandBackReport
from ictool.gui.coder import hand_back
from ictool.gui.coder.actions import CoderActions
from ictool.gui.coder.session import CodingSession
from ictool.gui.coder.view import CodingView
from ictool.gui.shell.prompter import Prompter
from ictool.gui.shell.workspace_base import WorkspaceBase
from ictool.gui.workers import BackgroundTask


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
        self.hand_back_task: BackgroundTask | None = None
        self._connect_actions()
        self.session.undo_stack.indexChanged.connect(self._undo_index_changed)
        self._update_actions()

    def _connect_actions(self) -> None:
        a, view = self.actions, self.view
        a.hand_back.triggered.connect(self.hand_back)
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
        self.actions.undo.setText(f"&Undo {stack.undoText()}".rstrip())
        self.actions.redo.setText(f"&Redo {stack.redoText()}".rstrip())

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
        return [self.actions.hand_back]

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
        for menu in self.actions.menus:
            menu.deleteLater()
        self.actions.toolbar.deleteLater()
        self.view.deleteLater()
        self.session.deleteLater()

    # -- the coder's commands that are not the view's --------------------------------------

    def undo(self) -> None:
        self.view.commit_pending()  # a half-typed number is saved first, then undone like any change
        self.session.undo_stack.undo()

    def hand_back(self) -> None:
        """Check the package in the background, then name the one file to send (or what is wrong)."""
        if not isinstance(self.file, CoderPackage):
            return
        if self.hand_back_task is not None and self.hand_back_task.is_running():
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
