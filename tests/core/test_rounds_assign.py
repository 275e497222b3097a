"""Assignment and packages limited to a round: only its documents are dealt and packed, the rest stays."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project
from ictool.core.rounds.membership import add_to_round
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package, hand_out
from ictool.core.team.merge import merge_packages
from tests.conftest import write_transcripts


@pytest.fixture
def ten(fresh_project: Project, tmp_path: Path) -> Project:
    import_documents(fresh_project, write_transcripts(tmp_path / "docs", 10))
    add_coders(fresh_project, ["Amira", "Jonas", "Lena"])
    add_to_round(fresh_project, "pilot", ["INT-001", "INT-002", "INT-003"])
    add_to_round(fresh_project, "main", [f"INT-{i:03d}" for i in range(4, 11)])
    return fresh_project


def ids(p: Project, uuids: set[str]) -> set[str]:
    return {d.doc_id for d in p.documents() if d.uuid in uuids}


def assigned(p: Project) -> dict[str, set[str]]:
    return {c.name: ids(p, p.assigned_documents(c.uuid)) for c in p.coders()}


PILOT = {"INT-001", "INT-002", "INT-003"}


def test_assigning_a_round_deals_only_its_documents(ten: Project) -> None:
    result = assign(ten, round="PILOT")
    assert result.round == "pilot" and assigned(ten) == dict.fromkeys(["Amira", "Jonas", "Lena"], PILOT)
    result = assign(ten, round="main", overlap=2 / 7, seed=4)  # two shared, five dealt
    got = assigned(ten)
    main = {n: docs - PILOT for n, docs in got.items()}
    assert all(docs >= PILOT for docs in got.values())  # the pilot's assignment stays
    assert set.union(*main.values()) == {f"INT-{i:03d}" for i in range(4, 11)}
    assert len(set.intersection(*main.values())) == 2 and sum(map(len, main.values())) == 2 * 3 + 5
    last = ten.db.execute(
        "SELECT new FROM audit WHERE action = 'assign documents' ORDER BY id DESC"
    ).fetchone()
    assert last[0].endswith(", round=main")


def test_a_round_without_documents_is_refused(ten: Project) -> None:
    add_to_round(ten, "training", [])
    with pytest.raises(UserError, match="round training holds no documents yet"):
        assign(ten, round="training")


def test_a_round_grown_after_its_packages_went_out_is_extended_explicitly(
    ten: Project, tmp_path: Path
) -> None:
    assign(ten, round="pilot")
    build_package(ten, "Amira", tmp_path / "amira.ictcoder", round="pilot")
    add_to_round(ten, "pilot", ["INT-004"])
    with pytest.raises(UserError, match="--extend"):
        assign(ten, round="pilot")
    assign(ten, round="pilot", extend=True)
    assert assigned(ten)["Amira"] == PILOT | {"INT-004"}


def test_a_round_package_holds_that_rounds_documents_only_and_merges(ten: Project, tmp_path: Path) -> None:
    assign(ten)  # everyone everything, before the rounds are packed
    out = tmp_path / "amira-pilot.ictcoder"
    info = build_package(ten, "Amira", out, round="pilot")
    assert info.documents == 3
    with CoderPackage.open(out) as pkg:
        assert {d.doc_id for d in pkg.documents()} == PILOT and pkg.meta("round") == "pilot"
        amira, doc = pkg.owner, pkg.documents()[0]
        gender = pkg.codebook.get("gender")
        assert gender is not None
        coding.set_value(pkg, amira.uuid, doc.uuid, gender.uuid, 1)
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM rounds").fetchone()[0] == 0  # rounds stay in the project
    conn.close()
    merge_packages(ten, [out])
    assert [(r.document, r.value) for r in coding.all_values(ten)] == [(doc.doc_id, 1)]


def test_hand_out_a_round(ten: Project, tmp_path: Path) -> None:
    assign(ten, round="main", overlap=2 / 7, seed=4)
    with pytest.raises(UserError, match="no documents of round pilot are assigned to Amira"):
        build_package(ten, "Amira", tmp_path / "a.ictcoder", round="pilot")
    assign(ten, round="pilot")
    folder = tmp_path / "out"
    folder.mkdir()
    result = hand_out(ten, folder, round="pilot")
    assert sorted(p.documents for p in result.written) == [3, 3, 3]
