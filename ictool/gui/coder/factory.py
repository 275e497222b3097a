"""Opening a file in the coder's workspace: whose coding is it?

A package says so itself (its one coder). A project file holds every coder's values, so the
person says which coder they are and sees only that coder's values (``ictool demo`` names one).
"""

from __future__ import annotations

from ictool.core.project import CoderPackage
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.opening import OpenRequest


def open_coder_workspace(request: OpenRequest) -> CoderWorkspace | None:
    file, prompter = request.file, request.prompter
    if isinstance(file, CoderPackage):
        coder = file.owner
    elif request.coder_name is not None:
        coder = file.coder(request.coder_name)  # an unknown name is a UserError the shell shows
    else:
        coders = file.coders()
        if not coders:
            prompter.warn(
                "No coders",
                f"{file.path.name} has no coders yet: add them on the Team page (Set up ▸ Add coders…).",
            )
            return None
        chosen = prompter.choose_coder(coders)
        if chosen is None:
            return None
        coder = chosen
    if not isinstance(file, CoderPackage):
        file.actor = coder.name  # the audit names the coder who typed, not the OS user
    return CoderWorkspace(file, coder, prompter)
