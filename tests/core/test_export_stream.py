"""Exports stream the codings a document at a time: same sheets, same reliability, flat memory."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import openpyxl
import pytest

from ictool.core import coding
from ictool.core.codebook.export import write_codebook_csv
from ictool.core.codebook.model import Category, Codebook, Level, Value, Variable
from ictool.core.coding import ValueChange
from ictool.core.export import export_project
from ictool.core.export import reliability_codings as reliability_module
from ictool.core.export.context_sheets import coder_names, disagreements_table
from ictool.core.export.queue_spool import DisagreementSpool
from ictool.core.export.scan import scan_project
from ictool.core.project import Project
from ictool.core.reconcile import find_disagreements, load_project_data, set_resolution
from ictool.core.reconcile.reader import read_project
from ictool.core.reliability import reliability_report
from ictool.core.setup.codebook_update import update_codebook
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign

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
    for item in find_disagreements(load_project_data(p))[::3]:
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


@pytest.mark.parametrize("chunk_values", [1, 700, None])
def test_reliability_a_chunk_at_a_time_is_the_one_shot_report(
    study: Project, chunk_values: int | None
) -> None:
    """Same numbers to the last digit, bootstrap intervals included, whatever the chunk size."""
    data = load_project_data(study)
    expected = reliability_report(data.codebook, data.codings, bootstrap=40, seed=7).to_json_dict()
    with read_project(study) as reader, scan_project(reader, reliability=True) as scan:
        assert scan.codings is not None and len(scan.codings) == len(data.codings)
        report = scan.codings.report(bootstrap=40, seed=7, chunk_values=chunk_values)
    assert report.to_json_dict() == expected
    assert expected["coders"]["Lee"]["documents"] == 30  # the text-only document counts


def test_the_spool_gives_the_queue_in_sheet_order(study: Project) -> None:
    items = find_disagreements(load_project_data(study))
    expected = disagreements_table(items, coder_names(items))
    with DisagreementSpool(["Amira", "jonas", "Lee", "Nobody"]) as spool:
        for item in reversed(items):
            spool.add(item)
        table = spool.table()
        assert (spool.count, spool.resolved) == (len(items), sum(1 for d in items if d.resolution))
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


def test_export_memory_grows_by_bytes_per_value_not_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Peak memory of an export, 20 against 120 documents: a few bytes more per value (a reading of
    every coding into objects took about 500 bytes per value for xlsx and 230 for CSV)."""
    monkeypatch.setattr(reliability_module, "CHUNK_VALUES", 512)
    small, large = build(tmp_path / "small", 20, 30), build(tmp_path / "large", 120, 30)
    values = {p: sum(1 for _ in coding.all_values(p)) for p in (small, large)}
    for fmt, limit in (("xlsx", 150), ("csv", 60), ("sav", 60)):
        export_project(small, tmp_path / f"warm-up.{fmt}")  # first-use caches (pandas, pyreadstat)
        peaks = {}
        for p in (small, large):
            tracemalloc.start()
            try:
                export_project(p, tmp_path / f"out.{fmt}")
                peaks[p] = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
        per_value = (peaks[large] - peaks[small]) / (values[large] - values[small])
        assert per_value < limit, f"{fmt}: {per_value:.0f} bytes more per value"
