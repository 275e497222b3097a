"""The window is a shell: workspaces plug in by a factory per kind of file, bring their own actions and
menus, and take them away again when another file opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QWidget

from ictool.core.project import CoderPackage, Project, StudyFile
from ictool.core.records import Status
from ictool.gui.coder.factory import open_coder_workspace
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.actions import make_action, shortcut_row
from ictool.gui.shell.opening import OpenRequest
from ictool.gui.shell.prompter import Prompter
from ictool.gui.shell.welcome import WelcomePanel
from ictool.gui.shell.window import MainWindow
from ictool.gui.shell.workspace_base import WorkspaceBase
from tests.gui.conftest import MakeWindow, ScriptedPrompter, coder_of


class DummyWorkspace(WorkspaceBase):
    """The smallest workspace: a label, one menu with one action, one File-menu action."""

    settings_key = "dummy"

    def __init__(self, file: StudyFile, prompter: Prompter) -> None:
        super().__init__(file, prompter)
        self.label = QLabel("dummy")
        self.ping = make_action(self, "&Ping", None, ["Ctrl+Alt+P"], "Ping")
        self.menu = QMenu("D&ummy")
        self.menu.addAction(self.ping)
        self.export = make_action(self, "&Export dummy…")
        self.released = False
        self.restored: object = None

    def central_widget(self) -> QWidget:
        return self.label

    def menus(self) -> list[QMenu]:
        return [self.menu]

    def file_actions(self) -> list[QAction]:
        return [self.export]

    def window_actions(self) -> list[QAction]:
        return [self.ping]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return [shortcut_row(self.ping)]

    def window_title(self) -> str:
        return "Dummy"

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("width", 42)

    def restore_layout(self, settings: QSettings) -> None:
        self.restored = settings.value("width")

    def release(self) -> None:
        self.released = True
        self.label.deleteLater()
        self.menu.deleteLater()


def menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def visible_toolbars(window: MainWindow) -> list[str]:
    return [t.objectName() for t in window.findChildren(QToolBar) if t.isVisible()]


def dummies(made: list[DummyWorkspace]):  # type: ignore[no-untyped-def]
    def factory(request: OpenRequest) -> DummyWorkspace:
        made.append(DummyWorkspace(request.file, request.prompter))
        return made[-1]

    return factory


def test_a_second_workspace_plugs_in_and_leaves_no_trace(
    make_window: MakeWindow, demo_project: Path, package: Path
) -> None:
    made: list[DummyWorkspace] = []
    window = make_window(factories={Project: dummies(made), CoderPackage: open_coder_workspace})
    assert menu_titles(window) == ["File", "Help"]

    assert window.open_file(demo_project)
    (dummy,) = made
    assert window.workspace is dummy and window.centralWidget() is dummy.label
    assert menu_titles(window) == ["File", "Dummy", "Help"]
    assert dummy.ping in window.actions() and dummy.export in window.file_menu.actions()
    assert window.file_menu.actions().index(dummy.export) < window.file_menu.actions().index(
        window.close_action
    )
    assert ("Ping", "Ctrl+Alt+P") in window.shortcut_rows()
    assert window.windowTitle().startswith("Dummy — ")
    assert visible_toolbars(window) == []

    assert window.open_file(package)
    coder = coder_of(window)
    assert dummy.released and dummy.closed and dummy.file.closed
    assert menu_titles(window) == ["File", "Edit", "Document", "View", "Help"]
    assert dummy.ping not in window.actions() and dummy.export not in window.file_menu.actions()
    assert coder.actions.hand_back in window.file_menu.actions()
    assert visible_toolbars(window) == ["coding-toolbar"]
    assert ("Ping", "Ctrl+Alt+P") not in window.shortcut_rows()

    assert window.open_file(demo_project)
    assert len(made) == 2 and str(made[1].restored) == "42"  # its own layout, under its own key
    assert coder.closed and coder.file.closed
    assert coder.actions.hand_back not in window.file_menu.actions()
    assert not set(coder.actions.all()) & set(window.actions())
    assert menu_titles(window) == ["File", "Dummy", "Help"]
    assert visible_toolbars(window) == []

    window.close_file()
    assert window.workspace is None and made[1].released
    assert isinstance(window.centralWidget(), WelcomePanel) and window.centralWidget().isVisible()
    assert menu_titles(window) == ["File", "Help"]
    assert not window.close_action.isEnabled()


def test_layout_is_kept_per_workspace(make_window: MakeWindow, package: Path, tmp_path: Path) -> None:
    window = make_window()
    assert window.open_file(package)
    coder = coder_of(window)
    coder.view.splitter.setSizes([400, 500, 400])
    sizes = coder.view.splitter.sizes()
    coder.view.transcript.zoom_in()
    window.close()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert {"layout/splitter", "layout/centre", "layout/zoom"} <= set(settings.allKeys())
    again = make_window()
    assert again.open_file(package)
    assert coder_of(again).view.transcript.zoom_level == 1
    assert coder_of(again).view.splitter.sizes() == sizes


#: The coder's factory for both kinds: a project opened "as a coder" without naming one.
AS_CODER = {Project: open_coder_workspace, CoderPackage: open_coder_workspace}


def test_which_coder_are_you(make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path) -> None:
    window = make_window(factories=AS_CODER)
    prompter.coder = "Jonas"
    assert window.open_file(demo_project)
    kind, _title, names = prompter.last()
    assert kind == "choose_coder" and "Amira" in names and "Jonas" in names
    coder = coder_of(window)
    assert coder.coder.name == "Jonas" and coder.file.actor == "Jonas"
    assert window.file_label.text() == "Jonas · project · demo.ictool"


def test_cancelling_which_coder_keeps_the_open_file(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path, package: Path
) -> None:
    window = make_window(factories=AS_CODER)
    assert window.open_file(package)
    before = window.workspace
    prompter.coder = None  # the person cancels the question
    assert not window.open_file(demo_project)
    assert window.workspace is before and before is not None and not before.file.closed


def test_an_unknown_coder_is_refused_in_words(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path
) -> None:
    window = make_window()
    assert not window.open_file(demo_project, coder_name="Nobody")
    kind, title, text = prompter.last()
    assert (kind, title) == ("warn", "Cannot open file") and "Nobody" in text
    assert window.workspace is None


def test_open_asks_the_prompter_for_the_file(
    make_window: MakeWindow, prompter: ScriptedPrompter, package: Path
) -> None:
    window = make_window()
    prompter.file = package
    window.open_action.trigger()
    assert isinstance(window.workspace, CoderWorkspace) and window.workspace.file.path == package
    assert prompter.calls[0][0] == "choose_file"


def test_a_refused_change_is_explained_and_not_saved(
    coder: CoderWorkspace, prompter: ScriptedPrompter, window: MainWindow
) -> None:
    doc = coder.view.current
    assert doc is not None
    age = coder.session.codebook.get("age_joining")
    assert age is not None
    assert not coder.session.set_value(doc, age.uuid, "not a number")  # type: ignore[arg-type]
    kind, title, _text = prompter.last()
    assert (kind, title) == ("warn", "Change refused")
    assert window.save_label.text() != "NOT SAVED"  # refused is not a failed save
    assert coder.session.value(doc, age.uuid) is None and not coder.session.undo_stack.canUndo()
    assert coder.session.status(doc) is Status.NOT_STARTED


def test_help_lists_key_sequences_not_a_keyboards_one_purpose_keys(make_window: MakeWindow) -> None:
    """Quit is Ctrl+Q and, on X11, the Exit key few keyboards have: Help said "Ctrl+Q, Exit", which
    reads as two things to press. The key still quits; Help lists what one types."""
    window = make_window()
    window.quit_action.setShortcuts([QKeySequence("Ctrl+Q"), QKeySequence(Qt.Key.Key_Exit)])
    window.shortcuts_action.setShortcuts([QKeySequence("F1"), QKeySequence(Qt.Key.Key_Help)])
    rows = dict(window.shortcut_rows())
    assert rows["Quit"] == "Ctrl+Q"
    assert rows["Keyboard shortcuts"] == "F1"
    assert QKeySequence(Qt.Key.Key_Exit) in window.quit_action.shortcuts()  # it still works
