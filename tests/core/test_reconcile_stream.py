"""The final dataset and the queue read a document at a time are those of the whole project in memory."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.codebook.export import write_codebook_csv
from ictool.core.codebook.model import Codebook
from ictool.core.project import Project
from ictool.core.reconcile import DocumentCells, disagreements, final_dataset, open_stream, set_resolution
from ictool.core.reconcile.final import FinalRows
from ictool.core.setup.codebook_update import update_codebook
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from tests.core import oracles


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


def test_streamed_final_dataset_is_the_whole_projects(varied: Project) -> None:
    streamed = final_dataset(varied)
    assert streamed.variables == tuple(varied.codebook)
    assert streamed.documents == tuple(varied.documents())
    assert repr(streamed.rows) == repr(tuple(oracles.final_rows(varied)))  # repr: 30 ≠ 30.0


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"unresolved_only": True},
        {"sort": ("status", "document")},
        {"sort": ("document",), "variable": "gender"},
    ],
)
def test_streamed_queue_is_the_whole_projects(varied: Project, options: dict[str, object]) -> None:
    streamed = disagreements(varied, **options)  # type: ignore[arg-type]
    assert streamed == oracles.disagreement_queue(varied, **options)  # type: ignore[arg-type]
    assert streamed  # the fixture has disagreements of every kind


def test_records_come_in_document_then_coder_order(varied: Project) -> None:
    """Document, coder name (case-insensitive), then store order: what the reliability report reads."""
    with open_stream(varied) as stream:
        streamed = [r for d in stream.documents() for r in d.records]
    assert repr(streamed) == repr(oracles.codings_in_stream_order(varied))
    fifth = varied.documents()[4].uuid
    coders = [r.coder for r in streamed if r.document_uuid == fifth]
    assert list(dict.fromkeys(coders)) == ["Amira", "Jonas", "lee"]


def test_equal_final_cells_are_shared_but_keep_their_type(varied: Project) -> None:
    """The store keeps 30.0 as 30, but hand-made codings may hold both: each keeps its type."""
    age, second = var(varied, "age_join"), varied.documents()[1].uuid
    with open_stream(varied) as stream:
        documents = [
            DocumentCells(
                d.document,
                d.position,
                [
                    r._replace(value=30.0) if (r.variable_uuid, r.document_uuid) == (age, second) else r
                    for r in d.records
                ],
                d.resolutions,
            )
            for d in stream.documents()
        ]
    final = FinalRows(tuple(varied.codebook)).read(documents)
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
