"""The lead's session: the one writer of the project in the lead's workspace.

Why one ``dataChanged`` signal rather than one per kind of change: after a merge, a resolution or
a codebook update almost every page shows something different (progress, alpha, the queue), and
pages that re-read on one signal can never show stale numbers. Pages that want to skip work look
at the scope it carries ("merge", "codebook", "team", "documents", "resolution", "rounds").

Work done by a worker on its own connection (merge, hand out) reaches the window through
:meth:`LeadSession.external_change`, which forgets what this connection cached and emits the same
signals as a write made here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from ictool.core.project import Project
from ictool.gui.session_base import SessionBase

#: Scopes of ``dataChanged``: what kind of data a change touched.
MERGE = "merge"
CODEBOOK = "codebook"
TEAM = "team"
DOCUMENTS = "documents"
RESOLUTION = "resolution"
ROUNDS = "rounds"


class LeadSession(SessionBase):
    dataChanged = Signal(str)  # the scope of the change; pages refresh from it

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(project, parent)
        self.project = project
        self.changed.connect(self._data_changed)

    def write(self, scope: str, action: Callable[[], object]) -> bool:
        """Run a core write that has no undo (setup, merge); False if it was refused or not saved."""

        def run() -> None:
            action()

        return self.run_guarded(run, scope)

    def external_change(self, scope: str) -> None:
        """A worker changed the file through its own connection: re-read, and tell every page."""
        self.project.invalidate_codebook()
        self.changed.emit(scope)
        self.saved.emit()

    def _data_changed(self, scope: str) -> None:
        if scope == CODEBOOK:
            self.project.invalidate_codebook()
        self.dataChanged.emit(scope)
