"""Exports read the codings once, a document at a time: the same sheets and reliability as the whole
project read at once. (Their memory is measured by tests/bench/bench_export.py.)"""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest

from ictool.core import coding
from ictool.core.codebook.export import write_codebook_csv
from ictool.core.codebook.model import Category, Codebook, Level, Value, Variable
from ictool.core.coding import ValueChange
from ictool.core.export import export_project
from ictool.core.export.context_sheets import (
    DisagreementRows,
    coder_names,
    disagreements_table,
    reliability_table,
)
from ictool.core.project import Project
from ictool.core.reconcile import disagreements, set_resolution
from ictool.core.reliability import ReliabilityInput, reliability_report
from ictool.core.setup.codebook_update import update_codebook
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from tests.core import oracles

WORDS = ["we", "left", "because", "money", "fear", "the", "group", "قال", "🙂"]


def codebook(n: int) -> Codebook:
    """Single choice with a missing code, multi-select, ordinal, ratio, text: every scored kind."""
    variables = []
    for i in range(n):
        kind = i % 5
        choices = tuple(Category(c, f"Option {c}") for c in (1, 2, 3))
        if kind == 0:
            variables.append(
                Variable(f"c{i}", Level.NOMINAL, choices=(*choices, Category(9, "Not said")), missing=(9,))
            )
        elif kind == 1:
            variables.append(Variable(f"m{i}", Level.NOMINAL, choices=choices, multiple=True))
        elif kind == 2:
            variables.append(Variable(f"o{i}", Level.ORDINAL, choices=choices))
        elif kind == 3:
            variables.append(Variable(f"n{i}", Level.RATIO, minimum=0, maximum=100, missing=(999,)))
        else:
            variables.append(Variable(f"t{i}", Level.TEXT))
    return Codebook(tuple(variables))


def draw(var: Variable, rng: random.Random) -> Value:
    kind = var.kind.value
    if kind == "single":
        return rng.choice(var.choices).code
    if kind == "multi":
        return tuple(c.code for c in var.choices if rng.random() < 0.4)
    if kind == "number":
        return rng.choice((17, 18, 19, 999, 20.5))
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))


def build(folder: Path, docs: int, variables: int = 15, seed: int = 1) -> Project:
    """``docs`` documents, three coders with mostly shared values; some cells coded by one coder only."""
    rng = random.Random(seed)
    (folder / "docs").mkdir(parents=True)
    files = []
    for d in range(docs):
        path = folder / "docs" / f"D{d:04d}.txt"
        path.write_text(
            f"I: Tell me.\nR: {' '.join(rng.choice(WORDS) for _ in range(30))}\n", encoding="utf-8"
        )
        files.append(path)
    p = Project.create(folder / "study.ictool", codebook(variables), title="Stream", actor="Lead")
    import_documents(p, files)
    coders = add_coders(p, ["Amira", "jonas", "Lee"])
    assign(p)
    changes = []
    for doc in p.documents():
        for var in p.codebook:
            truth = draw(var, rng)
            for coder in coders:
                if rng.random() < 0.1:
                    continue  # not coded by this coder
                value = truth if rng.random() < 0.8 else draw(var, rng)
                changes.append(ValueChange(coder.uuid, doc.uuid, var.uuid, value))
    coding.apply(p, changes, origin="imported")
    return p


@pytest.fixture
def study(tmp_path: Path) -> Project:
    """Thirty documents, resolutions, evidence and memos, a retired variable, a coder who only wrote
    text on one document."""
    p = build(tmp_path, 30)
    docs = p.documents()
    amira, lee = p.coder("Amira").uuid, p.coder("Lee").uuid
    text_var = next(v for v in p.codebook if v.level is Level.TEXT)
    for var in p.codebook:
        if var.level is not Level.TEXT:
            coding.clear_value(p, lee, docs[7].uuid, var.uuid)
    coding.set_value(p, lee, docs[7].uuid, text_var.uuid, "only text here")
    for item in disagreements(p)[::3]:
        set_resolution(p, item.document_uuid, item.variable.uuid, item.values[-1].value, note="=decided")
    rng = random.Random(3)
    for doc in reversed(docs[:10]):  # added out of order: the sheets must sort them
        for var in rng.sample(list(p.codebook), 3):
            start = rng.randrange(0, 20)
            coding.add_evidence(p, rng.choice([amira, lee]), doc.uuid, var.uuid, start, start + 5)
        coding.set_memo(p, lee, doc.uuid, f"memo on {doc.doc_id}")
        coding.set_memo(p, amira, doc.uuid, "+ a formula-looking memo")
    sheet = tmp_path / "codebook.csv"
    write_codebook_csv(Codebook(tuple(v for v in p.codebook if v.name != "o2")), sheet)
    update_codebook(p, sheet, allow_remove=True)
    p.invalidate_codebook()
    return p


def test_the_reliability_sheet_is_the_report_of_every_coding(study: Project, tmp_path: Path) -> None:
    """Same numbers to the last digit, bootstrap intervals included, as the whole project at once."""
    codings = ReliabilityInput(study.codebook, oracles.codings_in_stream_order(study))
    report = reliability_report(codings, bootstrap=40, seed=7)
    expected = reliability_table(report)
    out = tmp_path / "out.xlsx"
    export_project(study, out, bootstrap=40, seed=7)
    rows = list(openpyxl.load_workbook(out, read_only=True)["Reliability"].iter_rows(values_only=True))
    assert rows[0] == expected.header
    assert rows[1:] == [tuple(row) for row in expected.rows]
    assert report.coders["Lee"]["documents"] == 30  # the text-only document counts


def test_the_disagreements_sheet_lists_the_queue_by_variable(study: Project) -> None:
    items = disagreements(study)  # by variable, then document
    expected = disagreements_table(items, coder_names(items))
    rows = DisagreementRows(["Amira", "jonas", "Lee", "Nobody"])
    for item in sorted(items, key=lambda d: (d.document_position, d.variable_position)):
        rows.add(item)  # as the export finds them: a document at a time
    table = rows.table()
    assert (rows.count, rows.resolved) == (len(items), sum(1 for d in items if d.resolution))
    assert table.header == expected.header  # no columns for a coder without values
    assert [list(row) for row in table.rows] == [list(row) for row in expected.rows]


def test_evidence_and_memos_sheets_are_sorted_a_document_at_a_time(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    export_project(study, out)
    book = openpyxl.load_workbook(out, read_only=True)
    documents = {d.doc_id: i for i, d in enumerate(study.documents())}
    variables = {v.name: i for i, v in enumerate(study.full_codebook())}
    evidence = list(book["Evidence"].iter_rows(min_row=2, values_only=True))
    assert len(evidence) == 30
    keys = [(documents[d], variables[v], str(c).casefold(), s, e) for d, v, c, _, s, e in evidence]
    assert keys == sorted(keys)
    memos = list(book["Memos"].iter_rows(min_row=2, values_only=True))
    assert [(d, c) for d, c, _ in memos] == [
        (f"D{d:04d}", coder) for d in range(10) for coder in ("Amira", "Lee")
    ]
