"""The Reliability page's background work: alphas first, then the bootstrap intervals.

Why two jobs: alphas of a whole project are ready in well under a second and are what the lead
reads first; 1,000 bootstrap replicates per line take longer. The first job opens its own read-only
connection (``open_for_job``), reads the codings once and closes the file before computing; the
second works only on what the first read (it never touches the file) and hands each line's interval
over as soon as it is known, so the table fills in while the lead reads.

Why the page runs them itself rather than through ``PageContext.run_job``: ``run_job`` shows a modal
progress dialog, and the point of streaming is that the lead can sort, filter and read while the
intervals come. The page keeps its own tasks in :class:`PageTasks`, which stops them (and waits for
the one that reads the file) when the page is hidden — which is also what happens, before the file
is closed, when the workspace closes — and again when the page is destroyed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject

from ictool.core.codebook.model import Codebook
from ictool.core.project import Project
from ictool.core.reliability.bootstrap import DEFAULT_REPLICATES, DEFAULT_SEED
from ictool.core.reliability.from_project import done_counts, project_input
from ictool.core.reliability.intervals import Interval, report_intervals
from ictool.core.reliability.project_data import ReliabilityInput, ScoredLine
from ictool.core.reliability.project_report import ReliabilityReport, VariableReliability, reliability_report
from ictool.gui.workers import BackgroundTask, Job, JobControl, open_for_job

#: The bootstrap the dashboard runs: the CLI's seed, KALPHA's customary 1,000 replicates.
REPLICATES = DEFAULT_REPLICATES
SEED = DEFAULT_SEED

#: A line's interval as it arrives from the bootstrap job: (line name, interval or None).
Arrival = tuple[str, Interval | None]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """What the page shows, read from the project at one moment (a later change makes a new one)."""

    path: Path
    title: str
    codebook: Codebook
    report: ReliabilityReport  # without the per-line diagnostics (``diagnostics=False``)
    codings: ReliabilityInput
    done: Mapping[str, int]  # documents done per coder, for the full report

    def full_report(self, cancel: Callable[[], bool] | None = None) -> ReliabilityReport:
        """The report ``ictool report`` gives (pairwise, leave-one-out and kappas too), from the
        codings already read: the file is not opened again, so it says what the table shows."""
        return reliability_report(self.codings, done_counts=self.done, cancel=cancel)

    def group_of(self, line: VariableReliability) -> str:
        variable = self.codebook.get(line.variable)
        return variable.group if variable is not None else ""

    def line(self, name: str) -> ScoredLine | None:
        """One line's data set, cut from the codings already read (no file access, a millisecond)."""
        return self.codings.line(name)


def alphas_job(path: Path, actor: str) -> Job[Snapshot]:
    def run(control: JobControl) -> Snapshot:
        control.progress(0, 0, "Reading the codings…")
        with open_for_job(path, control, partial(Project.open, actor=actor)) as project:
            codings = project_input(project)
            done = done_counts(project)
            codebook, title = project.codebook, project.title
        report = reliability_report(
            codings,
            done_counts=done,
            progress=lambda d, t: control.progress(d, t, "Computing alpha…"),
            cancel=control.is_cancelled,
            diagnostics=False,  # one line's coders follow its selection (``detail``)
        )
        return Snapshot(path, title, codebook, report, codings, done)

    return run


def full_report_job(snapshot: Snapshot) -> Job[ReliabilityReport]:
    return lambda control: snapshot.full_report(control.is_cancelled)


def intervals_job(
    codings: ReliabilityInput, skip: Collection[str], arrivals: deque[Arrival]
) -> Job[dict[str, Interval | None]]:
    """The bootstrap of every line not in ``skip``; each interval is appended to ``arrivals`` at once."""
    skipped = frozenset(skip)

    def run(control: JobControl) -> dict[str, Interval | None]:
        return report_intervals(
            codings,
            REPLICATES,
            SEED,
            skip=skipped,
            progress=lambda d, t: control.progress(d, t, "Bootstrapping intervals…"),
            cancel=control.is_cancelled,
            on_line=lambda name, interval: arrivals.append((name, interval)),
        )

    return run


def _stop(tasks: list[BackgroundTask], wait_ms: int) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        task.wait(wait_ms)


class PageTasks:
    """A page's own background tasks: started on the pool, stopped when the page goes.

    ``stop`` cancels every task and waits (up to ``wait_ms``) for each to let go of its thread;
    cancelling is cooperative and the jobs look at the flag at least every few milliseconds (SQLite
    is interrupted, the bootstrap checks between blocks), so the wait is short.
    """

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._tasks: list[BackgroundTask] = []
        # Not a method of self: on destruction only plain Python objects are safe to touch.
        tasks = self._tasks
        owner.destroyed.connect(lambda *_: _stop(tasks, 30_000))

    def start(
        self,
        job: Job[object],
        on_result: Callable[[object], None],
        *,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> BackgroundTask:
        self._tasks[:] = [t for t in self._tasks if t.is_running()]
        task = BackgroundTask(job, self._owner)
        task.succeeded.connect(on_result)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        if on_failure is not None:
            task.failed.connect(on_failure)
        if on_cancel is not None:
            task.cancelled.connect(on_cancel)
        self._tasks.append(task)
        task.start()
        return task

    def running(self) -> bool:
        return any(t.is_running() for t in self._tasks)

    def stop(self, wait_ms: int = 5_000) -> None:
        _stop(self._tasks, wait_ms)
