"""The methods section: every number it states is the project's, and its three renderings agree.

On the demo (12 documents, three coders, every coder assigned every document, 115 disagreements, none
resolved): the Markdown table has the report's lines, row for row; the paragraph's counts are those of
the project and change when the data change; the .docx and the xlsx sheet read back with their own
libraries and hold the same table.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest

from ictool import __version__
from ictool.core.codebook.model import Codebook
from ictool.core.demo.build import build_demo
from ictool.core.export import export_project
from ictool.core.export.methods import (
    MINUS,
    CodingCounts,
    MethodsSection,
    RoundFact,
    StudyFacts,
    apa_number,
    methods_section,
    read_counts,
    read_methods,
    sample_design,
    study_facts,
)
from ictool.core.export.methods_output import methods_table, plain, to_markdown, write_methods
from ictool.core.project import Project
from ictool.core.reconcile import disagreements, set_resolution
from ictool.core.reliability import ReliabilityReport
from ictool.core.reliability.from_project import project_reliability
from ictool.core.rounds.membership import add_to_round
from ictool.core.team.assign import assign

REPLICATES = 200  # enough to have intervals; the bootstrap's own tests check its numbers


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("methods") / "demo.ictool")


@pytest.fixture(scope="module")
def demo_report(demo_path: Path) -> ReliabilityReport:
    with Project.open(demo_path, readonly=True) as project:
        return project_reliability(project, bootstrap=REPLICATES)


def section_of(path: Path, report: ReliabilityReport) -> MethodsSection:
    with Project.open(path, readonly=True) as project:
        return read_methods(project, report, version=__version__)


def paragraphs(section: MethodsSection) -> str:
    return "\n".join(plain(p) for p in section.paragraphs)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.743, ".743"),
        (-0.029, f"{MINUS}.029"),
        (1.0, "1.000"),
        (0.0, ".000"),
        (None, "—"),
        (-1.0, f"{MINUS}1.000"),
        (-0.0001, ".000"),  # rounds to zero: no sign
        (0.9996, "1.000"),
    ],
)
def test_alpha_in_apa_style(value: float | None, text: str) -> None:
    assert apa_number(value) == text


def markdown_rows(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[cell.strip().replace("\\", "") for cell in line.strip("|").split(" | ")] for line in lines[1:]]


def test_the_markdown_table_has_the_reports_lines(demo_path: Path, demo_report: ReliabilityReport) -> None:
    markdown = to_markdown(section_of(demo_path, demo_report))
    rows = markdown_rows(markdown)
    assert [r[0] for r in rows] == [line.name for line in demo_report.variables]
    for row, line in zip(rows, demo_report.variables, strict=True):
        assert row[1] == line.level.value
        assert row[3:6] == [str(line.units), str(line.pairable_values), str(line.coders)]
        assert row[7] == apa_number(line.alpha)
        if line.ci95 is not None:
            assert row[8] == f"[{apa_number(line.ci95[0])}, {apa_number(line.ci95[1])}]"
        decision = {"reliable": "reliable", "tentative": "tentative", "unreliable": "drop"}
        assert row[10] == decision.get(line.status, "—")
    by_name = {r[0]: r for r in rows}
    assert by_name["motivations=10"][7] == f"{MINUS}.029"  # a true minus sign
    assert by_name["country"][7] == "1.000"
    assert by_name["motivations=3"][7] == ".000"
    assert by_name["motivations=7"][7] == "—"  # undefined: said in a note
    assert "α* undefined for motivations=7: no variation" in markdown
    assert by_name["gender"][2] == "3" and by_name["age_joining"][2] == "—"
    assert by_name["motivations=1"][2] == "2"  # an option: chosen or not


def test_every_number_in_the_paragraph_is_the_projects(
    demo_path: Path, demo_report: ReliabilityReport
) -> None:
    text = paragraphs(section_of(demo_path, demo_report))
    with Project.open(demo_path, readonly=True) as project:
        coders = sorted(c.name for c in project.coders())
        documents = len(project.documents())
        queue = disagreements(project)
    assert f"Three coders ({coders[0]}, {coders[1]}, and {coders[2]}) coded the {documents} documents" in text
    assert "Every coder was assigned every document." in text  # the demo's assignment: no overlap
    assert f"on the {documents} documents (100%) that all three coders coded" in text
    assert f"differed on {len(queue)} document × variable cells" in text
    assert "None has been resolved yet." in text
    assert f"{REPLICATES} bootstrap replicates (seed 2007)" in text
    status = [line.status for line in demo_report.variables]
    assert (
        f"Of the {len(status)} alphas in Table 1, {status.count('reliable')} reached .800, "
        f"{status.count('tentative')} reached .667 only, {status.count('unreliable')} fell below .667, "
        f"and alpha was undefined for {status.count('undefined')}"
    ) in text
    # The demo's codings were loaded into the project, not returned in packages: no claim of blindness.
    assert "cannot attest that coding was blind" in text
    assert "rounds" not in text  # the demo has no rounds: the sentence is left out
    assert f"ictool {__version__}" in text


def test_the_paragraph_follows_the_data(tmp_path: Path, demo_report: ReliabilityReport) -> None:
    path = build_demo(tmp_path / "demo.ictool")
    before = paragraphs(section_of(path, demo_report))
    with Project.open(path, actor="Nadia") as project:
        first = disagreements(project)[0]
        set_resolution(project, first.document_uuid, first.variable.uuid, first.values[0].value, "R. says so")
        assign(project, overlap=0.5, seed=7)
        add_to_round(project, "pilot", ["INT-001", "INT-002"])
        add_to_round(project, "main", [d.doc_id for d in project.documents()[2:]])
        total = len(disagreements(project))
    after = paragraphs(section_of(path, demo_report))
    assert after != before
    assert "One disagreement was resolved by the lead (Nadia), who set the final value with a note" in after
    assert f"{total - 1} disagreements remain unresolved." in after
    assert "The reliability sample was a random 50% of the documents, drawn with seed 7" in after
    assert "coded in two rounds, in this order: pilot (2 documents) and main (10 documents)." in after


def test_notes_are_claimed_only_where_the_lead_wrote_them(
    tmp_path: Path, demo_report: ReliabilityReport
) -> None:
    path = build_demo(tmp_path / "demo.ictool")
    with Project.open(path, actor="Nadia") as project:
        items = disagreements(project)[:3]
        for item in items:
            set_resolution(project, item.document_uuid, item.variable.uuid, item.values[0].value, "")
    text = paragraphs(section_of(path, demo_report))
    assert "who set the final value of each, beside the coders' values" in text
    assert "note" not in text.split("resolved by the lead")[1].split("audit trail")[0]
    with Project.open(path, actor="Nadia") as project:
        first = items[0]
        set_resolution(project, first.document_uuid, first.variable.uuid, first.values[0].value, "R. says so")
    text = paragraphs(section_of(path, demo_report))
    assert "who set the final value of each (with a note on 1 of them), beside" in text


def test_sample_design_is_the_last_recorded_assignment() -> None:
    entries = [
        ("assign documents", "overlap=0.3, seed=7, pairs=120"),
        ("set value", "3"),
        ("assign documents", "overlap=0.25, seed=11, pairs=130"),
    ]
    design = sample_design(entries)
    assert design is not None and (design.overlap, design.seed, design.times) == (0.25, 11, 2)
    everyone = sample_design([("assign documents", "overlap=1, seed=None, pairs=36")])
    assert everyone is not None and everyone.overlap is None and everyone.seed is None
    assert sample_design([("set value", "1")]) is None


def test_blind_coding_is_claimed_only_for_values_returned_in_packages(
    demo_path: Path, demo_report: ReliabilityReport
) -> None:
    with Project.open(demo_path, readonly=True) as project:
        facts = study_facts(project)
        pairs = {(c.uuid, d.uuid) for c in project.coders() for d in project.documents()}
        packaged = read_counts(project, StudyFacts(issued=frozenset(pairs)))
        half = read_counts(project, StudyFacts(issued=frozenset(sorted(pairs)[: len(pairs) // 2])))
        codebook = project.codebook
    assert facts.issued == frozenset()  # the demo handed out no package
    blind = paragraphs(methods_section(demo_report, codebook, packaged, facts, version="x"))
    assert "Coding was blind and independent: each coder coded in their own ictool coder package" in blind
    partly = paragraphs(methods_section(demo_report, codebook, half, facts, version="x"))
    assert f"Of the {half.codings} coder × document codings, {half.in_packages} were made blind" in partly


def test_rounds_are_listed_only_when_the_project_has_them(demo_report: ReliabilityReport) -> None:
    counts = CodingCounts(documents=4)
    without = paragraphs(methods_section(demo_report, Codebook(), counts, StudyFacts(), version="x"))
    rounds = StudyFacts(rounds=(RoundFact("training", 1), RoundFact("main", 3)))
    with_rounds = paragraphs(methods_section(demo_report, Codebook(), counts, rounds, version="x"))
    assert "round" not in without
    assert "coded in two rounds, in this order: training (1 document) and main (3 documents)." in with_rounds


def test_a_report_without_intervals_is_refused(demo_path: Path) -> None:
    with Project.open(demo_path, readonly=True) as project:
        report = project_reliability(project)
        with pytest.raises(ValueError, match="bootstrap"):
            read_methods(project, report, version="x")


def test_docx_and_the_sheet_hold_the_same_table(
    demo_path: Path, demo_report: ReliabilityReport, tmp_path: Path
) -> None:
    section = section_of(demo_path, demo_report)
    out = tmp_path / "methods.docx"
    write_methods(section, out)
    document = docx.Document(str(out))
    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][:3] == ["Variable", "Level", "Categories"]
    assert [row[0] for row in cells[1:]] == [line.name for line in demo_report.variables]
    assert [row for row in cells[1:]] == [list(row) for row in section.table.rows]
    text = "\n".join(p.text for p in document.paragraphs)
    assert plain(section.paragraphs[0]) in text
    assert "Hayes, A. F., & Krippendorff, K. (2007)." in text
    italic = {run.text for p in document.paragraphs for run in p.runs if run.italic}
    assert "Communication Methods and Measures, 1" in italic

    sheet = methods_table(section)
    rows = list(sheet.rows)
    assert sheet.header[7] == "α"
    assert [r[0] for r in rows[: len(section.table.rows)]] == [line.name for line in demo_report.variables]


def test_the_export_has_a_methods_sheet(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "final.xlsx"
    with Project.open(demo_path, readonly=True) as project:
        export_project(project, out)  # no --bootstrap: the Reliability sheet has no intervals …
        report = project_reliability(project, bootstrap=1000)
    workbook = openpyxl.load_workbook(out, read_only=True)
    reliability = [c for c in next(workbook["Reliability"].iter_rows(values_only=True))]
    assert "ci95_low" not in reliability
    rows = list(workbook["Methods"].iter_rows(values_only=True))
    header, body = rows[0], rows[1 : 1 + len(report.variables)]
    assert header[:3] == ("Variable", "Level", "Categories")
    for row, line in zip(body, report.variables, strict=True):  # … the Methods sheet has them, 1,000
        assert row[0] == line.name and row[3] == line.units and row[7] == apa_number(line.alpha)
        if line.ci95 is not None:
            assert row[8] == f"[{apa_number(line.ci95[0])}, {apa_number(line.ci95[1])}]"
    texts = [str(r[0]) for r in rows if r[0] is not None]
    assert any(t.startswith("Three coders (Amira, Jonas, and Lena) coded the 12 documents") for t in texts)
    assert any("1,000 bootstrap replicates (seed 2007)" in t for t in texts)
    assert any(re.match(r"Lombard, M\., Snyder-Duch, J\., & Bracken", t) for t in texts)


def test_a_retest_identity_is_not_counted_as_a_coder(demo_path: Path, demo_report: ReliabilityReport) -> None:
    with Project.open(demo_path, readonly=True) as project:
        lena = project.coder("Lena").uuid
        counts = read_counts(project, StudyFacts(retests=frozenset({lena})))
        codebook = project.codebook
    assert sorted(counts.coders.values()) == ["Amira", "Jonas"]
    text = paragraphs(methods_section(demo_report, codebook, counts, StudyFacts(), version="x"))
    assert text.startswith("Two coders (Amira and Jonas) coded the 12 documents")
    assert "that both coders coded" in text


def test_the_design_is_the_last_assignment_among_every_audit_entry(demo_path: Path, tmp_path: Path) -> None:
    """Found by its action alone, however many other entries there are (a merge audits every value)."""
    from ictool.core.store import audit_repo

    path = tmp_path / "long-audit.ictool"
    path.write_bytes(demo_path.read_bytes())
    with Project.open(path) as project:
        before = study_facts(project).design
        with project.transaction():
            for i in range(3000):
                project.audit("set value", new=f"overlap=0.9, seed={i}")  # not an assignment: ignored
            project.audit("assign documents", new="overlap=0.25, seed=11, pairs=9")
        assert audit_repo.count(project.db) > 3000
        design = study_facts(project).design
    assert design is not None and (design.overlap, design.seed) == (0.25, 11)
    assert before is None or design.times == before.times + 1
