"""The methods section of a study: the reliability paragraph, its table and references, ready to publish.

Why one document model: the lead pastes the section into a paper (Markdown or Word) and hands the
statistician a workbook (its Methods sheet), and a reviewer compares them with the data. Built once
here from the project — the reliability report, a reading of its codings and what the project file
recorded (the assignment, the packages, the rounds) — the three renderings (:mod:`.methods_output`)
cannot say different things.

Nothing is invented: each sentence is written only from a fact the project holds, and a fact the
project does not hold is left out rather than guessed (no seed without a recorded draw, no claim of
blind coding for values that did not come back in coder packages, no rounds sentence without
rounds). The content follows the reporting guidance for content analysis (Lombard, Snyder-Duch &
Bracken 2002; Krippendorff 2019): the coders, the size of the reliability sample and how it was
drawn, that coding was independent, the coefficient and why, its interval, the thresholds, the
training rounds and how disagreements were settled.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ictool.core.codebook.model import Codebook, Kind
from ictool.core.reconcile.queue import Disagreement, DocumentQueue
from ictool.core.reconcile.stream import DocumentCells, open_stream
from ictool.core.reliability import ReliabilityReport, VariableReliability
from ictool.core.reliability.project_report import RELIABLE, TENTATIVE
from ictool.core.store import audit_repo, packages_repo, rounds_repo

if TYPE_CHECKING:
    from ictool.core.project import Project

__all__ = [
    "DEFAULT_REPLICATES",
    "MINUS",
    "CodingCounts",
    "MethodsSection",
    "MethodsTable",
    "RoundFact",
    "SampleDesign",
    "Span",
    "StudyFacts",
    "Text",
    "apa_number",
    "methods_section",
    "read_methods",
    "study_facts",
]

#: Replicates of the section's bootstrap when none were asked for: the section always gives intervals.
DEFAULT_REPLICATES = 1000
MINUS = "\u2212"  # a true minus sign, as typeset tables have it (not the hyphen)
_DASH = "\u2014"
_Q_KEY = "0.8"  # the bootstrap's key of q(alpha < .800)


@dataclass(frozen=True)
class Span:
    """A run of text, in italics or not (statistical symbols and titles are italic in APA style)."""

    text: str
    italic: bool = False


Text = tuple[Span, ...]


def _text(*parts: str | Span) -> Text:
    return tuple(Span(p) if isinstance(p, str) else p for p in parts if (p if isinstance(p, str) else p.text))


def _i(text: str) -> Span:
    return Span(text, italic=True)


@dataclass(frozen=True)
class MethodsTable:
    """The table of reliability: one row per reported alpha, as the report lists them."""

    caption: Text
    header: tuple[Text, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[Text, ...]


@dataclass(frozen=True)
class MethodsSection:
    title: str
    paragraphs: tuple[Text, ...]
    table: MethodsTable
    references: tuple[Text, ...]


# --- what the project recorded besides its codings -------------------------------------------------


@dataclass(frozen=True)
class SampleDesign:
    """How documents were last assigned (``ictool assign``): everyone everything (``overlap`` None)
    or a random fraction to every coder drawn from ``seed``; ``times`` counts the assignments made."""

    overlap: float | None
    seed: int | None
    times: int


@dataclass(frozen=True)
class RoundFact:
    """One round of coding (pilot, training, main…) in the order the study ran them."""

    name: str
    documents: int


@dataclass(frozen=True)
class StudyFacts:
    design: SampleDesign | None = None
    issued: frozenset[tuple[str, str]] = frozenset()  # (coder uuid, document uuid) handed out in packages
    rounds: tuple[RoundFact, ...] = ()
    #: Coder uuids of retest identities (a coder coding documents again, for stability): not coders of
    #: the agreement between coders, which the report leaves them out of too.
    retests: frozenset[str] = frozenset()


_ASSIGN = "assign documents"
_SETTING = re.compile(r"(\w+)=([^,\s]+)")


def sample_design(entries: Iterable[tuple[str, str | None]]) -> SampleDesign | None:
    """The design of the last assignment among audit ``(action, new)`` pairs, None if none is recorded.

    The assignment records its overlap and seed only in its audit entry (``overlap=0.3, seed=7,
    pairs=…``), which is why the audit is read here.
    """
    last: dict[str, str] | None = None
    times = 0
    for action, new in entries:
        if action == _ASSIGN and new is not None:
            last = dict(_SETTING.findall(new))
            times += 1
    if last is None:
        return None
    overlap = _float(last.get("overlap"))
    seed = _int(last.get("seed"))
    return SampleDesign(None if overlap is None or overlap >= 1 else overlap, seed, times)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None and re.fullmatch(r"-?\d+", text) else None


def study_facts(project: Project) -> StudyFacts:
    """What ``project`` recorded about how its codings were gathered (read inside one transaction)."""
    with project.db.atomic():
        design = sample_design(audit_repo.of_action(project.db, _ASSIGN))
        issued = frozenset(packages_repo.issued_pairs(project.db))
        retests = frozenset(rounds_repo.retest_links(project.db))
    return StudyFacts(design, issued, recorded_rounds(project), retests)


def recorded_rounds(project: Project) -> tuple[RoundFact, ...]:
    """The project's rounds of coding, in the order they were set up (none: the sentence is left out).

    Only what a round is in the project — a name and its documents — goes into the section; whether a
    round was a pilot or training is the lead's to say (its name usually does).
    """
    from ictool.core.rounds.membership import list_rounds

    return tuple(RoundFact(r.name, r.documents) for r in list_rounds(project))


# --- what the codings show --------------------------------------------------------------------------


@dataclass
class CodingCounts:
    """Counts gathered a document at a time: who coded, how many coders each document had, how many
    codings came back in packages, and the disagreement queue with its resolutions."""

    issued: frozenset[tuple[str, str]] = frozenset()
    left_out: frozenset[str] = frozenset()  # coder uuids not counted (retest identities)
    documents: int = 0
    coders: dict[str, str] = field(default_factory=dict)  # uuid → name, of coders with codings
    coders_per_document: Counter[int] = field(default_factory=Counter)
    codings: int = 0  # coder × document pairs with any value
    in_packages: int = 0  # … of them handed out in a package
    disagreements: int = 0
    resolved_by: Counter[str] = field(default_factory=Counter)
    noted: int = 0  # resolutions with a note: the paragraph claims notes only for these

    def add_document(self, doc: DocumentCells) -> None:
        self.documents += 1
        coders = {r.coder_uuid: r.coder for r in doc.records if r.coder_uuid not in self.left_out}
        self.coders.update(coders)
        self.coders_per_document[len(coders)] += 1
        self.codings += len(coders)
        self.in_packages += sum((c, doc.document.uuid) in self.issued for c in coders)

    @classmethod
    def of(cls, facts: StudyFacts) -> CodingCounts:
        return cls(facts.issued, facts.retests)

    def add_item(self, item: Disagreement) -> None:
        self.disagreements += 1
        if item.resolution is not None:
            self.resolved_by[item.resolution.resolved_by] += 1
            self.noted += bool(item.resolution.note.strip())

    @property
    def resolved(self) -> int:
        return sum(self.resolved_by.values())

    def coded_by_at_least(self, coders: int) -> int:
        return sum(n for k, n in self.coders_per_document.items() if k >= coders)


def read_counts(project: Project, facts: StudyFacts) -> CodingCounts:
    """:class:`CodingCounts` of an open project, read a document at a time (no quotes or memos)."""
    counts = CodingCounts.of(facts)
    with open_stream(project) as stream:
        queue = DocumentQueue(stream.outline, tuple(stream.outline.codebook), lambda doc, coders: ([], {}))
        for doc in stream.documents():
            counts.add_document(doc)
            for item in queue.items(doc):
                counts.add_item(item)
    return counts


def read_methods(project: Project, report: ReliabilityReport, *, version: str) -> MethodsSection:
    """The methods section of an open project, for ``report`` (computed on it, with a bootstrap)."""
    facts = study_facts(project)
    counts = read_counts(project, facts)
    return methods_section(report, project.codebook, counts, facts, version=version)


# --- numbers as APA prints them ---------------------------------------------------------------------


def apa_number(value: float | None, digits: int = 3) -> str:
    """A value that cannot exceed 1 in APA style: no leading zero, a true minus sign (".743",
    "−.029", "1.000"); a dash when there is none. A value that rounds to zero has no sign."""
    if value is None:
        return _DASH
    text = f"{abs(value):.{digits}f}"
    if text.startswith("0."):
        text = text[1:]
    negative = value < 0 and any(c not in "0." for c in text)
    return (MINUS if negative else "") + text


def _count(n: int) -> str:
    """A count as a sentence gives it: words below ten, digits (with thousands separators) above."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if 0 <= n < 10 else f"{n:,}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{_count(n)} {one if n == 1 else (many or one + 's')}"


