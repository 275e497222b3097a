"""Opening a project file: the lead's workspace, unless a coder was named (``Code as…``, the demo).

A project holds every coder's values, so opening it "as a coder" shows only that coder's; the lead
reaches the coder's workspace from the lead's (Code as…), never the other way round by accident.

Why the workspace is imported when a project is opened, not with this module: the window imports
every factory at start, and the lead's pages bring openpyxl, the statistics and their models —
over 0.4 s of a cold start that shows only the welcome window.
"""

from __future__ import annotations

from ictool.core.project import Project
from ictool.gui.coder.factory import open_coder_workspace
from ictool.gui.shell.opening import OpenRequest
from ictool.gui.shell.workspace_base import WorkspaceBase


def open_project_workspace(request: OpenRequest) -> WorkspaceBase | None:
    if request.coder_name is not None or not isinstance(request.file, Project):
        return open_coder_workspace(request)
    from ictool.gui.lead.workspace import LeadWorkspace

    return LeadWorkspace(request.file, request.prompter)
