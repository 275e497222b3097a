"""The main window: menus, shortcuts, opening files, settings; the workspace does the coding.

Opening goes through ``open_study_file`` (the same read-only checks as the CLI), then a backup copy
is rotated beside the file, then a ``CodingSession`` is made for the coder: the package's own
coder, or — for a project file — the coder the user says they are (only their values shown).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QToolBar, QWidget

from ictool import APP_NAME, __version__
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, StudyFile, open_study_file
from ictool.core.records import Coder
from ictool.core.team.hand_back import check_hand_back
from ictool.gui.dialogs import ChooseCoderDialog, ShortcutsDialog, format_send_report
from ictool.gui.session import CodingSession
from ictool.gui.welcome import WelcomePanel
from ictool.gui.workspace import Workspace

FILE_FILTER = "ictool files (*.ictool *.ictcoder);;All files (*)"
MAX_RECENT = 8


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())


class MainWindow(QMainWindow):
    def __init__(
        self, actor: str = "unknown", settings: QSettings | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.actor = actor
        self.settings = settings or QSettings()
        self.project: StudyFile | None = None
        self.session: CodingSession | None = None
        self.workspace: Workspace | None = None
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.resize(1360, 860)
        self.welcome = WelcomePanel()
        self.welcome.openRequested.connect(self.choose_file)
        self.welcome.recentRequested.connect(lambda p: self.open_file(Path(p)))
        self.welcome.demoRequested.connect(self._open_demo)
        self.setCentralWidget(self.welcome)
        self.save_label = QLabel()
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.save_label)
        self._make_actions()
        self._make_menus()
        self._refresh_recent()
        self._update_actions()
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    # -- actions -----------------------------------------------------------------------

    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        keys = [QKeySequence(s) for s in shortcuts]
        if keys:
            action.setShortcuts(keys)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({_keys(action)})" if keys else tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.open_action = self._action(
            "&Open…", self.choose_file, [K.Open], "Open a coder package or project"
        )
        self.send_action = self._action(
            "&Prepare for sending…",
            self.prepare_for_sending,
            ["Ctrl+Shift+S"],
            "Check the package and show which file to send back",
        )
        self.close_action = self._action("&Close file", self.close_file, [K.Close], "Close the open file")
        self.quit_action = self._action("&Quit", self.close, [K.Quit], "Quit ictool")
        self.undo_action = self._action("&Undo", self._undo, [K.Undo], "Undo the last change")
        self.redo_action = self._action("&Redo", self._redo, [K.Redo, "Ctrl+Shift+Z"], "Redo")
        self.find_action = self._action(
            "&Find in transcript…", self._find, [K.Find], "Find in the transcript"
        )
        self.find_next_action = self._action("Find &next", self._find_next, [K.FindNext], "Next match")
        self.find_prev_action = self._action(
            "Find &previous", self._find_prev, [K.FindPrevious], "Previous match"
        )
        self.evidence_action = self._action(
            "Attach &evidence",
            self._attach,
            ["Ctrl+E"],
            "Attach the selected text as evidence for the variable",
        )
        self.done_action = self._action(
            "Mark document &done", self._toggle_done, ["Ctrl+Return", "Ctrl+Enter"], "Mark the document done"
        )
        self.next_action = self._action(
            "&Next document", lambda: self._step(1), ["Alt+Right", "Ctrl+PgDown"], "Go to the next document"
        )
        self.prev_action = self._action(
            "&Previous document",
            lambda: self._step(-1),
            ["Alt+Left", "Ctrl+PgUp"],
            "Go to the previous document",
        )
        self.docs_action = self._action(
            "Go to document &list",
            self._focus_documents,
            ["Ctrl+L"],
            "Move the keyboard focus to the documents",
        )
        self.zoom_in_action = self._action(
            "Zoom &in", self._zoom(1), [K.ZoomIn, "Ctrl+="], "Larger transcript text"
        )
        self.zoom_out_action = self._action(
            "Zoom &out", self._zoom(-1), [K.ZoomOut], "Smaller transcript text"
        )
        self.zoom_reset_action = self._action(
            "&Reset zoom", self._zoom(0), ["Ctrl+0"], "Normal transcript text"
        )
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts",
            self.show_shortcuts,
            [K.HelpContents, "Ctrl+/"],
            "List the keyboard shortcuts",
        )
        self.about_action = self._action("&About ictool", self._about)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        file_menu.addAction(self.send_action)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        for a in (
            self.undo_action,
            self.redo_action,
            None,
            self.find_action,
            self.find_next_action,
            self.find_prev_action,
        ):
            edit.addSeparator() if a is None else edit.addAction(a)
        doc = bar.addMenu("&Document")
        for a in (
            self.next_action,
            self.prev_action,
            self.docs_action,
            None,
            self.evidence_action,
            self.done_action,
        ):
            doc.addSeparator() if a is None else doc.addAction(a)
        view = bar.addMenu("&View")
        for a in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view.addAction(a)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        tools = QToolBar("Coding")
        tools.setObjectName("coding-toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (
            self.prev_action,
            self.next_action,
            None,
            self.evidence_action,
            self.done_action,
            None,
            self.undo_action,
            self.redo_action,
            None,
            self.find_action,
        ):
            tools.addSeparator() if a is None else tools.addAction(a)
        self.addToolBar(tools)
        self.toolbar = tools

    def shortcut_rows(self) -> list[tuple[str, str]]:
        actions = [
            self.next_action,
            self.prev_action,
            self.docs_action,
            self.evidence_action,
            self.done_action,
            self.undo_action,
            self.redo_action,
            self.find_action,
            self.find_next_action,
            self.find_prev_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
            self.open_action,
            self.send_action,
            self.close_action,
            self.quit_action,
            self.shortcuts_action,
        ]
        rows = [(a.text().replace("&", "").rstrip("…"), _keys(a)) for a in actions]
        rows += [
            ("Next / previous variable in the form", "Tab, Shift+Tab"),
            ("Pick a choice of the focused variable", "1 … 9"),
            ("Clear the focused variable", "Delete"),
            ("Save a number", "Enter (or leave the field)"),
        ]
        return rows

    def _update_actions(self) -> None:
        has = self.workspace is not None
        writable = has and self.project is not None and not self.project.readonly
        for a in (
            self.find_action,
            self.find_next_action,
            self.find_prev_action,
            self.next_action,
            self.prev_action,
            self.docs_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
            self.close_action,
        ):
            a.setEnabled(has)
        for a in (self.evidence_action, self.done_action):
            a.setEnabled(writable)
        self.send_action.setEnabled(has and isinstance(self.project, CoderPackage))
        stack = self.session.undo_stack if self.session else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        if stack is not None:
            self.undo_action.setText(f"&Undo {stack.undoText()}".rstrip())
            self.redo_action.setText(f"&Redo {stack.redoText()}".rstrip())

    # -- messages (tests replace these two) ----------------------------------------------

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # -- opening and closing -----------------------------------------------------------

    def choose_file(self) -> None:
        start = str(self.settings.value("files/last_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open coder package or project", start, FILE_FILTER)
        if path:
            self.open_file(Path(path))

    def choose_coder(self, project: StudyFile) -> Coder | None:
        coders = project.coders()
        if not coders:
            self.warn(
                "No coders", f"{project.path.name} has no coders yet: add them with 'ictool coders add'."
            )
            return None
        dialog = ChooseCoderDialog(coders, self)
        return dialog.chosen() if dialog.exec() else None

    def open_file(self, path: Path, coder_name: str | None = None) -> bool:
        try:
            project = open_study_file(path, actor=self.actor)
        except UserError as exc:
            self.warn("Cannot open file", "\n".join(exc.problems))
            return False
        try:
            if isinstance(project, CoderPackage):
                coder = project.owner
            elif coder_name is not None:
                coder = project.coder(coder_name)
            else:
                chosen = self.choose_coder(project)
                if chosen is None:
                    project.close()
                    return False
                coder = chosen
            project.backup()
        except UserError as exc:
            project.close()
            self.warn("Cannot open file", "\n".join(exc.problems))
            return False
        self.close_file()
        if not isinstance(project, CoderPackage):
            project.actor = coder.name
        self.project = project
        self.session = CodingSession(project, coder, self)
        self.session.saveFailed.connect(self._save_failed)
        self.session.saved.connect(self._saved)
        self.session.undo_stack.indexChanged.connect(self._undo_index_changed)
        self.workspace = Workspace(self.session, self.confirm, self.inform)
        self.workspace.message.connect(lambda m: self.statusBar().showMessage(m, 4000))
        self.setCentralWidget(self.workspace)
        self._restore_layout()
        kind = "coder package" if isinstance(project, CoderPackage) else "project"
        self.setWindowTitle(f"{project.title} — {coder.name} — {APP_NAME}")
        self.file_label.setText(f"{coder.name} · {kind} · {project.path.name}")
        self.save_label.setText("All changes saved")
        self._remember(project.path)
        self._update_actions()
        return True

    def close_file(self) -> None:
        if self.workspace is not None:
            self.workspace.commit_pending()
            self._save_layout()
        if self.session is not None:
            # Disconnect before the session dies: a dying QUndoStack still emits indexChanged.
            self.session.undo_stack.indexChanged.disconnect(self._undo_index_changed)
            self.session.saveFailed.disconnect(self._save_failed)
            self.session.saved.disconnect(self._saved)
            self.session.deleteLater()
        if self.project is not None:
            try:
                if not self.project.readonly:
                    self.project.backup()
            except UserError:
                pass  # the file itself is intact; a failed extra copy must not block closing
            self.project.close()
        self.project = None
        self.session = None
        self.workspace = None
        self.welcome = WelcomePanel()
        self.welcome.openRequested.connect(self.choose_file)
        self.welcome.recentRequested.connect(lambda p: self.open_file(Path(p)))
        self.welcome.demoRequested.connect(self._open_demo)
        self.setCentralWidget(self.welcome)
        self._refresh_recent()
        self.setWindowTitle(APP_NAME)
        self.file_label.clear()
        self.save_label.clear()
        self._update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_file()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)

    def _open_demo(self) -> None:
        from ictool.core.demo.build import build_demo, default_demo_path

        path = default_demo_path()
        try:
            if not path.exists():
                build_demo(path, actor=self.actor)
        except UserError as exc:
            self.warn("Cannot build the demo", "\n".join(exc.problems))
            return
        self.open_file(path)

    # -- recent files, layout ------------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        # QSettings returns a str for a one-item list in INI files, a list otherwise.
        items: list[object] = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [str(p) for p in items if p]

    def _remember(self, path: Path) -> None:
        items = [str(path.resolve())] + [p for p in self.recent_files() if p != str(path.resolve())]
        self.settings.setValue("files/recent", items[:MAX_RECENT])
        self.settings.setValue("files/last_folder", str(path.resolve().parent))
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.recent_files() if Path(p).exists()]
        for p in recent:
            action = self.recent_menu.addAction(Path(p).name)
            action.setToolTip(p)
            action.triggered.connect(lambda _checked=False, p=p: self.open_file(Path(p)))
        self.recent_menu.setEnabled(bool(recent))
        if isinstance(self.centralWidget(), WelcomePanel):
            self.welcome.set_recent(recent)

    def _save_layout(self) -> None:
        if self.workspace is not None:
            self.settings.setValue("layout/splitter", self.workspace.splitter.saveState())
            self.settings.setValue("layout/centre", self.workspace.centre.saveState())
            self.settings.setValue("layout/zoom", self.workspace.transcript.zoom_level)

    def _restore_layout(self) -> None:
        assert self.workspace is not None
        for key, splitter in (
            ("layout/splitter", self.workspace.splitter),
            ("layout/centre", self.workspace.centre),
        ):
            state = self.settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        zoom = self.settings.value("layout/zoom", 0)
        self.workspace.transcript.zoom_level = (
            int(zoom) if isinstance(zoom, int | str) and str(zoom).lstrip("-").isdigit() else 0
        )

    # -- drag and drop -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                self.open_file(Path(url.toLocalFile()))
                return

    # -- slots -------------------------------------------------------------------------

    def _undo_index_changed(self, _index: int) -> None:
        self._update_actions()

    def _saved(self) -> None:
        from datetime import datetime

        self.save_label.setText(f"Saved {datetime.now():%H:%M:%S}")

    def _save_failed(self, message: str) -> None:
        self.save_label.setText("NOT SAVED")
        self.warn(
            "Not saved",
            f"{message}\n\nYour last change was not saved; everything saved before it is safe in the file "
            "(and in the backup copies beside it).",
        )

    def _undo(self) -> None:
        if self.session is not None:
            if self.workspace is not None:
                self.workspace.commit_pending()
            self.session.undo_stack.undo()

    def _redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _find(self) -> None:
        if self.workspace is not None:
            self.workspace.transcript.show_find()

    def _find_next(self) -> None:
        if self.workspace is not None:
            self.workspace.transcript.find_next()

    def _find_prev(self) -> None:
        if self.workspace is not None:
            self.workspace.transcript.find_previous()

    def _attach(self) -> None:
        if self.workspace is not None:
            self.workspace.attach_evidence()

    def _toggle_done(self) -> None:
        if self.workspace is not None:
            self.workspace.toggle_done()

    def _step(self, step: int) -> None:
        if self.workspace is not None:
            self.workspace.step_document(step)

    def _focus_documents(self) -> None:
        if self.workspace is not None:
            self.workspace.documents.focus_list()

    def _zoom(self, direction: int):  # type: ignore[no-untyped-def]
        def run() -> None:
            if self.workspace is None:
                return
            view = self.workspace.transcript
            (view.zoom_in if direction > 0 else view.zoom_out if direction < 0 else view.reset_zoom)()

        return run

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def prepare_for_sending(self) -> None:
        if not isinstance(self.project, CoderPackage):
            return
        if self.workspace is not None:
            self.workspace.commit_pending()
        report = check_hand_back(self.project)
        text = format_send_report(report)
        if not report.ok:
            self.warn("Not ready to send", text)
            return
        self.show_ready_to_send(text, report.path)

    def show_ready_to_send(self, text: str, path: Path) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, "Ready to send", text, QMessageBox.StandardButton.Ok, self
        )
        show = box.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is show:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>Inter-rater reliability coding for qualitative research."
            f"<p>Python {sys.version.split()[0]}",
        )
