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
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

import numpy as np

from ictool.core import coding
from ictool.core.codebook.values import decode_value
from ictool.core.records import Status
from ictool.core.reliability.bootstrap import DEFAULT_SEED
from ictool.core.reliability.data import IntArray, ReliabilityData
from ictool.core.reliability.distinct import distinct_first
from ictool.core.reliability.project_data import Int32s, ReliabilityInput
from ictool.core.reliability.project_report import ReliabilityReport, reliability_report
from ictool.core.store import codings_repo, rounds_repo

if TYPE_CHECKING:
    from ictool.core.project import Project


def project_input(
    project: Project, *, documents: Collection[str] | None = None, retests: bool = False
) -> ReliabilityInput:
    """Every coding of the project, on its active codebook, as the report reads them.

    ``documents`` (uuids) limits it to those documents (a round's): the input is then exactly what a
    project holding only those documents would give, blocks of other documents being skipped as read.
    Retest identities (``rounds.retest``) are left out: a second coding by the same person is no
    evidence of agreement between coders. ``retests=True`` keeps them, for stability.

    The codings arrive a block (one coder, one document) at a time and go in as integer arrays:
    each distinct stored text is decoded once, each distinct list of variables mapped once, so the
    work per value is done in C. Blocks are added ordered by document position, then coder name,
    each block's variables by uuid, and values are numbered in the order they first appear so:
    the order in which codings added one by one would number documents, coders and values (the
    bootstrap resamples by those numbers, so this order is part of the result).
    """
    into = ReliabilityInput(project.codebook)
    names = {c.uuid: c.name for c in project.coders()}
    position = {d.uuid: d.position for d in project.documents()}
    texts: dict[str, int] = {}  # distinct stored text → its number, in the order met
    variables: dict[tuple[str, ...], tuple[Int32s, IntArray]] = {}
    blocks = []
    wanted = None if documents is None else frozenset(documents)
    left_out = frozenset() if retests else frozenset(rounds_repo.retest_links(project.db))
    for block in codings_repo.coding_blocks(project.db):
        if (wanted is not None and block.document not in wanted) or block.coder in left_out:
            continue
        mapped = variables.get(block.variables)
        if mapped is None:
            order = np.argsort(np.array(block.variables), kind="stable")
            indices = into.variable_indices([block.variables[i] for i in order])
            mapped = variables[block.variables] = (indices, order)
        ids = np.fromiter(
            (texts.setdefault(t, len(texts)) for t in block.values), np.int32, len(block.values)
        )
        blocks.append((position[block.document], names[block.coder], block, mapped[0], ids[mapped[1]]))
    blocks.sort(key=lambda b: (b[0], b[1], b[2].coder))
    value_of = _value_indices(into, list(texts), [(b[3], b[4]) for b in blocks])
    for _, name, block, variable_indices, ids in blocks:
        into.add_block(block.coder, name, block.document, variable_indices, value_of[ids])
    return into


def _value_indices(into: ReliabilityInput, texts: list[str], blocks: list[tuple[Int32s, Int32s]]) -> Int32s:
    """Text number → :meth:`ReliabilityInput.value_index`, given to scored values in order of appearance.

    Every distinct text is decoded (a damaged one raises, wherever it is); only values of scored
    variables become distinct values of the report. A stored text is never "not coded", so the texts
    of unscored variables map to 0: any index that counts as coded.
    """
    decoded = [decode_value(t) for t in texts]
    value_of = np.zeros(len(texts), np.int32)
    scored = [ids[variables >= 0] for variables, ids in blocks]
    if scored:
        distinct, first = distinct_first(np.concatenate(scored))
        for text in distinct[np.argsort(first)]:
            value_of[text] = into.value_index(decoded[text])
    return value_of


def done_counts(project: Project, *, documents: Collection[str] | None = None) -> dict[str, int]:
    """Coder name → documents the coder marked done (every coder, 0 included); of ``documents`` only
    when given. Retest identities are not coders of the report (see :func:`project_input`)."""
    retests = rounds_repo.retest_links(project.db)
    names = {c.uuid: c.name for c in project.coders() if c.uuid not in retests}
    done = Counter(
        names[coder]
        for (coder, doc), status in coding.statuses(project).items()
        if status is Status.DONE and coder in names and (documents is None or doc in documents)
    )
    return {name: done.get(name, 0) for name in names.values()}


def project_reliability(
    project: Project,
    *,
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    documents: Collection[str] | None = None,
) -> ReliabilityReport:
    """The report of the whole project, or of ``documents`` only (a round's; same shape)."""
    if documents is not None:
        documents = frozenset(documents)
    return reliability_report(
        project_input(project, documents=documents),
        done_counts=done_counts(project, documents=documents),
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
