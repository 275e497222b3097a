"""Which workspace opens which kind of file: the one place a new workspace is registered.

A coder package opens in the coder's workspace. A project file is the lead's: it opens in the
lead's workspace, or in the coder's when a coder is named (the lead's "Code as…", ``ictool demo
--coder``).
"""

from __future__ import annotations

from ictool.core.project import CoderPackage, Project, StudyFile
from ictool.gui.coder.factory import open_coder_workspace
from ictool.gui.lead.factory import open_project_workspace
from ictool.gui.shell.opening import WorkspaceFactory


def default_factories() -> dict[type[StudyFile], WorkspaceFactory]:
    return {CoderPackage: open_coder_workspace, Project: open_project_workspace}
