"""The lead researcher's workspace: the project's pages, hosted by the shell's window.

It joins the pieces the shell knows nothing about — the session (``lead.session``), the view and
its pages (``lead.view``, ``lead.pages``) and the lead's actions (``lead.actions``) — and keeps the
lead's layout under its own settings key. Switching to the coder's workspace on the same file
("Code as…") asks the shell to reopen the file as that coder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from ictool.core.project import Project
from ictool.gui.lead.actions import LeadActions
from ictool.gui.lead.copy_flow import FileCopies
from ictool.gui.lead.pages.page import PageContext
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.pages.rounds import RoundsPage
from ictool.gui.lead.pages.team import TeamPage
from ictool.gui.lead.session import LeadSession
from ictool.gui.lead.view import LeadView
from ictool.gui.shell.prompter import Prompter
from ictool.gui.shell.workspace_base import WorkspaceBase


class LeadWorkspace(WorkspaceBase):
    settings_key = "lead"

    def __init__(self, project: Project, prompter: Prompter, parent: QObject | None = None) -> None:
        super().__init__(project, prompter, parent)
        self.project = project
        self.session = LeadSession(project, self)
        self.track_session(self.session)
        context = PageContext(self.session, prompter, self.run_job, self.message.emit)
        self.view = LeadView(context)
        # queued: merged once the drop has ended (the program the files came from waits for it, and
        # a merge may ask for passphrases first)
        self.view.packagesDropped.connect(self._packages_dropped, Qt.ConnectionType.QueuedConnection)
        self.copies = FileCopies(context, self.view)
        self.actions = LeadActions(self, self.view.pages, self._page_file_actions())
        for i, action in enumerate(self.actions.go_to):
            action.triggered.connect(lambda _checked=False, i=i: self.view.show_page(i))
        self.actions.code_as.triggered.connect(self.code_as)

    # -- what the shell installs ---------------------------------------------------------

    def central_widget(self) -> QWidget:
        return self.view

    def menus(self) -> list[QMenu]:
        return self.actions.menus

    def file_actions(self) -> list[QAction]:
        """File ▸ Export…, the methods section and the encrypted or plain copy: where people look for
        them, whichever page is shown. Only here, not also in Project (``LeadActions``)."""
        return self._page_file_actions() + self.copies.actions()

    def _page_file_actions(self) -> list[QAction]:
        """The pages' actions that write the study's results out: the Reconcile page's Export…, the
        Rounds page's methods section. Outputs of the whole study, not of a page, so File."""
        actions = [page.export_action for page in self.view.pages if isinstance(page, ReconcilePage)]
        for page in self.view.pages:
            if isinstance(page, RoundsPage):
                actions += [page.methods.copy_action, page.methods.save_action]
        return actions

    def window_actions(self) -> list[QAction]:
        return self.actions.all()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return self.actions.shortcut_rows()

    def window_title(self) -> str:
        return f"{self.file.title} — lead"

    def status_text(self) -> str:
        return f"Lead · project · {self.file.path.name}"

    # -- what the shell asks of it -------------------------------------------------------

    def save_layout(self, settings: QSettings) -> None:
        settings.setValue("splitter", self.view.splitter.saveState())
        settings.setValue("page", self.view.nav.currentRow())

    def restore_layout(self, settings: QSettings) -> None:
        state = settings.value("splitter")
        if isinstance(state, QByteArray):
            self.view.splitter.restoreState(state)
        page = settings.value("page", 0)
        if isinstance(page, int | str) and str(page).isdigit():
            self.view.show_page(int(page))

    def release(self) -> None:
        for menu in self.actions.menus:
            menu.deleteLater()
        self.view.deleteLater()
        self.session.deleteLater()

    # -- the lead's commands that are not a page's ---------------------------------------

    def code_as(self) -> None:
        """Reopen this project in the coder's workspace as the coder the lead chooses."""
        coders = self.project.coders()
        if not coders:
            self.prompter.warn("No coders", "This project has no coders yet: add them on the Team page.")
            return
        coder = self.prompter.choose_coder(coders)
        if coder is not None:
            self.reopenRequested.emit(self.file.path, coder.name)

    def _packages_dropped(self, paths: list[Path]) -> None:
        """Packages dropped anywhere on the lead's window are merged (file by file), never opened."""
        team = self.view.page(TeamPage)
        assert isinstance(team, TeamPage)
        team.merge_files(paths)
