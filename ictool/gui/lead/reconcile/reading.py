"""Reading the disagreement queue in a worker: on a large project it takes seconds.

Why a job of its own connection rather than the window's: the queue is built document by document
from every coder's values (19,000 items of a 220-document study in about a second, 200,000 of ten
times that in over ten seconds); on the GUI thread the window would neither paint nor answer. The
job opens the project read-only (``open_for_job``), so Cancel also interrupts its SQL, and looks at
the Cancel flag after each document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ictool.core.project import Project
from ictool.core.reconcile import Disagreement, disagreements
from ictool.gui.lead.reconcile.filter_bar import FilterOptions, filter_options
from ictool.gui.lead.reconcile.queue_model import QueueIndex, index_items
from ictool.gui.lead.reconcile.queue_view import column_texts
from ictool.gui.workers import Job, JobControl, gc_paused, open_for_job


@dataclass(frozen=True)
class QueueRead:
    """The queue and what the page derives from all of it, made in the worker: counting the filters'
    choices and indexing 200,000 items takes over a second, which the GUI thread must not spend."""

    items: list[Disagreement]
    index: QueueIndex
    options: FilterOptions
    texts: list[set[str]]  # for the columns' widths


def queue_job(path: Path, actor: str) -> Job[QueueRead]:
    def run(control: JobControl) -> QueueRead:
        with gc_paused(), open_for_job(path, control, partial(Project.open, actor=actor)) as project:
            items = disagreements(project, progress=lambda d, t: control.progress(d, t, "Reading the queue…"))
            control.check()
            return QueueRead(items, index_items(items), filter_options(items), column_texts(items))

    return run
