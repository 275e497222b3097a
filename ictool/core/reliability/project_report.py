"""The reliability report of a project: one row per scored variable, as a methodologist reads it.

Each row carries alpha at the variable's level with its KALPHA bootstrap interval and q, the counts
that qualify it (units, pairable values, coders, disagreements, values lost to missing codes), the
kappa family for nominal rows, and a status on Krippendorff's thresholds: ≥ .800 reliable,
.667–.800 tentative, < .667 unreliable — or undefined, with the reason. Pairwise and leave-one-coder-out
alphas show who drifts. Nothing here raises for bad data: a variable whose values cannot be scored at
its level is reported as undefined with the problem as its reason.

Bootstrap streams are seeded per row from (seed, CRC-32 of the row name), so adding a variable to the
codebook does not change the intervals of the others.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ictool.core.codebook.model import Code, Level
from ictool.core.errors import Cancelled
from ictool.core.reliability.alpha import AlphaResult, compute_alpha
from ictool.core.reliability.bootstrap import DEFAULT_SEED, BootstrapResult, bootstrap_alpha
from ictool.core.reliability.coders import CoderSubsets
from ictool.core.reliability.diagnostics import CoincidenceMatrix, category_alphas, line_coincidences
from ictool.core.reliability.kappa import kappas
from ictool.core.reliability.planner import claim_check, line_plan
from ictool.core.reliability.project_data import ReliabilityInput, ScoredLine

RELIABLE = 0.800
TENTATIVE = 0.667


def status_of(alpha: float | None) -> str:
    """Krippendorff's convention: reliable ≥ .800, tentative ≥ .667, unreliable below, or undefined."""
    if alpha is None:
        return "undefined"
    if alpha >= RELIABLE:
        return "reliable"
    return "tentative" if alpha >= TENTATIVE else "unreliable"


@dataclass(frozen=True)
class VariableReliability:
    """One line of the report (a variable, or ``variable=code`` for a multi-select option)."""

    name: str
    label: str
    variable: str
    option: Code | None
    level: Level
    alpha: float | None
    undefined_reason: str | None
    ci95: tuple[float, float] | None
    q: Mapping[str, float] | None
    units: int
    pairable_values: int
    coders: int
    observed_disagreement: float | None
    expected_disagreement: float | None
    percent_agreement: float | None
    disagreements: int
    variable_disagreements: int
    excluded_missing: int
    excluded_invalid: int
    not_coded: int | None
    status: str
    cohen_kappa: float | None
    fleiss_kappa: float | None
    gwet_ac1: float | None
    #: Nominal and ordinal lines: which categories coders confuse (see ``diagnostics``).
    coincidences: CoincidenceMatrix | None = None
    #: Nominal variables (not multi-select options: their two values share the line's alpha): each
    #: category's alpha against all the others, in the matrix's order.
    category_alpha: tuple[tuple[Hashable, float | None], ...] | None = None
    #: Whether the reliability sample is large enough for the claim the alpha makes (``planner``):
    #: None where nothing is claimed (below .667, undefined) or the planner does not apply.
    sample: Mapping[str, Any] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "variable": self.variable,
            "option": self.option,
            "level": self.level.value,
            "alpha": self.alpha,
            "undefined_reason": self.undefined_reason,
            "ci95": list(self.ci95) if self.ci95 is not None else None,
            "q": dict(self.q) if self.q is not None else None,
        }
        for key in (
            "units",
            "pairable_values",
            "coders",
            "observed_disagreement",
            "expected_disagreement",
            "percent_agreement",
            "disagreements",
            "variable_disagreements",
            "excluded_missing",
            "excluded_invalid",
            "not_coded",
            "status",
            "cohen_kappa",
            "fleiss_kappa",
            "gwet_ac1",
        ):
            out[key] = getattr(self, key)
        out["coincidences"] = self.coincidences.to_json_dict() if self.coincidences is not None else None
        out["category_alpha"] = (
            [{"value": code, "alpha": alpha} for code, alpha in self.category_alpha]
            if self.category_alpha is not None
            else None
        )
        out["sample"] = dict(self.sample) if self.sample is not None else None
        return out


@dataclass(frozen=True)
class PairwiseRow:
    coders: tuple[str, str]
    alpha: float | None
    units: int


@dataclass(frozen=True)
class ReliabilityReport:
    variables: tuple[VariableReliability, ...]
    pairwise: Mapping[str, tuple[PairwiseRow, ...]]
    leave_one_out: Mapping[str, Mapping[str, float | None]]
    coders: Mapping[str, Mapping[str, int | None]]
    bootstrap_replicates: int
    seed: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "variables": [v.to_json_dict() for v in self.variables],
            "pairwise": {
                name: [{"coders": list(p.coders), "alpha": p.alpha, "units": p.units} for p in rows]
                for name, rows in self.pairwise.items()
            },
            "leave_one_out": {name: dict(rows) for name, rows in self.leave_one_out.items()},
            "coders": {name: dict(info) for name, info in self.coders.items()},
            "bootstrap": {"replicates": self.bootstrap_replicates, "seed": self.seed},
        }