def _names(names: Sequence[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


# --- the section ------------------------------------------------------------------------------------

REFERENCES: tuple[Text, ...] = (
    _text(
        "Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability measure "
        "for coding data. ",
        _i("Communication Methods and Measures, 1"),
        "(1), 77–89. https://doi.org/10.1080/19312450709336664",
    ),
    _text(
        "Krippendorff, K. (2019). ",
        _i("Content analysis: An introduction to its methodology"),
        " (4th ed.). SAGE. https://doi.org/10.4135/9781071878781",
    ),
    _text(
        "Lombard, M., Snyder-Duch, J., & Bracken, C. C. (2002). Content analysis in mass communication: "
        "Assessment and reporting of intercoder reliability. ",
        _i("Human Communication Research, 28"),
        "(4), 587–604. https://doi.org/10.1111/j.1468-2958.2002.tb00826.x",
    ),
)

DECISIONS = {"reliable": "reliable", "tentative": "tentative", "unreliable": "drop", "undefined": _DASH}


def categories(codebook: Codebook, line: VariableReliability) -> int | None:
    """Categories a line's values fall into, as alpha sees them: an option is chosen or not (2); a
    choice variable has its choices less its declared missing codes; a number has none (None)."""
    if line.option is not None:
        return 2
    variable = codebook.get(line.variable)
    if variable is None or variable.kind is not Kind.SINGLE:
        return None
    return sum(1 for c in variable.choices if not variable.is_missing_code(c.code))


def table_row(codebook: Codebook, line: VariableReliability) -> tuple[str, ...]:
    """One row of the table: variable, level, categories, units, pairable values, coders,
    % agreement, alpha, 95% CI, q(alpha < .800), decision."""
    cats = categories(codebook, line)
    ci = f"[{apa_number(line.ci95[0])}, {apa_number(line.ci95[1])}]" if line.ci95 is not None else _DASH
    q = (line.q or {}).get(_Q_KEY)
    agreement = _DASH if line.percent_agreement is None else f"{100 * line.percent_agreement:.1f}"
    return (
        line.name,
        line.level.value,
        _DASH if cats is None else str(cats),
        str(line.units),
        str(line.pairable_values),
        str(line.coders),
        agreement,
        apa_number(line.alpha),
        ci,
        apa_number(q),
        DECISIONS[line.status],
    )


_HEADER: tuple[Text, ...] = (
    _text("Variable"),
    _text("Level"),
    _text("Categories"),
    _text("Units"),
    _text("Pairable values"),
    _text("Coders"),
    _text("% agreement"),
    _text(_i("α")),
    _text("95% CI"),
    _text(_i("q"), "(", _i("α"), " < .800)"),
    _text("Decision"),
)


def methods_section(
    report: ReliabilityReport,
    codebook: Codebook,
    counts: CodingCounts,
    facts: StudyFacts,
    *,
    version: str,
) -> MethodsSection:
    """The section for ``report`` (bootstrapped: the section always gives intervals), computed on
    ``codebook``, with the codings' ``counts`` and the project's recorded ``facts``."""
    if report.bootstrap_replicates <= 0:
        raise ValueError(
            "the methods section reports bootstrap intervals: compute the report with a bootstrap"
        )
    paragraphs = [
        _sample_paragraph(counts, facts),
        _coefficient_paragraph(report, version),
        _results_paragraph(report),
    ]
    if facts.rounds:
        paragraphs.append(_rounds_paragraph(facts.rounds))
    paragraphs.append(_disagreements_paragraph(counts))
    table = MethodsTable(
        caption=_text(_i("Krippendorff's alpha per variable, with 95% confidence intervals")),
        header=_HEADER,
        rows=tuple(table_row(codebook, line) for line in report.variables),
        notes=_table_notes(report),
    )
    return MethodsSection(
        "Intercoder reliability", tuple(_rstrip(p) for p in paragraphs if p), table, REFERENCES
    )


def _rstrip(text: Text) -> Text:
    """Sentences are built with a space after each; the paragraph ends at its last full stop."""
    last = text[-1]
    return (*text[:-1], Span(last.text.rstrip(), last.italic))


def _sample_paragraph(counts: CodingCounts, facts: StudyFacts) -> Text:
    coders = sorted(counts.coders.values(), key=str.casefold)
    n_coders, docs = len(coders), counts.documents
    if n_coders == 0:
        return _text(f"No coder has coded any of the {docs:,} documents yet.")
    coded, by_two, by_all = (counts.coded_by_at_least(k) for k in (1, 2, n_coders))
    which = f"the {docs:,} documents" if coded == docs else f"{coded:,} of the {docs:,} documents"
    out = [f"{_plural(n_coders, 'coder').capitalize()} ({_names(coders)}) coded {which} of the study. "]
    design = facts.design
    if design is not None and design.overlap is None:
        out.append("Every coder was assigned every document. ")
    elif design is not None:
        seed = f", drawn with seed {design.seed}" if design.seed is not None else ""
        out.append(
            f"The reliability sample was a random {design.overlap:.0%} of the documents{seed}, "
            "assigned to every coder; the other documents were divided among the coders. "
        )
    all_of = "both coders" if n_coders == 2 else f"all {_count(n_coders)} coders"
    if n_coders >= 2 and by_all == by_two:
        out.append(
            f"Reliability was assessed on the {by_two:,} documents ({_percent(by_two, docs)}) that "
            f"{all_of} coded. "
        )
    elif n_coders >= 2:
        out.append(
            f"Reliability was assessed on the {by_two:,} documents ({_percent(by_two, docs)}) that two "
            f"or more coders coded; {by_all:,} of them were coded by {all_of}. "
        )
    out.append(_blindness(counts))
    return _text(*out)


def _blindness(counts: CodingCounts) -> str:
    package = (
        "in their own ictool coder package, a file that holds the codebook, the coder's documents and "
        "only that coder's codings, so no coder could see another's values"
    )
    if counts.codings and counts.in_packages == counts.codings:
        return f"Coding was blind and independent: each coder coded {package}."
    if counts.in_packages:
        direct = counts.codings - counts.in_packages
        return (
            f"Of the {counts.codings:,} coder × document codings, {counts.in_packages:,} were made blind and "
            f"independently, each coder {package}; the other {direct:,} were entered into the project "
            "file directly, for which ictool cannot attest blind coding."
        )
    return (
        "The codings were entered into the project file directly rather than through ictool's coder "
        "packages, so the software cannot attest that coding was blind."
    )


def _coefficient_paragraph(report: ReliabilityReport, version: str) -> Text:
    levels = sorted({line.level.value for line in report.variables}, key=_LEVEL_ORDER.index)
    options = any(line.option is not None for line in report.variables)
    return _text(
        "Agreement was assessed with Krippendorff's alpha (",
        _i("α"),
        "; Krippendorff, 2019) at each variable's level of measurement "
        f"({_names(levels) if levels else 'none'}): alpha corrects for agreement expected by chance, "
        "applies to any number of coders and to units not coded by every coder, and weighs a "
        "disagreement by the distance its level of measurement gives it. ",
        "Each option of a multi-select variable was assessed as a binary nominal variable (chosen or not). "
        if options
        else "",
        "Values declared missing (such as “not applicable”) were excluded. The 95% confidence intervals and ",
        _i("q"),
        ", the probability that the population alpha is below .800, come from "
        f"{report.bootstrap_replicates:,} bootstrap replicates (seed {report.seed}) of the coincidences "
        "of values, as in Hayes and Krippendorff (2007). "
        f"Alpha and its intervals were computed with ictool {version}.",
    )


_LEVEL_ORDER = ["nominal", "ordinal", "interval", "ratio", "text"]


def _results_paragraph(report: ReliabilityReport) -> Text:
    lines = report.variables
    status = Counter(line.status for line in lines)
    parts: list[str | Span] = [
        "Following Krippendorff (2019), a variable with ",
        _i("α"),
        f" ≥ {apa_number(RELIABLE)} was considered reliable, one with {apa_number(TENTATIVE)} ≤ ",
        _i("α"),
        f" < {apa_number(RELIABLE)} was retained for tentative conclusions only, and one below "
        f"{apa_number(TENTATIVE)} was dropped. ",
    ]
    if not lines:
        return _text(*parts, "No variable could be assessed.")
    parts.append(
        f"Of the {len(lines)} alphas in Table 1, {status['reliable']} reached .800, "
        f"{status['tentative']} reached .667 only, "
        f"{'and ' if status['undefined'] == 0 else ''}{status['unreliable']} fell below .667"
    )
    undefined = [line for line in lines if line.alpha is None]
    if undefined:
        parts.append(
            f", and alpha was undefined for {len(undefined)} "
            f"({_names([line.name for line in undefined])}; see the note to the table)"
        )
    parts.append(". ")
    return _text(*parts)


def _rounds_paragraph(rounds: Sequence[RoundFact]) -> Text:
    listed = _names([f"{r.name} ({r.documents:,} document{'' if r.documents == 1 else 's'})" for r in rounds])
    if len(rounds) == 1:
        return _text(f"The documents were coded in one round: {listed}.")
    return _text(f"The documents were coded in {_plural(len(rounds), 'round')}, in this order: {listed}.")


def _disagreements_paragraph(counts: CodingCounts) -> Text:
    n = counts.disagreements
    if n == 0:
        return _text("The coders' values agreed on every document and variable coded by two or more coders.")
    out = [
        f"The coders' values differed on {_plural(n, 'document × variable cell')} (a declared missing "
        "code against an answer counts as a difference; free-text variables are not compared). "
    ]
    resolved = counts.resolved
    if resolved == 0:
        out.append("None has been resolved yet.")
    else:
        by = _names(sorted(counts.resolved_by, key=str.casefold))
        if counts.noted == resolved:
            noted = " with a note"
        elif counts.noted == 0:
            noted = ""
        else:
            noted = f" (with a note on {counts.noted} of them)"
        out.append(
            f"{_plural(resolved, 'disagreement').capitalize()} {'was' if resolved == 1 else 'were'} "
            f"resolved by the lead ({by}), who set the final value{'' if resolved == 1 else ' of each'}"
            f"{noted}, beside the coders' values, which stay unchanged; every decision is recorded "
            "with who and when in the project's audit trail. "
        )
        rest = n - resolved
        out.append(
            "None remains unresolved."
            if rest == 0
            else f"{_plural(rest, 'disagreement').capitalize()} {'remains' if rest == 1 else 'remain'} "
            "unresolved."
        )
    return _text(*out)


def _table_notes(report: ReliabilityReport) -> tuple[Text, ...]:
    notes = [
        _text(
            _i("Note."),
            " Units: documents in which two or more coders coded the variable. Pairable values: the "
            "values of those units alpha counts (declared missing codes excluded). ",
            "Multi-select variables: one row per option (variable=code), chosen or not. "
            if any(line.option is not None for line in report.variables)
            else "",
            "95% CI and ",
            _i("q"),
            f": {report.bootstrap_replicates:,} bootstrap replicates, seed {report.seed} (Hayes & "
            "Krippendorff, 2007). Decision: reliable, ",
            _i("α"),
            " ≥ .800; tentative, .667 ≤ ",
            _i("α"),
            " < .800; drop, ",
            _i("α"),
            " < .667. Categories: — for a number.",
        )
    ]
    for line in report.variables:
        if line.alpha is None:
            notes.append(_text(_i("α"), f" undefined for {line.name}: {line.undefined_reason}."))
    return tuple(notes)
