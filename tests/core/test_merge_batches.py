"""Merging at scale: validation of each distinct answer once and writes in batches lose no guarantee.

A merge validates each distinct (variable, value text) once and reuses the verdict, and writes values
and audit entries many rows to a statement. These cases check what that could break: a value that
is valid for one variable but not for another, a bad value deep in a large package, the same bad value
in two documents, the order of the audit, and rows that span several statements.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.coding import ValueChange
from ictool.core.project import CoderPackage, Project
from ictool.core.store import audit_repo
from ictool.core.store.batches import insert_rows
from ictool.core.team.hand_out import hand_out
from ictool.core.team.merge import merge_packages
from tests.conftest import write_transcripts
from tests.core.test_merge_integrity import edit, refused
from tests.core.test_packages_merge import data_hash, team, var

__all__ = ["team"]

DOCUMENTS = 600


@pytest.fixture
def large(fresh_project: Project, tmp_path: Path) -> tuple[Project, Path, Path]:
    """600 documents, two coders; each package codes every document (gender 1, age at joining 50)."""
    from ictool.core.setup.coders import add_coders
    from ictool.core.setup.documents import import_documents
    from ictool.core.team.assign import assign

    p = fresh_project
    import_documents(p, write_transcripts(tmp_path / "docs", DOCUMENTS))
    add_coders(p, ["Amira", "Jonas"])
    assign(p)
    out = tmp_path / "out"
    out.mkdir()
    hand_out(p, out)
    packages = out / "Amira.ictcoder", out / "Jonas.ictcoder"
    for path in packages:
        with CoderPackage.open(path) as pkg:
            me, gender, age = pkg.owner.uuid, var(pkg, "gender"), var(pkg, "age_join")
            coding.apply(
                pkg,
                [
                    ValueChange(me, d.uuid, v, value)
                    for d in pkg.documents()
                    for v, value in ((gender, 1), (age, 50))
                ],
            )
    return p, *packages


def _tamper(package: Path, doc_id: str, project: Project, name: str, text: str) -> None:
    """Write ``text`` as the stored value of ``name`` on ``doc_id``, as an edit with sqlite3 would."""
    doc, variable = project.document(doc_id).uuid, var(project, name)
    edit(
        package,
        f"UPDATE codings SET value = '{text}' WHERE document_uuid = '{doc}' AND variable_uuid = '{variable}'",
    )


def test_a_bad_value_in_the_599th_document_refuses_the_batch(large: tuple[Project, Path, Path]) -> None:
    p, amira, jonas = large
    # 50 is a valid age at joining in every document, and not a choice of gender: each verdict is
    # the variable's own, whatever was decided for the same text elsewhere.
    _tamper(amira, "INT-599", p, "gender", "50")
    problems = refused(p, [jonas, amira], "document INT-599, variable gender")
    assert len(problems) == 1, problems


def test_the_same_bad_value_twice_is_reported_for_each_document(large: tuple[Project, Path, Path]) -> None:
    p, amira, _ = large
    for doc_id in ("INT-450", "INT-012"):
        _tamper(amira, doc_id, p, "gender", "50")
    problems = refused(p, [amira], "variable gender")
    order = {p.document(d).uuid: d for d in ("INT-450", "INT-012")}
    expected = [d for _, d in sorted(order.items())]  # problems come in the order of the stored keys
    assert [next(d for d in expected if d in problem) for problem in problems] == expected


def test_every_value_is_written_and_audited_a_document_at_a_time(large: tuple[Project, Path, Path]) -> None:
    p, amira, jonas = large
    reports = merge_packages(p, [amira, jonas])
    assert [r.added for r in reports] == [2 * DOCUMENTS, 2 * DOCUMENTS]
    amira_uuid = p.coder("Amira").uuid
    assert coding.values(p, amira_uuid, p.document("INT-599").uuid) == {
        var(p, "gender"): 1,
        var(p, "age_join"): 50,
    }
    merged = [e for e in audit_repo.entries(p.db) if e.action == "merge value" and e.coder_uuid == amira_uuid]
    assert len(merged) == 2 * DOCUMENTS
    documents = [e.document_uuid for e in merged]
    assert documents == sorted(documents, key=documents.index)  # each document's entries together
    assert all(e.actor == "lead" and e.new in ("1", "50") and e.old is None for e in merged)
    before = data_hash(p.path)
    assert all(r.already_merged for r in merge_packages(p, [amira, jonas]))
    assert data_hash(p.path) == before


def test_rows_spanning_several_statements_are_all_written_in_order(tmp_path: Path) -> None:
    from ictool.core.store.database import Database

    db = Database(sqlite3.connect(tmp_path / "rows.db"))
    db.execute("CREATE TABLE t (n INTEGER, word TEXT)")
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 7)  # three rows of two to a statement
    rows = [(i, f"w{i}") for i in range(10)]
    insert_rows(db, "INSERT INTO t (n, word)", rows, 2)
    assert db.execute("SELECT n, word FROM t ORDER BY rowid").fetchall() == rows
    insert_rows(db, "INSERT INTO t (n, word)", [], 2)
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 10


def test_the_audit_says_what_each_merge_changed_in_order(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira").uuid, p.documents()[0].uuid
    gender = var(p, "gender")
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira, doc, gender, 1)
        ev = coding.add_evidence(pkg, amira, doc, gender, 0, 5)
        coding.set_memo(pkg, amira, doc, "her memo")
        coding.set_status(pkg, amira, doc, "done")
    span = f"0-5: {ev.quote}"
    seen = audit_repo.count(p.db)
    merge_packages(p, [amira_pkg])
    merged = [e for e in audit_repo.entries(p.db) if e.id > seen]
    assert [
        (e.action, e.coder_uuid, e.document_uuid, e.variable_uuid, e.old, e.new) for e in merged[:-1]
    ] == [
        ("merge value", amira, doc, gender, None, "1"),
        ("merge evidence added", amira, doc, gender, None, span),
        ("merge memo", amira, doc, None, None, "her memo"),
        ("merge status", amira, doc, None, None, "done"),
    ]
    assert merged[-1].action == "merge package"
    assert all(e.actor == "lead" and e.origin == "merged" for e in merged)
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira, doc, gender, 2)
        coding.remove_evidence(pkg, ev.uuid)
        coding.set_memo(pkg, amira, doc, "")
    seen = audit_repo.count(p.db)
    merge_packages(p, [amira_pkg])
    merged = [e for e in audit_repo.entries(p.db) if e.id > seen]
    assert [(e.action, e.variable_uuid, e.old, e.new) for e in merged[:-1]] == [
        ("merge value", gender, "1", "2"),
        ("merge evidence removed", gender, span, None),
        ("merge memo", None, "her memo", None),
    ]
