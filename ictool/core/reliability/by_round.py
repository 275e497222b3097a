"""Rounds side by side: each variable's alpha per round, whether it qualifies, and alpha against a
round's reference coder.

Why side by side: a lead trains coders over a pilot and training rounds before the main coding, and
needs to see them converge — the same line's alpha rising from round to round — and to know when a
variable meets the study's rule (``rounds.rule``). Each round's figures are exactly the report of
that round's documents (:func:`project_reliability` with ``documents=``), bootstrap streams
included, so a round's column never depends on the other rounds.

Reference coding: when a round names a reference coder (an expert, or the agreed key), each other
coder's alpha against the reference is the plain alpha of the pair, on the documents both coded
(``CoderSubsets``): how a trainee is certified.

Stability (intra-coder reliability): each coder's alpha with their own earlier coding is the plain
alpha of the pair (coder, their retest identity) on the documents both coded — Krippendorff's
test-retest design — over every document, whatever its round.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ictool.core.reliability.bootstrap import DEFAULT_SEED
from ictool.core.reliability.coders import CoderSubsets
from ictool.core.reliability.from_project import Selection, done_counts, project_inputs
from ictool.core.reliability.project_data import ReliabilityInput
from ictool.core.reliability.project_report import ReliabilityReport, line_bootstrap, reliability_report
from ictool.core.rounds.membership import Round, rounds_with_documents
from ictool.core.rounds.retest import retest_pairs
from ictool.core.rounds.rule import QualificationRule, qualification_rule

if TYPE_CHECKING:
    from ictool.core.project import Project
    from ictool.core.records import Coder


@dataclass(frozen=True)
class RoundFigures:
    """One report line in one round."""

    alpha: float | None
    ci95: tuple[float, float] | None
    units: int
    status: str
    qualified: bool | None  # None: the rule needs the interval, and none was computed

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "alpha": self.alpha,
            "ci95": list(self.ci95) if self.ci95 is not None else None,
            "units": self.units,
            "status": self.status,
            "qualified": self.qualified,
        }


@dataclass(frozen=True)
class AgainstReference:
    """A coder's alpha against the round's reference coder on one line (or against their retest).

    ``ci95`` is the pair's KALPHA interval when the report was bootstrapped: a trainee is certified on
    a lower bound, not on a point estimate from a handful of pilot documents.
    """

    alpha: float | None
    units: int
    undefined_reason: str | None
    ci95: tuple[float, float] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "alpha": self.alpha,
            "ci95": list(self.ci95) if self.ci95 is not None else None,
            "units": self.units,
            "undefined_reason": self.undefined_reason,
        }


@dataclass(frozen=True)
class ByRound:
    rule: QualificationRule
    rounds: tuple[Round, ...]
    lines: tuple[str, ...]  # report line names, in codebook order
    figures: Mapping[str, Mapping[str, RoundFigures]]  # line → round name → figures
    #: round name → line → coder name → alpha against the round's reference (rounds with one)
    reference: Mapping[str, Mapping[str, Mapping[str, AgainstReference]]]
    reports: Mapping[str, ReliabilityReport]  # round name → that round's full report
    #: line → coder name → alpha with the coder's own earlier coding (coders with a retest identity)
    stability: Mapping[str, Mapping[str, AgainstReference]]
    bootstrap_replicates: int
    seed: int

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "rule": {"min_alpha": self.rule.min_alpha, "min_lower": self.rule.min_lower},
            "rounds": [
                {"name": r.name, "documents": r.documents, "reference": r.reference} for r in self.rounds
            ],
            "variables": [
                {
                    "name": line,
                    "rounds": {name: figures.to_json_dict() for name, figures in self.figures[line].items()},
                }
                for line in self.lines
            ],
            "reference": {
                round_name: {
                    line: {coder: a.to_json_dict() for coder, a in coders.items()}
                    for line, coders in lines.items()
                }
                for round_name, lines in self.reference.items()
            },
            "stability": {
                line: {coder: a.to_json_dict() for coder, a in coders.items()}
                for line, coders in self.stability.items()
            },
            "bootstrap": {"replicates": self.bootstrap_replicates, "seed": self.seed},
        }


@dataclass(frozen=True, eq=False)
class RoundInputs:
    """What :func:`by_round` computes from, read from the project in one pass over its codings."""

    rounds: tuple[Round, ...]
    documents: tuple[frozenset[str], ...]  # each round's documents
    inputs: tuple[ReliabilityInput, ...]  # each round's codings
    retest_pairs: tuple[tuple[Coder, Coder], ...]  # (retest identity, original coder)
    retests: ReliabilityInput | None  # the whole project's with retest identities, when there are any
    #: The whole project's, as the report reads it (``project_input``), when asked for: the rounds'
    #: view shows the sample plan beside the rounds, and a second pass over the codings is seconds
    #: at ten times the study.
    whole: ReliabilityInput | None


def round_inputs(project: Project, *, whole: bool = False) -> RoundInputs:
    """Every round's codings, the retests' when there are any and, with ``whole``, the project's."""
    listed = rounds_with_documents(project)
    rounds = tuple(r for r, _ in listed)
    documents_of = tuple(frozenset(documents) for _, documents in listed)
    pairs = tuple(retest_pairs(project))
    selections = [Selection(d) for d in documents_of]
    selections += [Selection(retests=True)] if pairs else []
    selections += [Selection()] if whole else []
    read = project_inputs(project, selections)
    return RoundInputs(
        rounds,
        documents_of,
        tuple(read[: len(rounds)]),
        pairs,
        read[len(rounds)] if pairs else None,
        read[-1] if whole else None,
    )


