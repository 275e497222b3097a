"""The reliability report of an open project: the one place that gathers its codings and progress.

The CLI ``report`` command and the GUI call this, so they report the same numbers from the same
inputs (the active codebook, every coding present, done counts per coder). The xlsx export fills the
same :class:`ReliabilityInput` as it reads the project, a document at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ictool.core import coding
from ictool.core.records import Status
from ictool.core.reliability.bootstrap import DEFAULT_SEED
from ictool.core.reliability.project_data import ReliabilityInput
from ictool.core.reliability.project_report import ReliabilityReport, reliability_report

if TYPE_CHECKING:
    from ictool.core.project import Project


def project_reliability(
    project: Project,
    *,
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ReliabilityReport:
    coders = project.coders()
    names = {c.uuid: c.name for c in coders}
    done = Counter(
        names[coder]
        for (coder, _doc), status in coding.statuses(project).items()
        if status is Status.DONE and coder in names
    )
    done_counts = {name: done.get(name, 0) for name in names.values()}
    return reliability_report(
        ReliabilityInput(project.codebook, coding.all_values(project)),
        done_counts=done_counts,
        bootstrap=bootstrap,
        seed=seed,
        progress=progress,
        cancel=cancel,
    )
