"""The lead's workspace: a project opens in it, its pages plug in by one interface, and the coder's
workspace is one action away ("Code as…")."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.lead.pages import PAGES
from ictool.gui.lead.pages.codebook import CodebookPage
from ictool.gui.lead.pages.page import LeadPage
from ictool.gui.lead.pages.rounds import RoundsPage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.session import MERGE
from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow, ScriptedPrompter


def lead_of(window: MainWindow) -> LeadWorkspace:
    assert isinstance(window.workspace, LeadWorkspace)
    return window.workspace


def test_opening_a_project_opens_the_lead_workspace(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = lead_of(window)
    assert not [c for c in prompter.calls if c[0] == "choose_coder"]  # nobody asked "which coder?"
    assert window.centralWidget() is lead.view
    assert [p.title for p in lead.view.pages] == ["Team", "Codebook", "Reliability", "Reconcile", "Rounds"]
    assert window.file_label.text() == "Lead · project · demo.ictool"
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Project", "Go", "Help"]


def test_a_package_still_opens_the_coder_workspace(make_window: MakeWindow, package: Path) -> None:
    window = make_window()
    assert window.open_file(package)
    assert isinstance(window.workspace, CoderWorkspace)


def test_code_as_switches_to_the_coder_workspace_on_the_same_file(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = lead_of(window)
    prompter.coder = "Jonas"
    lead.actions.code_as.trigger()
    assert isinstance(window.workspace, CoderWorkspace)
    assert window.workspace.coder.name == "Jonas" and window.workspace.file.path == demo_project
    assert not window.workspace.file.readonly  # the lead's window let go of the file first
    assert lead.closed and lead.file.closed
    assert window.file_label.text() == "Jonas · project · demo.ictool"
    coder = window.workspace
    assert coder.actions.back_to_lead in window.file_menu.actions()
    coder.actions.back_to_lead.trigger()  # and back, on the same file
    assert isinstance(window.workspace, LeadWorkspace) and window.workspace.file.path == demo_project


def test_cancelling_code_as_keeps_the_lead_workspace(
    make_window: MakeWindow, prompter: ScriptedPrompter, demo_project: Path
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = lead_of(window)
    prompter.coder = None
    lead.actions.code_as.trigger()
    assert window.workspace is lead and not lead.closed


def test_pages_refresh_lazily_after_a_data_change(
    make_window: MakeWindow, demo_project: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = lead_of(window)
    view = lead.view
    page = view.pages[3]
    calls: list[int] = []
    real = page.refresh
    monkeypatch.setattr(page, "refresh", lambda: (calls.append(1), real())[1])
    assert calls == []  # never shown, never computed
    lead.actions.go_to[3].trigger()
    assert view.current is page and len(calls) == 1
    lead.session.external_change(MERGE)
    assert len(calls) == 2  # shown: at once
    lead.actions.go_to[0].trigger()
    lead.session.external_change(MERGE)
    assert len(calls) == 2 and page.stale  # hidden: when next shown
    lead.actions.go_to[3].trigger()
    assert len(calls) == 3


def test_every_page_implements_the_interface() -> None:
    for page in PAGES:
        assert issubclass(page, LeadPage) and page.title
        assert page.refresh is not LeadPage.refresh


def test_lead_shortcuts_are_listed_and_do_not_clash(make_window: MakeWindow, demo_project: Path) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    lead = lead_of(window)
    rows = window.shortcut_rows()
    assert ("Go to Reliability", "Ctrl+3") in rows and ("Code as", "Ctrl+Shift+K") in rows
    keys = [s.toString() for a in window.actions() for s in a.shortcuts()]
    assert len(keys) == len(set(keys)), f"clashing shortcuts: {sorted(k for k in keys if keys.count(k) > 1)}"
    for action in lead.actions.all():
        assert action.shortcuts() or action.text(), action


def test_ictool_demo_opens_the_lead_workspace_unless_a_coder_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    import ictool.gui.app
    from ictool.cli.commands import demo

    opened: list[tuple[Path, str | None, bool]] = []
    monkeypatch.setattr(demo, "display_available", lambda: True)
    monkeypatch.setattr(
        ictool.gui.app,
        "run_app",
        lambda path, *, actor, coder, dashboard: opened.append((path, coder, dashboard)) or 0,
    )
    args = argparse.Namespace(dir=tmp_path, no_gui=False, reset=False, actor="lead", coder=None)
    assert demo.run(args) == 0
    assert opened == [(tmp_path / "demo-project.ictool", None, True)]  # the lead, at the dashboard
    assert demo.run(argparse.Namespace(**{**vars(args), "coder": "amira"})) == 0
    assert opened[-1][1:] == ("Amira", False)


def test_a_project_open_in_another_window_opens_read_only_and_says_why(
    make_window: MakeWindow, demo_project: Path
) -> None:
    first = make_window()
    assert first.open_file(demo_project)
    second = make_window()
    assert second.open_file(demo_project)
    lead = lead_of(second)
    assert lead.file.readonly and not lead.view.banner.isHidden()
    assert "read-only" in lead.view.banner.text()
    team = lead.view.page(TeamPage)
    assert isinstance(team, TeamPage)
    assert not team.hand_out_action.isEnabled() and not team.add_coders_action.isEnabled()
    lead.actions.go_to[1].trigger()
    codebook = lead.view.page(CodebookPage)
    assert isinstance(codebook, CodebookPage) and not codebook.update_action.isEnabled()
    lead.actions.go_to[PAGES.index(RoundsPage)].trigger()
    rounds = lead.view.page(RoundsPage)
    assert isinstance(rounds, RoundsPage)
    assert not rounds.add_round_action.isEnabled() and not rounds.retest_action.isEnabled()
    assert lead_of(first).view.banner.isHidden()
    second.close()


def test_the_demo_starts_at_the_dashboard(make_window: MakeWindow, demo_project: Path) -> None:
    from ictool.gui.app import show_dashboard
    from ictool.gui.lead.pages.reliability import ReliabilityPage

    window = make_window()
    assert window.open_file(demo_project)
    show_dashboard(window)
    lead = lead_of(window)
    assert isinstance(lead.view.current, ReliabilityPage)