def by_round(
    project: Project,
    *,
    bootstrap: int = 0,
    seed: int = DEFAULT_SEED,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    read: RoundInputs | None = None,
) -> ByRound:
    """Every round's report, line by line, with the study's rule applied and reference alphas.

    ``progress(done, total)`` counts report lines over every round (a bootstrap of each round's lines is
    the long part), and with a bootstrap each line again for the intervals against a round's reference
    coder and for stability, so a window or a terminal can show how far the whole thing is. ``read``
    is :func:`round_inputs` of ``project`` when the caller already read it.
    """
    rule = qualification_rule(project)
    read = read if read is not None else round_inputs(project)
    rounds = read.rounds
    inputs = list(zip(rounds, read.documents, read.inputs, strict=True))
    total = sum(into.line_count for _, _, into in inputs)
    if bootstrap > 0:  # the pairs' intervals: a pass over the lines of each round with a reference
        total += sum(into.line_count for r, _, into in inputs if r.reference_uuid is not None)
        total += read.retests.line_count if read.retests is not None else 0
    done = 0

    def step(lines_done: int, _lines: int) -> None:
        if progress is not None:
            progress(done + lines_done, total)

    lines: dict[str, None] = {}
    figures: dict[str, dict[str, RoundFigures]] = {}
    reference: dict[str, dict[str, dict[str, AgainstReference]]] = {}
    reports: dict[str, ReliabilityReport] = {}
    for r, documents, into in inputs:
        report = reliability_report(
            into,
            done_counts=done_counts(project, documents=documents),
            bootstrap=bootstrap,
            seed=seed,
            progress=step,
            cancel=cancel,
        )
        done += into.line_count
        reports[r.name] = report
        for v in report.variables:
            lines[v.name] = None
            figures.setdefault(v.name, {})[r.name] = RoundFigures(
                v.alpha, v.ci95, v.units, v.status, rule.met(v.alpha, v.ci95)
            )
        if r.reference_uuid is not None:
            passes = step if bootstrap > 0 else None
            reference[r.name] = against_reference(
                into, r.reference_uuid, _Intervals(bootstrap, seed, f"round {r.name}", cancel, passes)
            )
            done += into.line_count if bootstrap > 0 else 0
    stable = (
        stability(
            read.retests,
            list(read.retest_pairs),
            _Intervals(bootstrap, seed, "stability", cancel, step if bootstrap else None),
        )
        if read.retests is not None
        else {}
    )
    return ByRound(rule, rounds, tuple(lines), figures, reference, reports, stable, bootstrap, seed)


