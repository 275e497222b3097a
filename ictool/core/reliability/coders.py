"""Who drifts: alpha for every pair of coders, and alpha with each coder left out.

An unreliable variable is fixed by retraining or by recoding, and the choice depends on whether one
coder disagrees with everybody or the codebook is unclear to all. Pairwise alphas show the first;
leave-one-coder-out alphas show how much the overall figure depends on each person. Both are plain
alphas on a subset of coders (the ordinal metric is recomputed from that subset's own marginals, as
Krippendorff's definition requires), and subsets that recur — with three coders, each pair *is* a
leave-one-out set — are computed once.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ictool.core.codebook.model import Level
from ictool.core.reliability.alpha import AlphaResult, compute_alpha
from ictool.core.reliability.data import ReliabilityData
from ictool.core.reliability.distinct import distinct

#: Cells of the pairs × values × values tables :func:`pair_summaries` builds (a few float tables of
#: this size, 8 MB each at most): three coders' pairs on 100 values are 30,000 cells, done at once;
#: a domain of thousands of numbers goes pair by pair through :func:`compute_alpha` instead.
PAIR_CELLS = 1 << 20


@dataclass(frozen=True)
class PairwiseAlpha:
    """Alpha between two coders, on the units both coded."""

    coders: tuple[Hashable, Hashable]
    alpha: float | None
    units: int
    undefined_reason: str | None = None


@dataclass(frozen=True)
class _Summary:
    alpha: float | None
    units: int
    reason: str | None


class CoderSubsets:
    """Alpha of coder subsets of one variable's data, memoised by the subset."""

    def __init__(self, data: ReliabilityData, full: AlphaResult | None = None) -> None:
        self.data = data
        self.coders: list[int] = [int(c) for c in distinct(data.coder)]
        self._cache: dict[frozenset[int], _Summary] = {}
        if full is not None:
            self._cache[frozenset(self.coders)] = _Summary(full.alpha, full.units, full.undefined_reason)

    def alpha_of(self, coders: frozenset[int]) -> _Summary:
        if coders not in self._cache:
            self.result_of(coders)
        return self._cache[coders]

    def result_of(self, coders: frozenset[int]) -> AlphaResult:
        """The subset's whole result (what a bootstrap resamples), remembered as its summary too."""
        result = compute_alpha(self.data.with_coders(sorted(coders)))
        self._cache.setdefault(coders, _Summary(result.alpha, result.units, result.undefined_reason))
        return result

    def pairwise(self) -> list[PairwiseAlpha]:
        """One entry per pair of coders who have values, in coder order."""
        labels = self.data.coder_labels
        pairs = list(combinations(self.coders, 2))
        if pairs and len(pairs) * len(self.data.domain) ** 2 <= PAIR_CELLS:
            self._cache.update(pair_summaries(self.data, pairs))
        out = []
        for a, b in pairs:
            result = self.alpha_of(frozenset((a, b)))
            out.append(PairwiseAlpha((labels[a], labels[b]), result.alpha, result.units, result.reason))
        return out

    def leave_one_out(self) -> dict[Hashable, float | None]:
        """Alpha without each coder in turn (None where the rest leaves alpha undefined)."""
        labels = self.data.coder_labels
        everyone = frozenset(self.coders)
        return {labels[c]: self.alpha_of(everyone - {c}).alpha for c in self.coders}


def pair_summaries(data: ReliabilityData, pairs: list[tuple[int, int]]) -> dict[frozenset[int], _Summary]:
    """Alpha of every pair of coders at once, for value domains up to a few hundred values.

    With two coders every pairable unit holds exactly two values, so each contributes 1 to o_ab and
    to o_ba (m_u − 1 = 1): the P pairs' coincidence matrices are one ``bincount`` over
    (pair, value a, value b), and D_o, D_e follow by array arithmetic over the pairs — the same
    definitions as :func:`compute_alpha` (which the tests hold it to), in a few numpy calls.
    """
    size = len(data.domain)
    grid = np.full((len(data.coder_labels), len(data.unit_labels)), -1, dtype=np.intp)
    grid[data.coder, data.unit] = data.value
    first = grid[[a for a, _ in pairs]]
    second = grid[[b for _, b in pairs]]
    both = (first >= 0) & (second >= 0)
    pair, unit = np.nonzero(both)
    flat = (pair * size + first[pair, unit]) * size + second[pair, unit]
    counts = np.bincount(flat, minlength=len(pairs) * size * size).reshape(len(pairs), size, size)
    o = (counts + counts.transpose(0, 2, 1)).astype(np.float64)
    totals = o.sum(axis=2)  # n_pc
    n = totals.sum(axis=1)
    coords = (
        data.numbers[np.newaxis, :]
        if data.level is not Level.ORDINAL
        else np.cumsum(totals, axis=1) - totals / 2
    )
    if data.level is Level.NOMINAL:
        delta = np.broadcast_to(1.0 - np.eye(size), o.shape)
    elif data.level is Level.RATIO:
        total = coords[:, :, np.newaxis] + coords[:, np.newaxis, :]
        diff = coords[:, :, np.newaxis] - coords[:, np.newaxis, :]
        delta = np.broadcast_to(
            np.divide(diff, total, out=np.zeros_like(total), where=total != 0) ** 2, o.shape
        )
    else:
        delta = np.broadcast_to((coords[:, :, np.newaxis] - coords[:, np.newaxis, :]) ** 2, o.shape)
    observed = np.einsum("pck,pck->p", o, delta)
    expected = np.einsum("pc,pck,pk->p", totals, delta, totals)
    units = both.sum(axis=1)
    distinct = np.count_nonzero(totals, axis=1)
    out = {}
    for i, (a, b) in enumerate(pairs):
        if units[i] == 0:
            summary = _Summary(None, 0, "no unit was coded by both coders")
        elif distinct[i] < 2 or not expected[i] > 0:
            summary = _Summary(None, int(units[i]), "no variation in the values both coders gave")
        else:
            summary = _Summary(1.0 - (n[i] - 1.0) * observed[i] / expected[i], int(units[i]), None)
        out[frozenset((a, b))] = summary
    return out


def pairwise_alpha(data: ReliabilityData) -> list[PairwiseAlpha]:
    """Alpha for every pair of coders with values in ``data``."""
    return CoderSubsets(data).pairwise()


def leave_one_out_alpha(data: ReliabilityData) -> dict[Hashable, float | None]:
    """Alpha with each coder left out, keyed by the coder's label."""
    return CoderSubsets(data).leave_one_out()