def reliability_report(
    codings: ReliabilityInput,
    done_counts: Mapping[str, int] | None = None,
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    *,
    diagnostics: bool = True,
) -> ReliabilityReport:
    """Per-variable reliability of a project's codings (on the codebook they were gathered for);
    raises :class:`Cancelled` if ``cancel()`` turns true.

    ``diagnostics=False`` leaves out the pairwise and leave-one-coder-out alphas, the kappas, the
    coincidence matrices and the per-category alphas (about half the time): a first look, for a
    window that shows every alpha at once and one line's coders at a time (:func:`line_coders`).
    Every other figure is the full report's.
    """
    names = codings.coder_names
    lines: list[VariableReliability] = []
    pairwise: dict[str, tuple[PairwiseRow, ...]] = {}
    leave_one_out: dict[str, dict[str, float | None]] = {}
    total = codings.line_count
    for index, row in enumerate(codings.lines()):
        if cancel is not None and cancel():
            raise Cancelled("reliability report cancelled")
        result = compute_alpha(row.data) if row.data is not None else None
        lines.append(_line(row, result, bootstrap, seed, cancel, kappa=diagnostics))
        who = line_coders(row, names, result) if diagnostics else None
        if who is not None:
            pairwise[row.name] = who.pairwise
            leave_one_out[row.name] = dict(who.leave_one_out)
        if progress is not None:
            progress(index + 1, total)
    coder_documents = codings.coder_documents
    coders: dict[str, dict[str, int | None]] = {}
    for uuid, name in sorted(names.items(), key=lambda item: item[1].casefold()):
        coders[name] = {
            "done": (done_counts or {}).get(name),
            "documents": coder_documents.get(uuid, 0),
        }
    for name in done_counts or {}:
        coders.setdefault(name, {"done": (done_counts or {})[name], "documents": 0})
    return ReliabilityReport(tuple(lines), pairwise, leave_one_out, coders, bootstrap, seed)


@dataclass(frozen=True)
class LineCoders:
    """Who drifts on one line: alpha of every pair of coders, and alpha without each coder."""

    pairwise: tuple[PairwiseRow, ...]
    leave_one_out: Mapping[str, float | None]


def line_coders(
    row: ScoredLine, names: Mapping[str, str], result: AlphaResult | None = None
) -> LineCoders | None:
    """The report's pairwise and leave-one-out alphas of ``row`` (None when it has no data set);
    ``names`` maps coder uuids to names (``ReliabilityInput.coder_names``)."""
    if row.data is None:
        return None
    subsets = CoderSubsets(row.data, result if result is not None else compute_alpha(row.data))
    return LineCoders(
        tuple(
            PairwiseRow((names[str(p.coders[0])], names[str(p.coders[1])]), p.alpha, p.units)
            for p in subsets.pairwise()
        ),
        {names[str(c)]: a for c, a in subsets.leave_one_out().items()},
    )


def line_bootstrap(
    name: str,
    result: AlphaResult,
    replicates: int,
    seed: int = DEFAULT_SEED,
    cancel: Callable[[], bool] | None = None,
) -> BootstrapResult | None:
    """The bootstrap of one report line, on the line's own stream (see the module docstring).

    Public so that intervals computed after the alphas (the GUI shows alphas first) are the
    report's, replicate for replicate.
    """
    if result.alpha is None:
        return None
    rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
    return bootstrap_alpha(result, replicates, seed=rng, cancel=cancel)


def _line(
    row: ScoredLine,
    result: AlphaResult | None,
    bootstrap: int,
    seed: int,
    cancel: Callable[[], bool] | None,
    *,
    kappa: bool = True,
) -> VariableReliability:
    ci95 = q = None
    if result is not None and bootstrap > 0:
        boot = line_bootstrap(row.name, result, bootstrap, seed, cancel)
        if boot is not None:
            ci95, q = boot.ci95, dict(boot.q)
    nominal = kappa and row.data is not None and row.level is Level.NOMINAL
    kappa_of = kappas(row.data, row.categories) if nominal and row.data is not None else None
    alpha = result.alpha if result is not None else None
    matrix = line_coincidences(row, result) if kappa else None  # the alpha's own cells, made dense
    per_category = None
    if matrix is not None and row.level is Level.NOMINAL and row.option is None:
        per_category = tuple(zip(matrix.values, category_alphas(matrix), strict=True))
    # a diagnostic like the matrix: whether the sample is large enough for what this alpha claims
    sample = claim_check(line_plan(row), alpha) if kappa and alpha is not None else None
    reason = row.error if result is None else result.undefined_reason
    if row.option is not None and reason is not None and reason.startswith("no variation"):
        # An option's values are 0/1 "not chosen"/"chosen": say it in those words.
        chose = re.search(r"every value is '?1'?,", reason) is not None
        reason = f"no variation: {'every coder chose' if chose else 'no coder chose'} this option"
    return VariableReliability(
        name=row.name,
        label=row.label,
        variable=row.variable.name,
        option=row.option,
        level=row.level,
        alpha=alpha,
        undefined_reason=reason,
        ci95=ci95,
        q=q,
        units=result.units if result is not None else 0,
        pairable_values=result.pairable_values if result is not None else 0,
        coders=result.coders if result is not None else 0,
        observed_disagreement=result.observed_disagreement if result is not None else None,
        expected_disagreement=result.expected_disagreement if result is not None else None,
        percent_agreement=result.percent_agreement if result is not None else None,
        disagreements=row.disagreements,
        variable_disagreements=row.variable_disagreements,
        excluded_missing=row.excluded_missing,
        excluded_invalid=row.excluded_invalid,
        not_coded=row.not_coded,
        status=status_of(alpha),
        cohen_kappa=kappa_of.cohen_kappa if kappa_of is not None else None,
        fleiss_kappa=kappa_of.fleiss_kappa if kappa_of is not None else None,
        gwet_ac1=kappa_of.gwet_ac1 if kappa_of is not None else None,
        coincidences=matrix,
        category_alpha=per_category,
        sample=sample,
    )