@dataclass(frozen=True)
class _Intervals:
    """How pair alphas get their intervals: ``replicates`` (0: none), each pair on its own stream from
    (seed, the CRC-32 of ``what``, the line and the coder), so adding a coder or a round changes no
    other pair's interval."""

    replicates: int = 0
    seed: int = DEFAULT_SEED
    what: str = ""
    cancel: Callable[[], bool] | None = None
    #: ``progress(lines done, lines)`` after each line of a pass (the caller's running count)
    progress: Callable[[int, int], None] | None = None

    def line_done(self, done: int, lines: int) -> None:
        if self.progress is not None:
            self.progress(done, lines)

    def figure(self, subsets: CoderSubsets, pair: tuple[int, int], line: str, coder: str) -> AgainstReference:
        ci95 = None
        if self.replicates > 0:  # the pair's alpha computed once, for its figures and its bootstrap
            result = subsets.result_of(frozenset(pair))
            stream = f"{self.what}\x00{line}\x00{coder}"
            boot = line_bootstrap(stream, result, self.replicates, self.seed, self.cancel)
            ci95 = boot.ci95 if boot is not None else None
        summary = subsets.alpha_of(frozenset(pair))
        return AgainstReference(summary.alpha, summary.units, summary.reason, ci95)


#: A line's coder pairs to give alphas for: (the name a pair is shown under, the two coders' indices),
#: from the line's coder labels and subsets; None when the line has no entry at all.
PairsOf = Callable[[tuple[Hashable, ...], CoderSubsets], list[tuple[str, tuple[int, int]]] | None]


def _pair_figures(
    codings: ReliabilityInput, intervals: _Intervals, pairs_of: PairsOf
) -> dict[str, dict[str, AgainstReference]]:
    """Line → name → the alpha of each pair ``pairs_of`` gives on that line (with its interval)."""
    out: dict[str, dict[str, AgainstReference]] = {}
    count = codings.line_count
    for index, row in enumerate(codings.lines()):
        if index:  # the lines before this one are done (each counted once, the last after the loop)
            intervals.line_done(index, count)
        if row.data is None:
            continue
        subsets = CoderSubsets(row.data)
        pairs = pairs_of(row.data.coder_labels, subsets)
        if pairs is not None:
            out[row.name] = {name: intervals.figure(subsets, pair, row.name, name) for name, pair in pairs}
    intervals.line_done(count, count)
    return out


def stability(
    codings: ReliabilityInput, pairs: list[tuple[Coder, Coder]], intervals: _Intervals | None = None
) -> dict[str, dict[str, AgainstReference]]:
    """Line → coder name → the coder's alpha with their retest identity, from the project's codings
    with retests kept (``Selection(retests=True)``) and the (retest, original) coder pairs."""

    def retests(
        labels: tuple[Hashable, ...], subsets: CoderSubsets
    ) -> list[tuple[str, tuple[int, int]]] | None:
        found = []
        for retest, original in pairs:
            if retest.uuid in labels and original.uuid in labels:
                a, b = labels.index(original.uuid), labels.index(retest.uuid)
                if a in subsets.coders and b in subsets.coders:
                    found.append((original.name, (a, b)))
        return found or None

    return _pair_figures(codings, intervals or _Intervals(), retests)


def against_reference(
    codings: ReliabilityInput, reference_uuid: str, intervals: _Intervals | None = None
) -> dict[str, dict[str, AgainstReference]]:
    """Line → coder name → the coder's alpha against the reference coder (every other coder with values
    on the line; none when the reference has no values there)."""
    names = codings.coder_names

    def others(
        labels: tuple[Hashable, ...], subsets: CoderSubsets
    ) -> list[tuple[str, tuple[int, int]]] | None:
        if reference_uuid not in labels or labels.index(reference_uuid) not in subsets.coders:
            return None
        ref = labels.index(reference_uuid)
        found = [(names[str(labels[c])], (ref, c)) for c in subsets.coders if c != ref]
        return sorted(found, key=lambda item: item[0].casefold())

    return _pair_figures(codings, intervals or _Intervals(), others)
