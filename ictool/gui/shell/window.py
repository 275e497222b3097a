"""The main window: a shell that opens files and hosts the workspace that works in them.

It owns only what is about files and the window: open, recent files, drag-and-drop, close, quit,
the window's geometry, Help and the status bar. Opening goes through ``open_for_work`` (the
same read-only checks as the CLI, then writable only when safe: one writer, a writable file,
a backup copy rotated beside it; else read-only, with the reason on ``file.readonly_reason``);
the factory registered for the file's kind makes the workspace (``shell.opening``); then the
previous workspace is closed and the new one installed: its widget, menus, toolbars and
File-menu actions appear, and the previous one's are gone.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QWidget

from ictool import APP_NAME
from ictool.core.errors import UserError
from ictool.core.paths import same_file
from ictool.core.project import CoderPackage, Project, open_for_work
from ictool.gui.shell.about import AboutDialog
from ictool.gui.shell.actions import make_action, shortcut_row
from ictool.gui.shell.dialogs import ShortcutsDialog
from ictool.gui.shell.opening import Creator, Factories, OpenRequest, factory_for
from ictool.gui.shell.prompter import DialogPrompter, Prompter, with_passphrase
from ictool.gui.shell.recent_files import RecentFiles
from ictool.gui.shell.welcome import WelcomePanel
from ictool.gui.shell.workspace_base import WorkspaceBase
from ictool.gui.widgets.passphrase import ENCRYPTED_STATUS
from ictool.gui.workers import wait_for
from ictool.gui.workspaces import default_creators, default_factories

FILE_FILTER = "ictool files (*.ictool *.ictcoder);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(
        self,
        actor: str = "unknown",
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        prompter: Prompter | None = None,
        factories: Factories | None = None,
        creators: list[Creator] | None = None,
    ):
        super().__init__(parent)
        self.actor = actor
        self.settings = settings or QSettings()
        self.prompter: Prompter = prompter or DialogPrompter(self)
        self.factories = factories if factories is not None else default_factories()
        self.creators = creators if creators is not None else default_creators()
        self.new_dialog: QDialog | None = None  # the dialog making a new file, while it is open
        self.recent = RecentFiles(self.settings)
        self.workspace: WorkspaceBase | None = None
        self._opening: Path | None = None  # the file being opened (opening is one at a time)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.resize(1360, 860)
        self.welcome = WelcomePanel()
        self.welcome.openRequested.connect(self.choose_file)
        self.welcome.recentRequested.connect(lambda p: self.open_file(Path(p)))
        self.welcome.demoRequested.connect(self._open_demo)
        self.welcome.newRequested.connect(lambda: self.new_actions[0].trigger() if self.new_actions else None)
        self.setCentralWidget(self.welcome)
        self.save_label = QLabel()
        self.file_label = QLabel()
        self.cipher_label = QLabel()  # "(encrypted)" while an encrypted file is open, else nothing
        self.cipher_label.setAccessibleName("Encryption of the open file")
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.cipher_label)  # beside the file's name, read with it
        self.statusBar().addPermanentWidget(self.save_label)
        self._make_actions()
        self._make_menus()
        self._refresh_recent()
        self._update_actions()
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    # -- the shell's own actions and menus -------------------------------------------------

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.new_actions = [
            make_action(self, c.text, partial(self.start_creating, c), [c.shortcut], c.tip)
            for c in self.creators
        ]
        self.addActions(self.new_actions)
        self.open_action = make_action(
            self, "&Open…", self.choose_file, [K.Open], "Open a coder package or project"
        )
        self.close_action = make_action(
            self, "&Close file", lambda: self.close_file(), [K.Close], "Close the open file"
        )
        self.quit_action = make_action(self, "&Quit", self.close, [K.Quit], "Quit ictool")
        self.shortcuts_action = make_action(
            self,
            "&Keyboard shortcuts",
            self.show_shortcuts,
            [K.HelpContents, "Ctrl+/"],
            "List the keyboard shortcuts",
        )
        self.about_action = make_action(self, "&About ictool", self._about)
        self.addActions([self.open_action, self.close_action, self.quit_action, self.shortcuts_action])

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addActions(self.new_actions)
        self.file_menu.addAction(self.open_action)
        self.recent_menu = self.file_menu.addMenu("Open &recent")
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.close_action)  # a workspace's file actions go above Close
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = bar.addMenu("&Help")  # a workspace's menus go before Help
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def _update_actions(self) -> None:
        self.close_action.setEnabled(self.workspace is not None)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        own = [
            *self.new_actions,
            self.open_action,
            self.close_action,
            self.quit_action,
            self.shortcuts_action,
        ]
        rows = self.workspace.shortcut_rows() if self.workspace is not None else []
        return rows + [shortcut_row(a) for a in own]

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    # -- making, opening and closing -----------------------------------------------------------

    def start_creating(self, creator: Creator) -> None:
        """Open the creator's dialog; the file it makes is opened like any other."""
        if self.new_dialog is not None and self.new_dialog.isVisible():
            self.new_dialog.raise_()
            return
        self.new_dialog = creator.start(
            self, self.prompter, self.actor, lambda path: self.open_file(Path(path))
        )
        self.new_dialog.destroyed.connect(self._creator_gone)

    def _creator_gone(self) -> None:
        self.new_dialog = None

    def choose_file(self) -> None:
        path = self.prompter.choose_file(
            "Open coder package or project", self.recent.last_folder(), FILE_FILTER
        )
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path, coder_name: str | None = None) -> bool:
        """Open ``path`` in the workspace for its kind; False (the current file stays open) if not."""
        if self._opening is not None:
            # a file dropped or sent by the system while another is being opened: one at a time
            self.statusBar().showMessage(f"Still opening {self._opening.name}; open {path.name} afterwards")
            return False
        self._opening = path
        self.statusBar().showMessage(f"Opening {path.name}…")
        try:
            return self._open_file(path, coder_name)
        finally:
            self._opening = None
            self.statusBar().clearMessage()

    def _open_file(self, path: Path, coder_name: str | None) -> bool:
        if self.workspace is not None and not self.workspace.confirm_close():
            return False
        if self.workspace is not None and same_file(self.workspace.file.path, path):
            self.close_file(confirmed=True)  # opened again: let go of it first, or it would hold itself
        try:
            file = self._open_for_work(path)
        except UserError as exc:
            self.prompter.warn("Cannot open file", "\n".join(exc.problems))
            return False
        if file is None:  # they cancelled the passphrase: the current file stays as it was
            return False
        try:
            workspace = factory_for(self.factories, file)(OpenRequest(file, self.prompter, coder_name))
        except UserError as exc:
            file.close()
            self.prompter.warn("Cannot open file", "\n".join(exc.problems))
            return False
        if workspace is None:
            file.close()
            return False
        self.close_file(confirmed=True)
        self._install(workspace)
        self.recent.remember(file.path)
        self._refresh_recent()
        return True

    def _open_for_work(self, path: Path) -> Project | CoderPackage | None:
        """``open_for_work``, asking for an encrypted file's passphrase (again after a wrong one).

        None when the person cancelled the passphrase. The passphrase that opened the file is
        remembered for the session by the core (``store.cipher``): the workers' own connections, the
        backups and opening it again later do not ask.
        """

        def attempt() -> Project | CoderPackage | None:
            # Writable only when safe: one writer, a writable file and folder, a backup copy taken.
            # Checking every page and taking the session copy read the whole file (seconds for a
            # project of a million values), so it runs on a thread while the window keeps painting.
            return wait_for(
                self,
                "Opening",
                f"Opening {path.name}: checking every page and taking a backup copy…",
                lambda: open_for_work(path, actor=self.actor),
                discard=lambda file: file.close(),
            )

        return with_passphrase(self.prompter, path, attempt)

    def close_file(self, *, confirmed: bool = False) -> bool:
        """Close the shown workspace (it saves what is being typed, its layout, and closes its file).

        False when the workspace had typed work it could not save and the person chose to keep it open.
        """
        workspace = self.workspace
        if workspace is None:
            return True
        if not confirmed and not workspace.confirm_close():
            return False
        workspace.commit_pending()
        self.settings.beginGroup(workspace.settings_key)
        workspace.save_layout(self.settings)
        self.settings.endGroup()
        self._uninstall(workspace)
        workspace.close()
        workspace.deleteLater()
        self._refresh_recent()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._opening is not None:
            # the file being opened is not the window's yet: close once it is (or the opening ends)
            self.statusBar().showMessage(f"Still opening {self._opening.name}; close the window afterwards")
            event.ignore()
            return
        if not self.close_file():
            event.ignore()
            return
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
            self.prompter.warn("Cannot build the demo", "\n".join(exc.problems))
            return
        self.open_file(path)

    # -- hosting a workspace -------------------------------------------------------------------

    def _install(self, workspace: WorkspaceBase) -> None:
        self.workspace = workspace
        self._park(self.takeCentralWidget())
        self.setCentralWidget(workspace.central_widget())
        self.addActions(workspace.window_actions())
        self.file_menu.insertActions(self.close_action, workspace.file_actions())
        for menu in workspace.menus():
            self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        for toolbar in workspace.toolbars():
            self.addToolBar(toolbar)
            toolbar.show()
        workspace.message.connect(self._show_message)
        workspace.saveStateChanged.connect(self.save_label.setText)
        workspace.reopenRequested.connect(self._reopen)
        self.settings.beginGroup(workspace.settings_key)
        workspace.restore_layout(self.settings)
        self.settings.endGroup()
        self.setWindowTitle(f"{workspace.window_title()} — {APP_NAME}")
        self.file_label.setText(workspace.status_text())
        encrypted = workspace.file.encrypted
        self.cipher_label.setText(ENCRYPTED_STATUS if encrypted else "")
        self.cipher_label.setToolTip(
            "The file is encrypted with a passphrase (SQLCipher); exports from it are not"
            if encrypted
            else ""
        )
        self.save_label.setText(workspace.save_state)
        self._update_actions()

    def _uninstall(self, workspace: WorkspaceBase) -> None:
        workspace.message.disconnect(self._show_message)
        workspace.saveStateChanged.disconnect(self.save_label.setText)
        workspace.reopenRequested.disconnect(self._reopen)
        for toolbar in workspace.toolbars():
            self.removeToolBar(toolbar)
        for menu in workspace.menus():
            self.menuBar().removeAction(menu.menuAction())
        for action in workspace.file_actions():
            self.file_menu.removeAction(action)
        for action in workspace.window_actions():
            self.removeAction(action)
        self._park(self.takeCentralWidget())  # the workspace deletes its own widget when it closes
        self.setCentralWidget(self.welcome)
        self.welcome.show()
        self.workspace = None
        self.setWindowTitle(APP_NAME)
        self.file_label.clear()
        self.cipher_label.clear()
        self.cipher_label.setToolTip("")
        self.save_label.clear()
        self._update_actions()

    def _park(self, widget: QWidget | None) -> None:
        """Keep a widget taken out of the window as a hidden child: left without a parent it would be
        a window of its own, and deleting it later would take the keyboard focus from this one."""
        if widget is not None:
            widget.setParent(self)
            widget.hide()

    def _reopen(self, path: Path, coder_name: str) -> None:
        self.open_file(Path(path), coder_name=coder_name or None)

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 4000)

    # -- recent files, drag and drop -------------------------------------------------------------

    def recent_files(self) -> list[str]:
        return self.recent.paths()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent.existing()
        for p in recent:
            action = self.recent_menu.addAction(Path(p).name.replace("&", "&&"))  # "&" is no access key
            action.setToolTip(p)
            action.triggered.connect(lambda _checked=False, p=p: self.open_file(Path(p)))
        self.recent_menu.setEnabled(bool(recent))
        self.welcome.set_recent(recent)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                # opened once the drop has ended: the program the file came from waits for it, and
                # opening a large file takes seconds (questions may be asked on the way)
                QTimer.singleShot(0, partial(self.open_file, Path(url.toLocalFile())))
                return

    def _about(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
