"""Bootstrap intervals of a report computed after its alphas, line by line, resumable.

Why apart from :func:`reliability_report`: alphas of a whole project take a fraction of a second,
1,000 replicates per line take longer. A window shows the alphas at once and fills in intervals as
they come; when the person leaves the page the work stops and later resumes with the lines not done
yet. Each line is bootstrapped on its own stream (:func:`line_bootstrap`), so an interval computed
here — in any order, in any number of sittings — is the one ``ictool report --bootstrap`` prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from ictool.core.errors import Cancelled
from ictool.core.reliability.alpha import compute_alpha
from ictool.core.reliability.bootstrap import DEFAULT_REPLICATES, DEFAULT_SEED
from ictool.core.reliability.project_data import ReliabilityInput
from ictool.core.reliability.project_report import ReliabilityReport, line_bootstrap


@dataclass(frozen=True)
class Interval:
    """What the bootstrap adds to a line: the 95% interval and q (share of replicates below a bound)."""

    ci95: tuple[float, float]
    q: Mapping[str, float]


def report_intervals(
    codings: ReliabilityInput,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    *,
    skip: Collection[str] = (),
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    on_line: Callable[[str, Interval | None], None] | None = None,
) -> dict[str, Interval | None]:
    """Intervals of every report line not in ``skip`` (None where alpha is undefined).

    ``on_line`` receives each line's interval as soon as it is known; ``progress(done, total)``
    counts lines; raises ``Cancelled`` once ``cancel()`` turns true (the lines already given to
    ``on_line`` stay valid).
    """
    todo = [line for line in codings.lines() if line.name not in skip]
    out: dict[str, Interval | None] = {}
    for done, line in enumerate(todo, start=1):
        if cancel is not None and cancel():
            raise Cancelled("bootstrap cancelled")
        interval = None
        if line.data is not None:
            boot = line_bootstrap(line.name, compute_alpha(line.data), replicates, seed, cancel)
            if boot is not None:
                interval = Interval(boot.ci95, dict(boot.q))
        out[line.name] = interval
        if on_line is not None:
            on_line(line.name, interval)
        if progress is not None:
            progress(done, len(todo))
    return out


def with_intervals(
    report: ReliabilityReport,
    intervals: Mapping[str, Interval | None],
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
) -> ReliabilityReport:
    """``report`` (computed without bootstrap) with the intervals filled in, as if computed with them.

    The result is the report ``reliability_report(..., bootstrap=replicates, seed=seed)`` gives,
    provided ``intervals`` covers every line with an alpha; otherwise :class:`ValueError`, because a
    report that claims a bootstrap must not have lines silently without one.
    """
    missing = [v.name for v in report.variables if v.alpha is not None and v.name not in intervals]
    if missing:
        raise ValueError(f"no interval yet for {len(missing)} line(s), e.g. {missing[0]}")
    lines = []
    for v in report.variables:
        interval = intervals.get(v.name)
        lines.append(
            dataclasses.replace(
                v,
                ci95=interval.ci95 if interval is not None else None,
                q=dict(interval.q) if interval is not None else None,
            )
        )
    return dataclasses.replace(report, variables=tuple(lines), bootstrap_replicates=replicates, seed=seed)
