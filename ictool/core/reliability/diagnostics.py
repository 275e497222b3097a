"""Diagnostics that tell a lead how to repair a codebook: coincidences, per-category alpha, what-ifs.

Alpha says *that* coders disagree on a variable; the coincidence matrix says *which* categories they
confuse (o_ck counts the pairs of values c and k coders gave the same unit), per-category alpha says
which category they cannot agree on (each category against all the others, as for the options of a
multi-select variable), and the what-if gives the alpha the variable would have if two or more
categories were merged — the lead's test before rewriting a definition. Nothing here changes data:
each function recodes a copy of the observations and computes alpha again.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass

import numpy as np

from ictool.core.codebook.model import Level
from ictool.core.errors import UserError
from ictool.core.reliability.alpha import AlphaResult, compute_alpha
from ictool.core.reliability.data import IntArray, ReliabilityData
from ictool.core.reliability.values import ValueKey, key_label


@dataclass(frozen=True)
class CoincidenceMatrix:
    """o_ck in the variable's value order, with the marginals n_c and the pairable values n."""

    values: tuple[Hashable, ...]
    matrix: tuple[tuple[float, ...], ...]
    totals: tuple[float, ...]
    n: float

    def to_json_dict(self) -> dict[str, object]:
        return {"values": list(self.values), "matrix": [list(row) for row in self.matrix]}


def coincidence_matrix(result: AlphaResult) -> CoincidenceMatrix | None:
    """The coincidence matrix behind an alpha, or None when nothing could be paired."""
    cells = result.coincidences
    if cells is None:
        return None
    dense = cells.dense()
    return CoincidenceMatrix(
        values=tuple(key_label(k) for k in result.domain),
        matrix=tuple(tuple(float(x) for x in row) for row in dense),
        totals=tuple(float(x) for x in cells.totals),
        n=float(cells.totals.sum()),
    )


def _indices(data: ReliabilityData, labels: Collection[Hashable]) -> list[int]:
    wanted = list(labels)
    found = [i for i, label in enumerate(data.labels) if label in wanted]
    missing = [label for label in wanted if label not in data.labels]
    if missing:
        shown = ", ".join(str(m) for m in missing)
        raise UserError(f"no category {shown} among the values of this variable ({len(data.labels)} in use)")
    return found


def merge_categories(data: ReliabilityData, labels: Collection[Hashable]) -> ReliabilityData:
    """A copy of ``data`` in which the given categories are one (the first of them in value order).

    For ordinal data only neighbouring categories can be merged without changing what the others
    mean, so a gap is refused.
    """
    chosen = _indices(data, labels)
    if len(chosen) < 2:
        raise UserError("name at least two categories to merge")
    if data.level is Level.ORDINAL and chosen != list(range(chosen[0], chosen[-1] + 1)):
        raise UserError("on an ordinal scale only neighbouring categories can be merged")
    remap = np.arange(len(data.domain), dtype=np.intp)
    remap[chosen] = chosen[0]
    return _recoded(data, remap[data.value])


def merged_alpha(data: ReliabilityData, labels: Collection[Hashable]) -> AlphaResult:
    """The alpha the variable would have with ``labels`` merged into one category (a what-if)."""
    return compute_alpha(merge_categories(data, labels))


def category_alpha(data: ReliabilityData) -> dict[Hashable, AlphaResult]:
    """Nominal alpha of each category against all the others: which one coders cannot agree on."""
    out: dict[Hashable, AlphaResult] = {}
    for index, label in enumerate(data.labels):
        binary = (data.value == index).astype(np.intp)
        out[label] = compute_alpha(_recoded(data, binary, domain=((0, 0.0), (0, 1.0)), level=Level.NOMINAL))
    return out


def _recoded(
    data: ReliabilityData,
    value: IntArray,
    *,
    domain: tuple[ValueKey, ...] | None = None,
    level: Level | None = None,
) -> ReliabilityData:
    new_domain = data.domain if domain is None else domain
    return ReliabilityData(
        level=data.level if level is None else level,
        unit=data.unit,
        coder=data.coder,
        value=value.astype(np.intp),
        domain=new_domain,
        unit_labels=data.unit_labels,
        coder_labels=data.coder_labels,
        numbers=data.numbers if domain is None else np.array([k[1] for k in new_domain]),
        missing=data.missing,
        coder_count=data.coder_count,
    )
