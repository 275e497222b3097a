"""Krippendorff's alpha from sparse coincidences, exact, for nominal, ordinal, interval and ratio data.

Definitions follow Krippendorff (2011), "Computing Krippendorff's alpha-reliability": a unit u with
m_u ≥ 2 values is pairable; it adds n_uc · (n_uk − [c = k]) / (m_u − 1) to the coincidence o_ck,
where n_uc counts the value c in unit u. With n_c = Σ_k o_ck and n = Σ n_c (the pairable values)::

    D_o = Σ_c Σ_k o_ck δ²_ck / n          D_e = Σ_c Σ_k n_c n_k δ²_ck / (n (n − 1))
    alpha = 1 − D_o / D_e

Only the non-empty cells of the upper triangle (c ≤ k) are ever built (see
:mod:`ictool.core.reliability.coincidence`: no units × V² arrays, memory linear in the values
recorded), and D_e uses closed forms where they exist (:mod:`ictool.core.reliability.metrics`). The
krippendorff package (dense V × V) is the reference the tests compare against.

Alpha is *undefined* — reported as None with a reason, never as 0 and never as an exception — when
there are no values, no unit with two values, or the pairable values do not vary.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ictool.core.codebook.model import Level
from ictool.core.reliability.coincidence import Coincidences, tabulate
from ictool.core.reliability.data import ReliabilityData, from_long, from_matrix
from ictool.core.reliability.distinct import count_distinct
from ictool.core.reliability.metrics import cell_distances, expected_pair_sum, positions
from ictool.core.reliability.values import ValueKey, key_label


@dataclass(frozen=True, eq=False)
class AlphaResult:
    """Alpha and the quantities a methods section reports next to it.

    ``units`` counts units with at least two values (pairable units); ``pairable_values`` is n;
    ``pairs`` is Σ m_u (m_u − 1) / 2 (KALPHA's "Pairs"); ``coders`` counts the coders in the data
    (matrix rows, or distinct coders of the long form, even if all their values are missing — the
    number of judges KALPHA's bootstrap uses). ``percent_agreement`` is the share of agreeing ordered
    pairs of values within pairable units, Σ_u Σ_{i≠j} [v_i = v_j] / Σ_u m_u (m_u − 1).
    """

    alpha: float | None
    undefined_reason: str | None
    level: Level
    units: int
    coders: int
    pairable_values: int
    pairs: int
    observed_disagreement: float | None
    expected_disagreement: float | None
    percent_agreement: float | None
    domain: tuple[ValueKey, ...] = field(repr=False)
    coincidences: Coincidences = field(repr=False)

    @property
    def defined(self) -> bool:
        return self.alpha is not None

    @property
    def labels(self) -> tuple[Hashable, ...]:
        """The values the coincidence indices refer to, as people read them."""
        return tuple(key_label(k) for k in self.domain)


def krippendorff_alpha(
    matrix: npt.ArrayLike,
    level: Level | str = Level.NOMINAL,
    *,
    order: Sequence[object] | None = None,
) -> AlphaResult:
    """Alpha of a matrix in Krippendorff's orientation (rows = coders, columns = units).

    Missing values are None or NaN. ``order`` ranks ordinal values (required when they are text) or
    fixes the nominal categories; values outside it are refused with a :class:`UserError`.
    """
    return compute_alpha(from_matrix(matrix, level, order=order))


def krippendorff_alpha_long(
    records: Iterable[tuple[Hashable, Hashable, object]],
    level: Level | str = Level.NOMINAL,
    *,
    order: Sequence[object] | None = None,
) -> AlphaResult:
    """Alpha of ``(unit, coder, value)`` triples (the long form the project store holds)."""
    return compute_alpha(from_long(records, level, order=order))


def compute_alpha(data: ReliabilityData) -> AlphaResult:
    """Alpha of integer-coded reliability data (see the module docstring for the definitions)."""
    coders = data.coder_count
    if len(data.value) == 0:
        return _undefined(data, coders, "no values: every value is missing")
    table = tabulate(data)
    if table is None:
        return _undefined(
            data, coders, "no unit has values from two or more coders, so nothing can be paired"
        )
    totals = table.totals
    coords = positions(data.level, totals, data.numbers)
    delta = cell_distances(data.level, table.rows, table.cols, coords)
    cells = Coincidences(table.rows, table.cols, table.counts, delta, totals, table.scale)
    n = table.values
    used = np.flatnonzero(totals)
    alpha = observed = expected = None
    reason = None
    if len(used) < 2:
        reason = _no_variation(data, key_label(data.domain[int(used[0])]))
        observed = expected = 0.0
    else:
        expected_sum = expected_pair_sum(data.level, totals, coords)
        off = table.rows != table.cols
        observed_sum = 2.0 * float(np.dot(table.counts[off], delta[off]))
        if expected_sum > 0.0:
            alpha = 1.0 - (n - 1.0) * observed_sum / expected_sum
            observed, expected = observed_sum / n, expected_sum / (n * (n - 1.0))
        else:
            reason = "the values differ too little to measure (the expected disagreement is zero)"
    return AlphaResult(
        alpha=alpha,
        undefined_reason=reason,
        level=data.level,
        units=table.units,
        coders=coders,
        pairable_values=round(n),
        pairs=round(table.all_pairs / 2.0),
        observed_disagreement=observed,
        expected_disagreement=expected,
        percent_agreement=table.same_pairs / table.all_pairs,
        domain=data.domain,
        coincidences=cells,
    )


def _no_variation(data: ReliabilityData, shown: Hashable) -> str:
    if count_distinct(data.value) > 1:
        return (
            f"all pairable values are {shown!r}; the other values occur only in units that a single coder "
            "coded, so they cannot show (dis)agreement"
        )
    return f"no variation: every value is {shown!r}, and alpha needs at least two different values"


def _undefined(data: ReliabilityData, coders: int, reason: str) -> AlphaResult:
    none_i = np.zeros(0, dtype=np.intp)
    none_f = np.zeros(0, dtype=np.float64)
    return AlphaResult(
        alpha=None,
        undefined_reason=reason,
        level=data.level,
        units=0,
        coders=coders,
        pairable_values=0,
        pairs=0,
        observed_disagreement=None,
        expected_disagreement=None,
        percent_agreement=None,
        domain=data.domain,
        coincidences=Coincidences(none_i, none_i, none_f, none_f, np.zeros(len(data.domain))),
    )
