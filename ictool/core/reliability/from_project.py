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
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ictool.core.codebook.model import Codebook, Value
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
    return project_inputs(project, [Selection(documents, retests)])[0]


@dataclass(frozen=True)
class Selection:
    """Which codings one input holds: those of ``documents`` (uuids; None: all), retests or not."""

    documents: Collection[str] | None = None
    retests: bool = False


def project_inputs(project: Project, selections: Sequence[Selection]) -> list[ReliabilityInput]:
    """One :func:`project_input` per selection, from a single read of the codings.

    Why: the rounds' view wants every round's input, the whole project's (the plan) and the one with
    retests (stability); each read scans every coding, seconds at ten times the study. Each input is
    exactly what :func:`project_input` gives for its selection on its own.
    """
    names = {c.uuid: c.name for c in project.coders()}
    position = {d.uuid: d.position for d in project.documents()}
    retest_links = frozenset(rounds_repo.retest_links(project.db))
    gathering = [
        _Gathering(
            project.codebook,
            names,
            position,
            None if s.documents is None else frozenset(s.documents),
            frozenset() if s.retests else retest_links,
        )
        for s in selections
    ]
    texts: dict[str, int] = {}  # distinct stored text → its number, in the order met (for all inputs)
    for block in codings_repo.coding_blocks(project.db):
        takers = [one for one in gathering if one.wants(block)]
        if not takers:
            continue
        # new texts numbered in the order met, then every value looked up by C (map), not a loop
        new = [t for t in dict.fromkeys(block.values) if t not in texts]
        texts.update(zip(new, range(len(texts), len(texts) + len(new)), strict=True))
        ids = np.fromiter(map(texts.__getitem__, block.values), np.int32, len(block.values))
        for one in takers:
            one.take(block, ids)
    decoded = [decode_value(t) for t in texts]  # once for every input (a damaged one raises)
    return [one.finish(decoded) for one in gathering]


class _Gathering:
    """One input being filled as the blocks are read (see :func:`project_input` for the order)."""

    def __init__(
        self,
        codebook: Codebook,
        names: dict[str, str],
        position: dict[str, int],
        wanted: frozenset[str] | None,
        left_out: frozenset[str],
    ) -> None:
        self.into = ReliabilityInput(codebook)
        self.names = names
        self.position = position
        self.wanted = wanted
        self.left_out = left_out
        self.variables: dict[tuple[str, ...], tuple[Int32s, IntArray]] = {}
        # (document position, coder name, coder, document, variable indices, text ids): not the block
        # itself, whose value texts would all stay in memory until the input is finished
        self.blocks: list[tuple[int, str, str, str, Int32s, Int32s]] = []

    def wants(self, block: codings_repo.CodingBlock) -> bool:
        return (self.wanted is None or block.document in self.wanted) and block.coder not in self.left_out

    def take(self, block: codings_repo.CodingBlock, ids: Int32s) -> None:
        """Keep a block this input :meth:`wants`; ``ids`` number its values' texts (shared by all)."""
        mapped = self.variables.get(block.variables)
        if mapped is None:
            order = np.argsort(np.array(block.variables), kind="stable")
            indices = self.into.variable_indices([block.variables[i] for i in order])
            mapped = self.variables[block.variables] = (indices, order)
        self.blocks.append(
            (
                self.position[block.document],
                self.names[block.coder],
                block.coder,
                block.document,
                mapped[0],
                ids[mapped[1]],
            )
        )

    def finish(self, decoded: list[Value]) -> ReliabilityInput:
        """The input, from the blocks taken; ``decoded`` holds every text number's value."""
        blocks = self.blocks
        blocks.sort(key=lambda b: (b[0], b[1], b[2]))
        value_of = _value_indices(self.into, decoded, [(b[4], b[5]) for b in blocks])
        for _, name, coder, document, variable_indices, ids in blocks:
            self.into.add_block(coder, name, document, variable_indices, value_of[ids])
        return self.into


def _value_indices(
    into: ReliabilityInput, decoded: list[Value], blocks: list[tuple[Int32s, Int32s]]
) -> Int32s:
    """Text number → :meth:`ReliabilityInput.value_index`, given to scored values in order of appearance.

    Only values of scored variables become distinct values of the report. A stored text is never "not
    coded", so the texts of unscored variables map to 0: any index that counts as coded.
    """
    value_of = np.zeros(len(decoded), np.int32)
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
    # the stored statuses, not ``coding.statuses``: that package's value and evidence modules are a
    # sixth of a report's imports, for a count of one word
    done = Counter(
        names[coder]
        for (coder, doc), status in codings_repo.all_status(project.db).items()
        if status == Status.DONE.value and coder in names and (documents is None or doc in documents)
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
