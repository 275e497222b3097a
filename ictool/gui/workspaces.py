"""Which workspace opens which kind of file: the one place a new workspace is registered.

A coder package opens in the coder's workspace. A project file is the lead's; until the lead's
workspace exists it, too, opens in the coder's workspace after "which coder are you?". The lead's
workspace will replace the ``Project`` entry here and nothing else.
"""

from __future__ import annotations

from ictool.core.project import CoderPackage, Project, StudyFile
from ictool.gui.coder.factory import open_coder_workspace
from ictool.gui.shell.opening import WorkspaceFactory


def default_factories() -> dict[type[StudyFile], WorkspaceFactory]:
    return {CoderPackage: open_coder_workspace, Project: open_coder_workspace}
