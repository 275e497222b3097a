"""Keyboard and screen readers in the lead's workspace: every control has a name a screen reader
reads, every action is in a menu (so Alt reaches it) and the ones with keys are in Help ▸ Keyboard
shortcuts, and no two actions share a key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ictool.core.setup.codebook_update import CodebookChanges
from ictool.core.team.merge import PackageOutcome
from ictool.gui.lead.codebook_update_dialog import CodebookUpdateDialog
from ictool.gui.lead.merge_results_dialog import MergeResultsDialog
from ictool.gui.lead.pages.codebook import CodebookPage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.wizard.wizard import NewProjectWizard
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.actions import shortcut_row
from tests.gui.conftest import MakeWindow

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def unnamed(root: QWidget) -> list[str]:
    """Controls under ``root`` that a screen reader would announce without a name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.parent() is None:
            continue
        if type(widget).__name__.startswith("Q") and widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (scroll bars' buttons, the spin box's line edit)
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox | QAbstractItemView | QLineEdit):
            continue  # a spin box's line edit, a table's headers, a clear button: parts of their owner
        iface = QAccessible.queryAccessibleInterface(widget)
        if iface is None or not iface.text(QAccessible.Text.Name).strip():
            missing.append(
                f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}"
            )
    return missing


def test_every_control_of_the_pages_has_a_name(make_window: MakeWindow, demo_project: Path) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    for i in range(len(lead.view.pages)):
        lead.view.show_page(i)
    team = lead.view.page(TeamPage)
    codebook = lead.view.page(CodebookPage)
    assert isinstance(team, TeamPage) and isinstance(codebook, CodebookPage)
    assert unnamed(lead.view.nav) == []
    for page in (team, codebook):
        assert unnamed(page) == [], page.title
    add = team.ask_coders()
    assign = team.ask_assignment()
    assert unnamed(add) == [] and unnamed(assign) == []
    add.reject()
    assign.reject()


def test_every_control_of_the_wizard_has_a_name(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window()
    window.new_actions[0].trigger()
    wizard = window.new_dialog
    assert isinstance(wizard, NewProjectWizard)
    for page in (wizard.location, wizard.codebook, wizard.transcripts, wizard.coders, wizard.assignment):
        assert unnamed(page) == [], page.title()
    wizard.reject()


def test_every_lead_action_is_in_a_menu_and_its_keys_are_listed(
    make_window: MakeWindow, demo_project: Path
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    in_menus = {a for menu in lead.menus() for a in menu.actions()} | set(lead.file_actions())
    rows = window.shortcut_rows()
    for action in lead.actions.all():
        assert action in in_menus, action.text()
        if action.shortcuts():
            assert shortcut_row(action) in rows or any(r[1] == shortcut_row(action)[1] for r in rows), (
                action.text()
            )
    keys = [s.toString() for a in window.actions() for s in a.shortcuts()]
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)


def test_pages_are_reached_by_keys(make_window: MakeWindow, demo_project: Path, qtbot: QtBot) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    for i, action in enumerate(lead.actions.go_to):
        action.trigger()
        assert lead.view.nav.currentRow() == i and lead.view.current is lead.view.pages[i]


def test_the_dialogs_controls_have_names(qtbot: QtBot, tmp_path: Path) -> None:
    results = MergeResultsDialog(
        [PackageOutcome(tmp_path / "x.ictcoder", None, ["x: not a package"])], "inbox"
    )
    update = CodebookUpdateDialog(tmp_path / "cb.csv", lambda: (CodebookChanges(added_variables=["v"]), []))
    for dialog in (results, update):
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], dialog.windowTitle()
