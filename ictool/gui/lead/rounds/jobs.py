"""The Rounds page's background work: the rounds' alphas first, then the same with 95% intervals.

Why two jobs, as on the Reliability page: alphas per round are ready at once and are what the lead
reads first; the bootstrap (1,000 KALPHA replicates per line and round) takes longer, and the lead
may stop it. Each job opens its own read-only connection (``open_for_job``) in its thread and
returns plain data; the page drops whatever arrives from a read it no longer wants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ictool.core.codebook.model import Codebook
from ictool.core.project import Project
from ictool.core.reliability.bootstrap import DEFAULT_REPLICATES, DEFAULT_SEED
from ictool.core.reliability.by_round import ByRound, by_round, round_inputs
from ictool.core.reliability.planner import DEFAULT_SIGNIFICANCE, LinePlan, plan_lines
from ictool.gui.workers import Job, JobControl, open_for_job

#: The bootstrap the page runs: the CLI's seed, KALPHA's customary 1,000 replicates.
REPLICATES = DEFAULT_REPLICATES
SEED = DEFAULT_SEED
BOOTSTRAPPING = "Bootstrapping the rounds' intervals…"


@dataclass(frozen=True, eq=False)
class RoundsSnapshot:
    """What the page shows, read from the project at one moment."""

    title: str
    codebook: Codebook
    rounds: ByRound
    plans: tuple[LinePlan, ...]  # the whole project's sample, as ``ictool plan PROJECT`` gives it
    significance: float
    #: A multi-select option's line name → the option's label (``motivations=3`` → "Money"), shown
    #: beside the name: "motivations=3" alone does not say which option it is.
    options: Mapping[str, str] = field(default_factory=dict)

    def has_rounds(self) -> bool:
        return bool(self.rounds.rounds) or bool(self.rounds.stability)


def rounds_job(path: Path, actor: str) -> Job[RoundsSnapshot]:
    """Alphas per round (no intervals yet) and the sample plan."""

    def run(control: JobControl) -> RoundsSnapshot:
        control.progress(0, 0, "Reading the rounds…")
        with open_for_job(path, control, partial(Project.open, actor=actor)) as project:
            read = round_inputs(project, whole=True)  # the rounds and the plan from one pass
            result = by_round(project, cancel=control.is_cancelled, read=read)
            control.check()
            assert read.whole is not None
            lines = tuple(read.whole.lines())  # read twice: the plan and the option labels
            plans = tuple(plan_lines(lines, DEFAULT_SIGNIFICANCE))
            options = {
                line.name: line.variable.label_of(line.option) for line in lines if line.option is not None
            }
            return RoundsSnapshot(
                project.title, project.codebook, result, plans, DEFAULT_SIGNIFICANCE, options
            )

    return run


def intervals_job(path: Path, actor: str, replicates: int = REPLICATES, seed: int = SEED) -> Job[ByRound]:
    """Every round's report again, with bootstrap intervals (what ``report --by-round --bootstrap``
    prints); the file is read again, in this job's own thread."""

    def run(control: JobControl) -> ByRound:
        control.progress(0, 0, BOOTSTRAPPING)
        with open_for_job(path, control, partial(Project.open, actor=actor)) as project:
            return by_round(
                project,
                bootstrap=replicates,
                seed=seed,
                cancel=control.is_cancelled,
                progress=lambda done, total: control.progress(
                    done, total, "Bootstrapping the rounds' intervals…"
                ),
            )

    return run
