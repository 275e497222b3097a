"""The disagreement queue and the lead's resolutions, built through the core API."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.codebook.export import write_codebook_csv
from ictool.core.codebook.model import Codebook
from ictool.core.errors import UserError, ValidationError
from ictool.core.project import Project
from ictool.core.reconcile import (
    clear_resolution,
    disagreements,
    get_resolution,
    set_resolution,
)
from ictool.core.setup.codebook_update import update_codebook
from ictool.core.store import audit_repo


def var(p: Project, name: str) -> str:
    v = p.codebook.get(name)
    assert v is not None
    return v.uuid


@pytest.fixture
def coded(populated_project: Project) -> Project:
    """Amira and Jonas: some agreements, each kind of disagreement, a memo and evidence."""
    p = populated_project
    a, j = p.coder("Amira").uuid, p.coder("Jonas").uuid
    d1, d2, d3 = (d.uuid for d in p.documents())
    s = functools.partial(coding.set_value, p)
    s(a, d1, var(p, "gender"), 1)
    s(j, d1, var(p, "gender"), 2)  # plain disagreement
    s(a, d2, var(p, "gender"), 9)
    s(j, d2, var(p, "gender"), 1)  # missing code against a value: a disagreement
    s(a, d3, var(p, "gender"), 2)
    s(j, d3, var(p, "gender"), 2)  # agreed
    s(a, d1, var(p, "motives"), (3, 1))
    s(j, d1, var(p, "motives"), [1, 3])  # same set, other order: agreed
    s(a, d2, var(p, "motives"), ())
    s(j, d2, var(p, "motives"), (2,))  # empty set is a value: disagreement
    s(a, d1, var(p, "age_join"), 30)
    s(j, d1, var(p, "age_join"), 30.0)  # equal numbers
    s(a, d2, var(p, "age_join"), 25)  # single-coded
    s(a, d1, var(p, "memo"), "I left")
    s(j, d1, var(p, "memo"), "I quit")  # text: never a disagreement
    text = p.text(d1)
    start = text.index("respondent")
    coding.add_evidence(p, a, d1, var(p, "gender"), start, start + len("respondent 1"))
    coding.set_memo(p, j, d1, "Unsure about gender")
    return p


def test_queue_holds_exactly_the_disagreements(coded: Project) -> None:
    items = disagreements(coded)
    got = [(d.document, d.variable.name) for d in items]
    # Sorted by variable (codebook order), then document (project order).
    assert got == [("INT-001", "gender"), ("INT-002", "gender"), ("INT-002", "motives")]
    first = items[0]
    assert [(v.coder, v.value) for v in first.values] == [("Amira", 1), ("Jonas", 2)]
    assert [first.label(v.value) for v in first.values] == ["Woman", "Man"]
    assert [(q.coder, q.quote) for q in first.evidence] == [("Amira", "respondent 1")]
    assert first.memos == (("Jonas", "Unsure about gender"),)
    assert first.status == "unresolved" and first.resolution is None


def test_queue_json_is_plain_json(coded: Project) -> None:
    item = disagreements(coded, variable="MOTIVES")[0]
    data = json.loads(json.dumps(item.to_json_dict()))
    assert data["values"] == {"Amira": [], "Jonas": [2]}
    assert data["labels"] == {"Amira": "[]", "Jonas": "Belonging"}
    assert data["status"] == "unresolved" and data["resolution"] is None


def test_queue_filters_and_sorts(coded: Project) -> None:
    d2 = coded.documents()[1].uuid
    set_resolution(coded, d2, var(coded, "gender"), 1, note="checked the tape")
    by_status = disagreements(coded, sort=("status",))
    assert [d.status for d in by_status] == ["unresolved", "unresolved", "resolved"]
    by_doc = disagreements(coded, sort=("document",))
    assert [(d.document, d.variable.name) for d in by_doc][:2] == [
        ("INT-001", "gender"),
        ("INT-002", "gender"),
    ]
    open_items = disagreements(coded, unresolved_only=True)
    assert [(d.document, d.variable.name) for d in open_items] == [
        ("INT-001", "gender"),
        ("INT-002", "motives"),
    ]
    with pytest.raises(UserError, match="no variable named 'nope'"):
        disagreements(coded, variable="nope")
    with pytest.raises(UserError, match="cannot sort by coder"):
        disagreements(coded, sort=("coder",))


def test_resolution_set_change_clear_is_audited_and_keeps_codings(coded: Project) -> None:
    p = coded
    coded.actor = "Lead"
    d1 = p.documents()[0].uuid
    g = var(p, "gender")
    before = {(r.coder, r.document, r.variable_uuid): r.value for r in coding.all_values(p)}
    first = set_resolution(p, d1, g, 2, note='  =HYPERLINK("x")  ')
    assert first.changed and first.previous is None
    res = get_resolution(p, d1, g)
    assert res is not None and res.value == 2 and res.note == '=HYPERLINK("x")'
    assert res.resolved_by == "Lead" and res.resolved_at
    assert set_resolution(p, d1, g, 2, note='=HYPERLINK("x")').changed is False
    second = set_resolution(p, d1, g, 1, note="")
    assert second.previous == res and second.resolution.value == 1
    assert clear_resolution(p, d1, g) is not None
    assert clear_resolution(p, d1, g) is None
    assert get_resolution(p, d1, g) is None
    after = {(r.coder, r.document, r.variable_uuid): r.value for r in coding.all_values(p)}
    assert after == before
    trail = [e for e in audit_repo.entries(p.db, document=d1, variable=g) if e.origin == "resolved"]
    assert [e.action for e in trail] == ["set resolution", "change resolution", "clear resolution"]
    assert [e.actor for e in trail] == ["Lead"] * 3
    assert trail[0].old is None and json.loads(trail[0].new or "") == {"value": 2, "note": '=HYPERLINK("x")'}
    assert json.loads(trail[1].old or "") == {"value": 2, "note": '=HYPERLINK("x")'}
    assert json.loads(trail[1].new or "") == {"value": 1, "note": ""}
    assert json.loads(trail[2].old or "") == {"value": 1, "note": ""} and trail[2].new is None


def test_resolution_validates_and_writes_nothing_when_invalid(coded: Project) -> None:
    d1 = coded.documents()[0].uuid
    count = audit_repo.count(coded.db)
    with pytest.raises(ValidationError, match="not a choice"):
        set_resolution(coded, d1, var(coded, "gender"), 7)
    with pytest.raises(ValidationError, match="outside the range"):
        set_resolution(coded, d1, var(coded, "age_join"), 200)
    with pytest.raises(UserError, match="no document"):
        set_resolution(coded, "no-such-doc", var(coded, "gender"), 1)
    assert audit_repo.count(coded.db) == count
    # Any cell may be resolved: also one nobody disagrees on, or nobody coded.
    set_resolution(coded, d1, var(coded, "disillusion"), 3)
    set_resolution(coded, d1, var(coded, "motives"), [2, 1])
    res = get_resolution(coded, d1, var(coded, "motives"))
    assert res is not None and res.value == (1, 2)


def test_retired_variable_leaves_the_queue_and_cannot_be_resolved(coded: Project, tmp_path: Path) -> None:
    d2 = coded.documents()[1].uuid
    motives = var(coded, "motives")
    set_resolution(coded, d2, motives, (1,))
    sheet = tmp_path / "cb.csv"
    write_codebook_csv(Codebook(tuple(v for v in coded.codebook if v.name != "motives")), sheet)
    update_codebook(coded, sheet, allow_remove=True)
    coded.invalidate_codebook()
    assert all(d.variable.name != "motives" for d in disagreements(coded))
    with pytest.raises(UserError, match="not in the current codebook"):
        set_resolution(coded, d2, motives, (1,))
    # A resolution made before the variable was retired can still be cleared.
    assert clear_resolution(coded, d2, motives) is not None


def test_queue_from_the_final_rows_is_the_same_queue(coded: Project) -> None:
    """The export finds the queue from each document's final row (fewer comparisons): same items."""
    from ictool.core.reconcile import open_stream
    from ictool.core.reconcile.final import FinalRows
    from ictool.core.reconcile.queue import DocumentQueue

    d1, d3 = coded.documents()[0].uuid, coded.documents()[2].uuid
    set_resolution(coded, d1, var(coded, "gender"), 1)  # a resolved disagreement
    set_resolution(coded, d3, var(coded, "gender"), 1)  # overrules an agreement: not a disagreement
    with open_stream(coded) as stream:
        final = FinalRows(tuple(stream.outline.codebook))
        queue = DocumentQueue(stream.outline, final.variables, stream.context)
        from_final = [
            item for doc in stream.documents() for item in queue.items(doc, final_row=final.add(doc))
        ]
    plain = disagreements(coded)
    assert from_final == plain
    assert [(d.document, d.variable.name, d.status) for d in plain] == [
        ("INT-001", "gender", "resolved"),
        ("INT-002", "gender", "unresolved"),
        ("INT-002", "motives", "unresolved"),
    ]
