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

from ictool.core.reliability.alpha import AlphaResult, compute_alpha
from ictool.core.reliability.data import ReliabilityData


@dataclass(frozen=True)
class PairwiseAlpha:
    """Alpha between two coders, on the units both coded."""

    coders: tuple[Hashable, Hashable]
    alpha: float | None
    units: int
    undefined_reason: str | None = None


class CoderSubsets:
    """Alpha of coder subsets of one variable's data, memoised by the subset."""

    def __init__(self, data: ReliabilityData, full: AlphaResult | None = None) -> None:
        self.data = data
        self.coders: list[int] = [int(c) for c in np.unique(data.coder)]
        self._cache: dict[frozenset[int], AlphaResult] = {}
        if full is not None:
            self._cache[frozenset(self.coders)] = full

    def alpha_of(self, coders: frozenset[int]) -> AlphaResult:
        if coders not in self._cache:
            self._cache[coders] = compute_alpha(self.data.with_coders(sorted(coders)))
        return self._cache[coders]

    def pairwise(self) -> list[PairwiseAlpha]:
        """One entry per pair of coders who have values, in coder order."""
        labels = self.data.coder_labels
        out = []
        for a, b in combinations(self.coders, 2):
            result = self.alpha_of(frozenset((a, b)))
            out.append(
                PairwiseAlpha((labels[a], labels[b]), result.alpha, result.units, result.undefined_reason)
            )
        return out

    def leave_one_out(self) -> dict[Hashable, float | None]:
        """Alpha without each coder in turn (None where the rest leaves alpha undefined)."""
        labels = self.data.coder_labels
        everyone = frozenset(self.coders)
        return {labels[c]: self.alpha_of(everyone - {c}).alpha for c in self.coders}


def pairwise_alpha(data: ReliabilityData) -> list[PairwiseAlpha]:
    """Alpha for every pair of coders with values in ``data``."""
    return CoderSubsets(data).pairwise()


def leave_one_out_alpha(data: ReliabilityData) -> dict[Hashable, float | None]:
    """Alpha with each coder left out, keyed by the coder's label."""
    return CoderSubsets(data).leave_one_out()
