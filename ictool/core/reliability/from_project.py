"""The reliability report of an open project: the one place that gathers its codings and progress.

The CLI ``report`` command and the GUI call this, so they report the same numbers from the same
inputs (the active codebook, every coding present, done counts per coder). The xlsx export fills the
same :class:`ReliabilityInput` as it reads the project, a document at a time.

The GUI reads the project once (:func:`project_input`, :func:`done_counts`) in a worker, closes it,
and computes from what it read: alphas at once, intervals afterwards (``intervals``), one variable's
diagnostics on demand (``ReliabilityInput.line``). :func:`project_reliability` is those same steps
in one call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ictool.core import coding
from ictool.core.codebook.model import Value
from ictool.core.codebook.values import decode_value
from ictool.core.records import CodingRow, Status
from ictool.core.reliability.bootstrap import DEFAULT_SEED
from ictool.core.reliability.data import ReliabilityData
from ictool.core.reliability.project_data import ReliabilityInput
from ictool.core.reliability.project_report import ReliabilityReport, reliability_report
from ictool.core.store import codings_repo

if TYPE_CHECKING:
    from ictool.core.project import Project


def project_input(project: Project) -> ReliabilityInput:
    """Every coding of the project, on its active codebook, as the report reads them.

    The rows of ``coding.all_values`` in its order (the order numbers documents and coders), but
    handed over as plain tuples with each distinct stored text decoded once: the report keeps four
    integers per value, so a record per value would be built only to be thrown away (a third of
    the time to read 10⁵ codings).
    """
    decoded: dict[str, Value] = {}

    def rows() -> Iterator[CodingRow]:
        known = decoded.get
        for coder, name, document, doc_id, variable, text, updated in codings_repo.all_codings(project.db):
            value = known(text)
            if value is None:
                value = decoded[text] = decode_value(text)
            # a CodingRow's fields as a plain tuple: ReliabilityInput only unpacks them
            yield (coder, name, document, doc_id, variable, value, updated)  # type: ignore[misc]

    return ReliabilityInput(project.codebook, rows())


def done_counts(project: Project) -> dict[str, int]:
    """Coder name → documents the coder marked done (every coder, 0 included)."""
    names = {c.uuid: c.name for c in project.coders()}
    done = Counter(
        names[coder]
        for (coder, _doc), status in coding.statuses(project).items()
        if status is Status.DONE and coder in names
    )
    return {name: done.get(name, 0) for name in names.values()}


def project_reliability(
    project: Project,
    *,
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ReliabilityReport:
    return reliability_report(
        project_input(project),
        done_counts=done_counts(project),
        bootstrap=bootstrap,
        seed=seed,
        progress=progress,
        cancel=cancel,
    )


def variable_data(project: Project, name: str) -> ReliabilityData | None:
    """The data set behind the report line ``name`` (a variable, or ``variable=code``).

    None when the project has no such line, or its values cannot be scored at its level (the
    report gives that line's reason). Reads every coding: a view that shows several variables
    keeps :func:`project_input` and asks it (``ReliabilityInput.line``) instead.
    """
    line = project_input(project).line(name)
    return line.data if line is not None else None
