"""Reading the disagreement queue in a worker: on a large project it takes seconds.

Why a job of its own connection rather than the window's: the queue is built document by document
from every coder's values (19,000 items of a 220-document study in about a second, 200,000 of ten
times that in over ten seconds); on the GUI thread the window would neither paint nor answer. The
job opens the project read-only (``open_for_job``), so Cancel also interrupts its SQL, and looks at
the Cancel flag after each document.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ictool.core.project import Project
from ictool.core.reconcile import Disagreement, disagreements
from ictool.gui.workers import Job, JobControl, open_for_job


def queue_job(path: Path, actor: str) -> Job[list[Disagreement]]:
    def run(control: JobControl) -> list[Disagreement]:
        with open_for_job(path, control, partial(Project.open, actor=actor)) as project:
            return disagreements(project, progress=lambda d, t: control.progress(d, t, "Reading the queue…"))

    return run
