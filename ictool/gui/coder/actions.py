"""The coder's commands, their menus and toolbar: made once per coder workspace, wired by it.

Kept apart from the workspace so the list of what a coder can do — and the keys they learn —
reads in one place; Help ▸ Keyboard shortcuts is built from the same objects.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from ictool.gui.shell.actions import is_dedicated_key, make_action
from ictool.gui.shell.dialogs import on_every_keyboard

#: Keys that are not actions: the codebook form handles them itself.
FORM_KEYS = [
    ("Next / previous variable in the form", "Tab, Shift+Tab"),
    ("Pick a choice: the number shown before it (its code; its position when codes are longer)", "0 … 9"),
    ("Clear the focused variable", "Delete, Backspace"),
    ("Remove the selected quote (in the Evidence list)", "Delete, Backspace"),
    ("Save a number", "Enter (or leave the field)"),
]

HAND_BACK_TIP = (
    "Check the package (everything saved, file intact) and name the single file to send back to your lead"
)


def listed_keys(action: QAction) -> str:
    """The action's keys as Help and tooltips list them: "Ctrl+Z", not "Ctrl+Z, F14".

    Like the window's Quit (``shell.actions.keys_text``), one-purpose keys (Undo, Exit) are left out,
    and so are F13 and up (the Undo and Copy keys of old Sun keyboards, which Qt binds on Linux):
    a coder reads every listed key as one to press, and most keyboards stop at F12. They still work.
    """
    shown: list[str] = []
    for sequence in action.shortcuts():
        if is_dedicated_key(sequence) or not on_every_keyboard(sequence):
            continue
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text not in shown:
            shown.append(text)
    return ", ".join(shown)


def shortcut_row(action: QAction, name: str = "") -> tuple[str, str]:
    """One row of Help ▸ Keyboard shortcuts: ``name`` or the action's text, and its listed keys."""
    return name or action.text().replace("&", "").rstrip("…"), listed_keys(action)


class CoderActions:
    def __init__(self, parent: QObject) -> None:
        K = QKeySequence.StandardKey
        a = make_action
        self.hand_back = a(parent, "&Hand Back to Lead…", None, ["Ctrl+Shift+S"], HAND_BACK_TIP)
        self.back_to_lead = a(
            parent,
            "Back to the &Lead's Workspace",
            None,
            ["Ctrl+Shift+K"],  # the key of the lead's Code as…: one key goes back and forth
            "Leave coding and return to the project's pages (team, reliability, reconcile)",
        )
        self.undo = a(parent, "&Undo", None, [K.Undo], "Undo the last change")
        self.redo = a(
            parent, "&Redo", None, [K.Redo, "Ctrl+Shift+Z", "Ctrl+Y"], "Redo the last undone change"
        )
        self.find = a(parent, "&Find in transcript…", None, [K.Find], "Find in the transcript")
        self.find_next = a(parent, "Find &next", None, [K.FindNext], "Next match")
        self.find_prev = a(parent, "Find &previous", None, [K.FindPrevious], "Previous match")
        self.evidence = a(
            parent,
            "Attach &evidence",
            None,
            ["Ctrl+E"],
            "Attach the selected text as evidence for the variable",
        )
        self.done = a(
            parent, "Mark document &done", None, ["Ctrl+Return", "Ctrl+Enter"], "Mark the document done"
        )
        self.next = a(parent, "&Next document", None, ["Alt+Right", "Ctrl+PgDown"], "Go to the next document")
        self.prev = a(
            parent, "&Previous document", None, ["Alt+Left", "Ctrl+PgUp"], "Go to the previous document"
        )
        self.documents = a(
            parent, "Go to document &list", None, ["Ctrl+L"], "Move the keyboard focus to the documents"
        )
        self.find_variable = a(
            parent,
            "Find &variable…",
            None,
            ["Ctrl+Shift+F"],
            "Show only the variables matching what you type",
        )
        self.next_uncoded = a(
            parent, "Next &uncoded variable", None, ["Ctrl+U"], "Go to the next variable not coded yet"
        )
        self.prev_uncoded = a(
            parent,
            "Previous uncoded variable",
            None,
            ["Ctrl+Shift+U"],
            "Go to the previous variable not coded yet",
        )
        self.zoom_in = a(parent, "Zoom &in", None, [K.ZoomIn, "Ctrl+="], "Larger transcript text")
        self.zoom_out = a(parent, "Zoom &out", None, [K.ZoomOut], "Smaller transcript text")
        self.zoom_reset = a(parent, "&Reset zoom", None, ["Ctrl+0"], "Normal transcript text")
        self.menus = self._make_menus()
        self.toolbar = self._make_toolbar()

    def _make_menus(self) -> list[QMenu]:
        def menu(title: str, actions: list[QAction | None]) -> QMenu:
            m = QMenu(title)
            for action in actions:
                m.addSeparator() if action is None else m.addAction(action)
            return m

        return [
            menu("&Edit", [self.undo, self.redo, None, self.find, self.find_next, self.find_prev]),
            menu(
                "&Document",
                [
                    self.next,
                    self.prev,
                    self.documents,
                    None,
                    self.find_variable,
                    self.next_uncoded,
                    self.prev_uncoded,
                    None,
                    self.evidence,
                    self.done,
                ],
            ),
            menu("&View", [self.zoom_in, self.zoom_out, self.zoom_reset]),
        ]

    def _make_toolbar(self) -> QToolBar:
        tools = QToolBar("Coding")
        tools.setObjectName("coding-toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.prev,
            self.next,
            None,
            self.evidence,
            self.done,
            None,
            self.undo,
            self.redo,
            None,
            self.find,
        ):
            tools.addSeparator() if action is None else tools.addAction(action)
        return tools

    def all(self) -> list[QAction]:
        return [
            self.hand_back,
            self.back_to_lead,
            self.undo,
            self.redo,
            self.find,
            self.find_next,
            self.find_prev,
            self.evidence,
            self.done,
            self.next,
            self.prev,
            self.documents,
            self.find_variable,
            self.next_uncoded,
            self.prev_uncoded,
            self.zoom_in,
            self.zoom_out,
            self.zoom_reset,
        ]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """In the order a coder learns them: moving, coding, undoing, finding, zooming, handing back."""
        moving = (
            self.next,
            self.prev,
            self.documents,
            self.find_variable,
            self.next_uncoded,
            self.prev_uncoded,
        )
        rows = [shortcut_row(a) for a in (*moving, self.evidence, self.done)]
        rows += [shortcut_row(self.undo, "Undo"), shortcut_row(self.redo, "Redo")]
        rows += [
            shortcut_row(a)
            for a in (
                self.find,
                self.find_next,
                self.find_prev,
                self.zoom_in,
                self.zoom_out,
                self.zoom_reset,
                self.hand_back,
            )
        ]
        if self.back_to_lead.isVisible():  # only on a project opened with Code as…
            rows.append(shortcut_row(self.back_to_lead))
        return rows + FORM_KEYS
