"""The final dataset and the queue read a document at a time are exactly those of the whole snapshot."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.codebook.export import write_codebook_csv
from ictool.core.codebook.model import Codebook
from ictool.core.project import Project
from ictool.core.reconcile import (
    build_final,
    disagreements,
    final_dataset,
    find_disagreements,
    load_project_data,
    set_resolution,
)
from ictool.core.reconcile.final import FinalRows
from ictool.core.reconcile.reader import read_project, snapshot_documents
from ictool.core.setup.codebook_update import update_codebook
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign


def transcripts(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.txt").write_text(f"I: Tell me.\nR: I am {name}, and I left.\n", encoding="utf-8")
    return [folder / f"{name}.txt" for name in names]


def var(p: Project, name: str) -> str:
    v = p.codebook.get(name)
    assert v is not None
    return v.uuid


@pytest.fixture
def varied(populated_project: Project, tmp_path: Path) -> Project:
    """Three coders on six documents: every final status, resolutions, scrambled evidence, memos,
    a coder who only wrote text, and a retired variable."""
    p = populated_project
    import_documents(p, transcripts(tmp_path / "more", ["INT-004", "INT-005", "INT-006"]))
    add_coders(p, ["lee"])  # lower case: name order is case-insensitive
    assign(p)
    p.actor = "Lead"
    a, j, lee = (p.coder(n).uuid for n in ("Amira", "Jonas", "lee"))
    docs = [d.uuid for d in p.documents()]
    s = functools.partial(coding.set_value, p)
    for i, doc in enumerate(docs):
        s(a, doc, var(p, "gender"), 1)
        s(j, doc, var(p, "gender"), 1 if i % 2 else 2)
        s(a, doc, var(p, "age_join"), 30)
        s(lee, doc, var(p, "age_join"), 30 if i % 3 else 31.5)
        s(a, doc, var(p, "motives"), (1, 3) if i % 2 else ())
        s(j, doc, var(p, "motives"), (3, 1))
        s(a, doc, var(p, "disillusion"), 1 + i % 4)
        s(j, doc, var(p, "disillusion"), 2)
    s(lee, docs[4], var(p, "memo"), "only text from lee")
    s(a, docs[4], var(p, "memo"), "and from Amira")
    s(j, docs[5], var(p, "memo"), "and from Amira")
    s(a, docs[5], var(p, "memo"), " and from Amira ")
    set_resolution(p, docs[0], var(p, "gender"), 2, note="listened again")
    set_resolution(p, docs[1], var(p, "gender"), 2, note="overrules an agreement")
    set_resolution(p, docs[2], var(p, "motives"), (2,))
    text = p.text(docs[3])
    for coder, variable, start in [(j, "gender", 9), (a, "motives", 2), (a, "gender", 5), (lee, "gender", 0)]:
        coding.add_evidence(p, coder, docs[3], var(p, variable), start, start + 4)
    coding.add_evidence(p, j, docs[0], var(p, "gender"), 1, len(text) - 1)
    coding.set_memo(p, lee, docs[3], "lee's memo")
    coding.set_memo(p, a, docs[3], "Amira's memo")
    sheet = tmp_path / "codebook.csv"
    write_codebook_csv(Codebook(tuple(v for v in p.codebook if v.name != "disillusion")), sheet)
    update_codebook(p, sheet, allow_remove=True)
    p.invalidate_codebook()
    return p


def test_streamed_final_dataset_is_the_snapshots(varied: Project) -> None:
    streamed = final_dataset(varied)
    whole = build_final(load_project_data(varied))
    assert streamed.variables == whole.variables
    assert streamed.documents == whole.documents
    assert repr(streamed.rows) == repr(whole.rows)  # repr: 30 and 30.0 must stay what they were


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"unresolved_only": True},
        {"sort": ("status", "document")},
        {"sort": ("document",), "variable": "gender"},
    ],
)
def test_streamed_queue_is_the_snapshots(varied: Project, options: dict[str, object]) -> None:
    streamed = disagreements(varied, **options)  # type: ignore[arg-type]
    data = load_project_data(varied)
    whole = find_disagreements(data, **options)  # type: ignore[arg-type]
    assert streamed == whole
    assert streamed  # the fixture has disagreements of every kind
    if not options:
        assert find_disagreements(data, final=build_final(data)) == whole


def test_records_come_in_snapshot_order(varied: Project) -> None:
    """Document, coder name (case-insensitive), then store order: what the reliability report reads."""
    data = load_project_data(varied)
    with read_project(varied) as reader:
        streamed = [
            (d.position, [(r.coder, r.variable_uuid, r.value, r.updated_at) for r in d.records])
            for d in reader.documents()
        ]
    whole = [
        (d.position, [(r.coder, r.variable_uuid, r.value, r.updated_at) for r in d.records])
        for d in snapshot_documents(data)
    ]
    assert repr(streamed) == repr(whole)
    assert [r.coder for r in data.codings if r.document_uuid == data.documents[4].uuid][:1] == ["Amira"]


def test_equal_final_cells_are_shared_but_keep_their_type(varied: Project) -> None:
    """The store keeps 30.0 as 30, but a hand-made snapshot may hold both: each keeps its type."""
    data = load_project_data(varied)
    age, first = var(varied, "age_join"), data.documents[1].uuid
    codings = tuple(
        replace(r, value=30.0) if (r.variable_uuid, r.document_uuid) == (age, first) else r
        for r in data.codings
    )
    data = replace(data, codings=codings)
    final = FinalRows(tuple(data.codebook)).dataset(snapshot_documents(data))
    column = [v.uuid for v in final.variables].index(age)
    cells = [row[column] for row in final.rows]
    assert [(c.status.value, c.value) for c in cells] == [
        ("unresolved", None),
        ("agreed", 30.0),
        ("agreed", 30),
        ("unresolved", None),
        ("agreed", 30),
        ("agreed", 30),
    ]
    assert [type(c.value) for c in cells[1:3]] == [float, int]
    assert cells[2] is cells[4] is cells[5]  # equal cells: one object
