"""The lead's commands and menus: going to a page, coding as a coder, and every page's own actions.

Kept apart from the workspace so what the lead can do — and the keys they learn — reads in one
place; Help ▸ Keyboard shortcuts is built from the same objects.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ictool.gui.lead.pages.page import LeadPage
from ictool.gui.shell.actions import make_action, shortcut_row


class LeadActions:
    """The Go and Project menus and the lead's own actions.

    ``in_file_menu`` are page actions the workspace lists in File (Export…, the methods section):
    they stay on their page's header bar and keep their keys, but are left out of Project, so each
    command has one place in the menus — and one access key to learn — not two.
    """

    def __init__(
        self, parent: QObject, pages: Sequence[LeadPage], in_file_menu: Sequence[QAction] = ()
    ) -> None:
        self.pages = list(pages)
        self.in_file_menu = list(in_file_menu)
        self.go_to = [
            make_action(parent, f"&{i + 1} {p.title}", None, [f"Ctrl+{i + 1}"], f"Show the {p.title} page")
            for i, p in enumerate(self.pages)
        ]
        self.code_as = make_action(
            parent,
            "Code &as…",
            None,
            ["Ctrl+Shift+K"],
            "Open this project in the coder's workspace as one of its coders (only their values)",
        )
        self.menus = self._make_menus()

    def _make_menus(self) -> list[QMenu]:
        go = QMenu("&Go")
        go.addActions(self.go_to)
        project = QMenu("&Project")
        for page in self.pages:
            actions = [a for a in page.page_actions() if a not in self.in_file_menu]
            if actions:
                project.addSection(page.title)
                project.addActions(actions)
        project.addSeparator()
        project.addAction(self.code_as)
        return [project, go]

    def page_actions(self) -> list[QAction]:
        return [a for page in self.pages for a in page.page_actions()]

    def all(self) -> list[QAction]:
        return [*self.go_to, *self.page_actions(), self.code_as]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = [shortcut_row(a, f"Go to {p.title}") for a, p in zip(self.go_to, self.pages, strict=True)]
        rows += [shortcut_row(a) for a in self.page_actions()]
        return [*rows, shortcut_row(self.code_as)]
