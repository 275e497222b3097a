"""The Team page's long work as background jobs: reading progress, handing out every package, merging.

Why in a worker: building a package copies transcripts and codings into a new file, and merging
reads each package whole (integrity check) before writing; on a slow drive either takes long
enough to freeze the window. Each job opens its own writable connection in the worker thread
(``open_for_job``); the core call is one transaction per step, so Cancel leaves whole packages
only (hand out) or nothing merged at all (merge). Reading what the page shows is a job too: counting
every coder's values is a GROUP BY over all codings (half a second at 1.3 M values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ictool.core.errors import StorageError, UserError
from ictool.core.project import Project
from ictool.core.setup.documents import ImportReport, import_documents
from ictool.core.team.hand_out import PACKAGE_SUFFIX, HandOut, hand_out
from ictool.core.team.merge import PackageOutcome, merge_each
from ictool.core.team.progress import CoderActivity, Summary, activity, summarize
from ictool.gui.workers import JobControl, open_for_job


@dataclass(frozen=True)
class TeamState:
    """What the Team page shows, read at one moment on the job's own connection."""

    summary: Summary
    activity: dict[str, CoderActivity]  # coder uuid -> last hand-out and merge


def team_read_job(project: Path, actor: str) -> Callable[[JobControl], TeamState]:
    def run(control: JobControl) -> TeamState:
        with open_for_job(project, control, partial(Project.open, actor=actor)) as p:
            return TeamState(summarize(p), activity(p))

    return run


def hand_out_job(
    project: Path, actor: str, folder: Path, passphrase: str | None = None, recoverable: bool = False
) -> Callable[[JobControl], HandOut]:
    """Every coder's package into ``folder``; with ``passphrase``, each encrypted with it; with
    ``recoverable``, each with its own passphrase from the study's recovery key."""

    def run(control: JobControl) -> HandOut:
        control.progress(0, 0, "Opening the project…")
        with open_for_job(project, control, partial(Project.open, actor=actor), readonly=False) as p:
            return hand_out(
                p, folder, progress=control.progress, passphrase=passphrase, recoverable=recoverable
            )

    return run


def merge_job(
    project: Path, actor: str, packages: Sequence[Path]
) -> Callable[[JobControl], list[PackageOutcome]]:
    paths = list(packages)

    def run(control: JobControl) -> list[PackageOutcome]:
        control.progress(0, 0, "Opening the project…")
        with open_for_job(project, control, partial(Project.open, actor=actor), readonly=False) as p:
            return merge_each(p, paths, progress=control.progress)

    return run


def import_job(
    project: Path, actor: str, sources: Sequence[Path], skip_bad: bool
) -> Callable[[JobControl], ImportReport | list[str]]:
    """Import transcripts; a refusal comes back as its problems (the page offers to skip them)."""
    paths = list(sources)

    def run(control: JobControl) -> ImportReport | list[str]:
        control.progress(0, 0, "Reading the transcripts…")
        with open_for_job(project, control, partial(Project.open, actor=actor), readonly=False) as p:
            try:
                return import_documents(p, paths, skip_bad=skip_bad)
            except StorageError:
                raise  # the disk, not the transcripts: skipping would not help
            except UserError as exc:
                return list(exc.problems)

    return run


def inbox_packages(folder: Path) -> list[Path]:
    """Every ``*.ictcoder`` file directly in ``folder`` (any case), in name order."""
    return sorted(
        (p for p in Path(folder).iterdir() if p.suffix.lower() == PACKAGE_SUFFIX and p.is_file()),
        key=lambda p: p.name.casefold(),
    )
