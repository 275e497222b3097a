"""How large a reliability sample must be: Krippendorff's minimum sample size, and each variable's.

Why a planner: an alpha of .85 on 20 documents says little when a category is rare — a handful of
values of that category decide it. Krippendorff (2019, Sect. 12.x, "sample sizes"; earlier 2004, 2013)
gives the minimum number of pairable values N for the reliability data, after Bloch & Kraemer (1989,
eq. 3.7), from the smallest alpha the study can accept, the significance level at which it must be
exceeded and the probability p_c of the rarest category::

    N = 2 z² [ (1 + α_min)(3 − α_min) / (4 (1 − α_min) p_c (1 − p_c)) − α_min ]

with z the one-tailed standard normal quantile of the significance level (1.645 at .050). N is
rounded up: it is a minimum.

What it assumes (and so what the numbers mean):

- *Two coders.* The formula is Bloch & Kraemer's for two raters' agreement on a binary judgement,
  which Krippendorff applies to the rarest category against all the others. For more coders we
  follow the one published adjustment we found, the ATLAS.ti manual's reading of Krippendorff
  (2019): multiply z² by the number of coders m, so ``values = ceil(m z² [...])``. The units
  (documents) each coder must code are ``ceil(values / m)`` — the same for any m: extra coders add
  values, they do not spare documents. That is conservative, on purpose.
- *Categories.* p_c is a category's probability, so the planner applies to nominal and ordinal
  variables (an ordinal one is treated as its categories: conservative, since the ordinal metric
  also credits near misses) and to each option of a multi-select variable (chosen / not chosen: a
  binary nominal line, as its alpha is). Interval and ratio variables have no rarest category; the
  planner says so rather than invent one.
- *A representative sample.* p_c is estimated from the values coders gave to the reliability
  sample (pairable values only, as alpha counts them); a category nobody used has no estimate and is
  reported apart, as are samples whose values do not vary (alpha is undefined there).

What was checked against published numbers: the worked example the ATLAS.ti manual quotes from
Krippendorff's (2019) table — p_c = .25 (four equally likely codes), significance .050: 139 values
for α_min = .800 and 81 for α_min = .667 — is reproduced exactly. We could not consult the book's
whole table, so no other cell is claimed as published.

References: Krippendorff, K. (2019). *Content Analysis: An Introduction to Its Methodology* (4th ed.).
Sage. Bloch, D. A., & Kraemer, H. C. (1989). 2 x 2 kappa coefficients: measures of agreement or
association. *Biometrics*, 45(1), 269–287. ATLAS.ti (2022). *Inter-coder agreement: sample size and
decision rules* (user manual), https://doc.atlasti.com/ManualWin.v22/ICA/ICASampleSizeAndDecisionRules.html
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import numpy as np

from ictool.core.codebook.model import Kind, Level
from ictool.core.errors import UserError
from ictool.core.reliability.values import key_label, value_key

if TYPE_CHECKING:
    from ictool.core.reliability.project_data import ScoredLine

CITATION = (
    "Krippendorff, K. (2019). Content Analysis: An Introduction to Its Methodology (4th ed.), "
    "minimum reliability sample after Bloch, D. A. & Kraemer, H. C. (1989), Biometrics 45, 269-287, eq. 3.7"
)

#: The smallest alphas the report's statuses name (tentative, reliable): the plan per variable gives both.
PLANNED_ALPHAS: tuple[float, ...] = (0.8, 0.667)
#: Krippendorff's usual significance level for the minimum sample (one-tailed).
DEFAULT_SIGNIFICANCE = 0.05


def normal_quantile(p: float) -> float:
    """The standard normal quantile z with P(Z ≤ z) = p.

    The standard library's :class:`statistics.NormalDist` computes it with Wichura's algorithm AS241
    (accurate to about 1e-16): no scipy needed, and nothing of our own to keep correct.
    """
    if not 0.0 < p < 1.0:
        raise UserError(f"a probability strictly between 0 and 1 is needed for a normal quantile, not {p}")
    return NormalDist().inv_cdf(p)


@dataclass(frozen=True)
class SampleSize:
    """The minimum reliability sample for one smallest acceptable alpha, significance level and p_c."""

    min_alpha: float
    significance: float
    rarest: float
    coders: int
    #: The one-tailed z of the significance level.
    z: float
    #: Pairable values the reliability data must hold (the published table's N for two coders).
    values: int
    #: Units (documents) every coder must code for that many values.
    units: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "min_alpha": self.min_alpha,
            "significance": self.significance,
            "rarest": self.rarest,
            "coders": self.coders,
            "z": self.z,
            "values": self.values,
            "units": self.units,
            "citation": CITATION,
        }


def _check(min_alpha: float, significance: float, rarest: float, coders: int) -> None:
    problems = []
    if not 0.0 < min_alpha < 1.0:
        problems.append(
            f"the smallest acceptable alpha must lie between 0 and 1 (exclusive), not {min_alpha}"
        )
    if not 0.0 < significance < 0.5:
        problems.append(f"the significance level must lie between 0 and 0.5 (exclusive), not {significance}")
    if not 0.0 < rarest <= 0.5:
        problems.append(
            "the rarest category's probability must lie above 0 and at most 0.5 (the rarer of two), "
            f"not {rarest}"
        )
    if coders < 2:
        problems.append(f"reliability needs at least 2 coders, not {coders}")
    if problems:
        raise UserError(problems)


def required_sample(
    min_alpha: float, significance: float = DEFAULT_SIGNIFICANCE, rarest: float = 0.5, coders: int = 2
) -> SampleSize:
    """Krippendorff's minimum sample (module docstring): values and units for these inputs.

    Raises :class:`UserError` for inputs outside the formula's range (alpha in (0, 1), significance in
    (0, .5), p_c in (0, .5], at least two coders).
    """
    _check(min_alpha, significance, rarest, coders)
    z = normal_quantile(1.0 - significance)
    spread = rarest * (1.0 - rarest)
    bracket = (1.0 + min_alpha) * (3.0 - min_alpha) / (4.0 * (1.0 - min_alpha) * spread) - min_alpha
    values = _ceil(coders * z * z * bracket)
    return SampleSize(min_alpha, significance, rarest, coders, z, values, -(-values // coders))


def _ceil(x: float) -> int:
    """Rounded up, but not past a value that float arithmetic left a hair above an integer."""
    return math.ceil(x - 1e-9)


@dataclass(frozen=True)
class LinePlan:
    """The reliability sample of one report line, measured against the minimum it needs."""

    name: str
    label: str
    level: Level
    #: The rarest category used (its code, or chosen / not chosen), its share of the pairable values.
    rarest: object | None
    rarest_share: float | None
    #: Codebook categories no coder used in the sample (their probability cannot be estimated).
    unused: tuple[object, ...]
    pairable_values: int
    units: int
    #: Smallest acceptable alpha → units each coder must code (empty where the planner does not apply).
    needed: dict[float, int]
    significance: float
    #: ``enough for .800``, ``enough for .667 only``, ``too few``, or ``not applicable``.
    verdict: str
    #: Why the planner does not apply, or what qualifies the verdict (unused categories).
    note: str | None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "level": self.level.value,
            "rarest_category": self.rarest,
            "rarest_share": self.rarest_share,
            "unused_categories": list(self.unused),
            "pairable_values": self.pairable_values,
            "units": self.units,
            "units_needed": {str(a): n for a, n in self.needed.items()},
            "significance": self.significance,
            "verdict": self.verdict,
            "note": self.note,
        }


def plan_lines(lines: Iterable[ScoredLine], significance: float = DEFAULT_SIGNIFICANCE) -> Iterator[LinePlan]:
    """:func:`line_plan` for every report line (``ReliabilityInput.lines()``), in their order."""
    for line in lines:
        yield line_plan(line, significance)


def line_plan(line: ScoredLine, significance: float = DEFAULT_SIGNIFICANCE) -> LinePlan:
    """The rarest category's share in a line's pairable values, and the units .800 and .667 need.

    Values count as alpha counts them: only values in units that at least two coders coded. The
    verdict compares the units there are (documents with two or more values) with the units needed.
    """
    data = line.data

    def plan(**kw: Any) -> LinePlan:
        defaults: dict[str, Any] = {
            "rarest": None,
            "rarest_share": None,
            "unused": (),
            "pairable_values": 0,
            "units": 0,
            "needed": {},
            "verdict": "not applicable",
            "note": None,
        }
        return LinePlan(line.name, line.label, line.level, significance=significance, **(defaults | kw))

    if data is None:
        return plan(note=line.error or "no values to score")
    per_unit = np.bincount(data.unit, minlength=len(data.unit_labels))
    pairable = per_unit[data.unit] >= 2
    counted = {"pairable_values": int(pairable.sum()), "units": int(np.count_nonzero(per_unit >= 2))}
    if line.level not in (Level.NOMINAL, Level.ORDINAL):
        return plan(
            note=f"{line.level.value} values have no categories, so no rarest category to plan for", **counted
        )
    counts = _category_counts(line, np.bincount(data.value[pairable], minlength=len(data.domain)))
    used = {c: n for c, n in counts.items() if n > 0}
    unused = tuple(c for c, n in counts.items() if n == 0)
    if counted["pairable_values"] == 0:
        return plan(note="no document has values from two coders yet", unused=unused, **counted)
    if len(used) < 2:
        return plan(note="the values do not vary (alpha is undefined)", unused=unused, **counted)
    rarest = min(used, key=lambda c: used[c])  # the first of equally rare ones, in category order
    share = used[rarest] / counted["pairable_values"]
    needed = {a: required_sample(a, significance, min(share, 0.5)).units for a in PLANNED_ALPHAS}
    units = counted["units"]
    if units >= needed[0.8]:
        verdict = "enough for .800"
    elif units >= needed[0.667]:
        verdict = "enough for .667 only"
    else:
        verdict = "too few"
    note = None
    if unused:
        shown = ", ".join(str(c) for c in unused)
        note = f"no coder used {shown}: a category nobody used has no share to plan for"
    return plan(
        rarest=rarest, rarest_share=share, unused=unused, needed=needed, verdict=verdict, note=note, **counted
    )


def claim_check(plan: LinePlan, alpha: float | None) -> dict[str, Any] | None:
    """Whether a report line's sample is large enough for the claim its alpha makes (the report's hook).

    An alpha of .800 or more claims "reliable", .667 or more "tentative" (the report's statuses);
    the claim needs the units :func:`line_plan` gives for that alpha. None where nothing is claimed
    (alpha below .667 or undefined) or the planner does not apply (interval, ratio, no variation).
    Cheap — counting the line's values once — so the report can call it for every line.
    """
    if alpha is None or alpha < min(PLANNED_ALPHAS):
        return None
    claim = max(a for a in PLANNED_ALPHAS if alpha >= a)
    needed = plan.needed.get(claim)
    if needed is None:
        return None
    return {
        "claim": claim,
        "units": plan.units,
        "units_needed": needed,
        "rarest_category": plan.rarest,
        "rarest_share": plan.rarest_share,
        "too_small": plan.units < needed,
    }


_OPTION_VALUES = {0: "not chosen", 1: "chosen"}


def _category_counts(line: ScoredLine, counts: np.ndarray[Any, np.dtype[np.intp]]) -> dict[object, int]:
    """Category (as people read it) → pairable values, every codebook category included.

    A choice variable's categories are its codebook choices (an ordinal line's data know them by
    position); a multi-select option's are chosen / not chosen; other lines' are their values.
    """
    assert line.data is not None
    domain = line.data.domain
    if line.option is not None:
        found = {_OPTION_VALUES[int(k[1])]: int(n) for k, n in zip(domain, counts, strict=True)}
        return {label: found.get(label, 0) for label in ("chosen", "not chosen")}
    variable = line.variable
    if variable.kind is not Kind.SINGLE:
        return {key_label(k): int(n) for k, n in zip(domain, counts, strict=True)}
    choices = [c.code for c in variable.choices if not variable.is_missing_code(c.code)]
    if line.level is Level.ORDINAL:
        by_rank = {int(k[1]): int(n) for k, n in zip(domain, counts, strict=True)}
        return {code: by_rank.get(i, 0) for i, code in enumerate(choices)}
    by_key = {k: int(n) for k, n in zip(domain, counts, strict=True)}
    return {code: by_key.get(value_key(code), 0) for code in choices}
