"""Access keys (the underlined letter, Alt+letter in the menu bar) are unique within each menu.

Two items of one menu with the same letter make the key stop at the first one, or cycle between
them without acting: the person who learnt "Alt+P, U" to update the codebook lands on Undo. The
lead's Project menu is assembled from every page's actions, so a page's new action can clash with
another page's; this walks the menus as the window shows them. Disabled items count too: what is
enabled changes with the page shown and the selection, so a clash with a disabled item is a clash
later.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from ictool.gui.lead.workspace import LeadWorkspace
from ictool.gui.shell.window import MainWindow
from tests.gui.conftest import MakeWindow


def access_key(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand), upper-cased; None if there is none."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].upper()
            i += 1
        i += 1
    return None


def clashes(title: str, actions: list[QAction]) -> list[str]:
    """ "Menu: X for 'A', 'B'" for every letter two visible items of one menu share."""
    seen: dict[str, list[str]] = {}
    for action in actions:
        if action.isSeparator() or not action.isVisible():
            continue
        key = access_key(action.text())
        if key is not None:
            seen.setdefault(key, []).append(action.text())
    return [f"{title}: {key} for {texts}" for key, texts in seen.items() if len(texts) > 1]


def submenus(actions: list[QAction]) -> list[QMenu]:
    return [menu for a in actions if isinstance(menu := a.menu(), QMenu)]


def menu_clashes(window: MainWindow) -> list[str]:
    """Clashes in the menu bar, in each of its menus and submenus, and in every other menu of the
    window (a page's header-bar menu button, e.g. Team's Set up)."""
    bar: QMenuBar = window.menuBar()
    found = clashes("menu bar", bar.actions())
    menus = submenus(bar.actions())
    menus += [m for m in window.findChildren(QMenu) if m not in menus]
    seen: set[int] = set()
    while menus:
        menu = menus.pop()
        if id(menu) in seen:
            continue
        seen.add(id(menu))
        found += clashes(menu.title().replace("&", ""), menu.actions())
        menus += submenus(menu.actions())
    return found


def test_the_access_key_reader() -> None:
    assert access_key("Code &as…") == "A"
    assert access_key("Salt && &pepper") == "P"
    assert access_key("Take coder 1's value") is None


def test_the_lead_windows_menus_have_unique_access_keys(make_window: MakeWindow, demo_project: Path) -> None:
    window = make_window()
    assert window.open_file(demo_project)
    assert isinstance(window.workspace, LeadWorkspace)
    for page in range(len(window.workspace.view.pages)):  # whatever page is shown
        window.workspace.view.show_page(page)
        assert menu_clashes(window) == []


def test_the_coder_windows_menus_have_unique_access_keys(make_window: MakeWindow, package: Path) -> None:
    window = make_window()
    assert window.open_file(package)
    assert menu_clashes(window) == []


def test_the_welcome_windows_menus_have_unique_access_keys(make_window: MakeWindow) -> None:
    assert menu_clashes(make_window()) == []


def test_export_and_the_methods_section_have_one_place_in_the_menus(
    make_window: MakeWindow, demo_project: Path
) -> None:
    """File has them (outputs of the whole study); Project, assembled from the pages, leaves them out."""
    window = make_window()
    assert window.open_file(demo_project)
    lead = window.workspace
    assert isinstance(lead, LeadWorkspace)
    project = lead.actions.menus[0]
    for action in lead.file_actions():
        assert action in window.file_menu.actions()
        assert action not in project.actions(), action.text()
    texts = [a.text() for a in window.file_menu.actions()]
    assert "&Export…" in texts and "Copy &methods section" in texts
