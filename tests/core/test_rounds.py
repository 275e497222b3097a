"""Rounds of coding: named sets of documents, added before or after assignment, audited, migrated in."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.rounds.membership import add_to_round, list_rounds, round_documents, set_reference
from ictool.core.store.schema import SCHEMA_VERSION, known_migration_names


def _var(p: Project, name: str) -> str:
    variable = p.codebook.get(name)
    assert variable is not None
    return variable.uuid


def test_a_round_is_created_with_its_documents_and_audited(populated_project: Project) -> None:
    p = populated_project
    docs = p.documents()
    change = add_to_round(p, "pilot", [docs[0].doc_id, docs[1].doc_id])
    assert change.created and change.added == 2 and change.round.documents == 2
    assert round_documents(p, "PILOT") == {docs[0].uuid, docs[1].uuid}
    actions = [r[0] for r in p.db.execute("SELECT action FROM audit ORDER BY id").fetchall()]
    assert actions[-3:] == ["add round", "add document to round", "add document to round"]


def test_adding_again_changes_nothing_and_rounds_keep_their_order(populated_project: Project) -> None:
    p = populated_project
    docs = p.documents()
    add_to_round(p, "pilot", [docs[0].doc_id])
    add_to_round(p, "main", [d.doc_id for d in docs])
    before = p.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    again = add_to_round(p, "Pilot", [docs[0].doc_id])
    assert not again.created and again.added == 0 and again.already == 1
    assert p.db.execute("SELECT count(*) FROM audit").fetchone()[0] == before
    assert [(r.name, r.documents) for r in list_rounds(p)] == [("pilot", 1), ("main", 3)]


def test_unknown_documents_are_all_named_and_nothing_is_written(populated_project: Project) -> None:
    p = populated_project
    with pytest.raises(UserError) as caught:
        add_to_round(p, "pilot", ["nope-1", p.documents()[0].doc_id, "nope-2"])
    assert len(caught.value.problems) == 2 and "nope-2" in caught.value.problems[1]
    assert list_rounds(p) == []


def test_an_unknown_round_names_the_known_ones(populated_project: Project) -> None:
    add_to_round(populated_project, "pilot", [populated_project.documents()[0].doc_id])
    with pytest.raises(UserError, match=r"no round named 'main' \(rounds: pilot\)"):
        round_documents(populated_project, "main")


def test_adding_a_round_changes_no_value_and_no_assignment(populated_project: Project) -> None:
    p = populated_project
    amira = p.coder("Amira")
    doc = p.documents()[0]
    coding.set_value(p, amira.uuid, doc.uuid, _var(p, "gender"), 1)
    before = (coding.all_values(p), p.assigned_documents(amira.uuid))
    add_to_round(p, "pilot", [doc.doc_id])
    assert (coding.all_values(p), p.assigned_documents(amira.uuid)) == before


def test_reference_coder_is_set_shown_and_cleared(populated_project: Project) -> None:
    p = populated_project
    add_to_round(p, "pilot", [p.documents()[0].doc_id])
    assert set_reference(p, "pilot", "jonas").reference == "Jonas"
    assert list_rounds(p)[0].reference == "Jonas"
    assert set_reference(p, "pilot", None).reference is None


def _as_format_2(path: Path) -> None:
    """Turn a current file back into what ictool wrote before rounds (format 2)."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        DROP TABLE round_documents;
        DROP TABLE rounds;
        ALTER TABLE coders DROP COLUMN retest_of;
        DELETE FROM _sqlite_migrations WHERE name = '0003_rounds';
        PRAGMA user_version = 2;
        """
    )
    conn.close()


def test_a_file_from_before_rounds_is_backed_up_and_upgraded_keeping_everything(
    populated_project: Project,
) -> None:
    p = populated_project
    path = p.path
    amira = p.coder("Amira")
    doc = p.documents()[0]
    coding.set_value(p, amira.uuid, doc.uuid, _var(p, "gender"), 2)
    values = coding.all_values(p)
    audit = p.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    p.close()
    _as_format_2(path)
    assert "0003_rounds" in known_migration_names() and SCHEMA_VERSION >= 3

    with Project.open(path, actor="lead") as upgraded:
        assert upgraded.info.schema_version == SCHEMA_VERSION
        assert coding.all_values(upgraded) == values
        assert upgraded.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit
        assert list_rounds(upgraded) == []
        add_to_round(upgraded, "pilot", [doc.doc_id])  # the new tables work
        assert round_documents(upgraded, "pilot") == {doc.uuid}
    backup = path.with_name(f"{path.name}.format2.bak")
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert "rounds" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()


def test_a_file_from_before_rounds_opened_read_only_still_reports(populated_project: Project) -> None:
    """Read-only opening does not upgrade a file (it would need writing): its report must still read."""
    from ictool.core.reliability.from_project import project_reliability

    p = populated_project
    path = p.path
    coding.set_value(p, p.coder("Amira").uuid, p.documents()[0].uuid, _var(p, "gender"), 2)
    expected = project_reliability(p).to_json_dict()
    p.close()
    _as_format_2(path)
    with Project.open(path, readonly=True) as old:
        assert old.info.schema_version == 2
        assert project_reliability(old).to_json_dict() == expected
        assert list_rounds(old) == []


def test_retest_choices_are_each_coders_coded_documents_and_their_retests(populated_project: Project) -> None:
    """What the app offers to retest: a coder's coded documents (in document order) only, what their retest
    identity already has, and no retest identity as a candidate itself."""
    from ictool.core.rounds.retest import add_retest, retest_choices

    p = populated_project
    docs = p.documents()
    gender = p.codebook.get("gender")
    assert gender is not None
    amira, jonas = p.coder("Amira"), p.coder("Jonas")
    for doc in (docs[2], docs[0]):
        coding.set_value(p, amira.uuid, doc.uuid, gender.uuid, gender.choices[0].code)
    coding.set_value(p, jonas.uuid, docs[1].uuid, gender.uuid, gender.choices[1].code)
    choices = {c.coder: c for c in retest_choices(p)}
    assert choices["Amira"].coded == (docs[0].doc_id, docs[2].doc_id) and choices["Amira"].retested == set()
    assert choices["Jonas"].coded == (docs[1].doc_id,)
    add_retest(p, "Amira", [docs[2].doc_id])
    choices = {c.coder: c for c in retest_choices(p)}
    assert sorted(choices) == ["Amira", "Jonas"]  # "Amira · retest" is nobody's candidate
    assert choices["Amira"].retested == {docs[2].doc_id}
