"""Which workspace opens which kind of file, and how new files are made: the one place a new
workspace (or a new kind of new file) is registered.

A coder package opens in the coder's workspace. A project file is the lead's: it opens in the
lead's workspace, or in the coder's when a coder is named (the lead's "Code as…", ``ictool demo
--coder``).
"""

from __future__ import annotations

from ictool.core.project import CoderPackage, Project, StudyFile
from ictool.gui.coder.factory import open_coder_workspace
from ictool.gui.lead.factory import open_project_workspace
from ictool.gui.lead.qdpx_import import start_qdpx_import
from ictool.gui.lead.wizard.wizard import start_new_project
from ictool.gui.shell.opening import Creator, WorkspaceFactory


def default_factories() -> dict[type[StudyFile], WorkspaceFactory]:
    return {CoderPackage: open_coder_workspace, Project: open_project_workspace}


def default_creators() -> list[Creator]:
    return [
        Creator(
            "&New Project…",
            "Ctrl+N",
            "Set up a new project: codebook, transcripts, coders and who codes what",
            start_new_project,
        ),
        Creator(
            "New Project &from REFI-QDA…",
            "",
            "A new project from a .qdpx of a QDA program (ATLAS.ti, MAXQDA, NVivo, QualCoder) or of ictool",
            start_qdpx_import,
        ),
    ]
