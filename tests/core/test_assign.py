"""Assignments: everyone everything, or a seeded reliability overlap plus an even split."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from tests.conftest import write_transcripts


@pytest.fixture
def twenty(fresh_project: Project, tmp_path: Path) -> Project:
    import_documents(fresh_project, write_transcripts(tmp_path / "docs", 20))
    add_coders(fresh_project, ["Amira", "Jonas", "Lena"])
    return fresh_project


def pairs(p: Project) -> dict[str, set[str]]:
    return {c.name: p.assigned_documents(c.uuid) for c in p.coders()}


def test_default_everyone_codes_everything(twenty: Project) -> None:
    assign(twenty)
    docs = {d.uuid for d in twenty.documents()}
    assert all(assigned == docs for assigned in pairs(twenty).values())


def test_overlap_is_shared_and_the_rest_split_evenly(twenty: Project) -> None:
    result = assign(twenty, overlap=0.25, seed=3)
    got = pairs(twenty)
    shared = set.intersection(*got.values())
    assert len(shared) == 5 and len(result.reliability_sample) == 5
    rest = [assigned - shared for assigned in got.values()]
    assert sorted(len(r) for r in rest) == [5, 5, 5]
    assert set.union(*rest) | shared == {d.uuid for d in twenty.documents()}
    assert not (rest[0] & rest[1]) and not (rest[1] & rest[2])


def test_same_seed_same_draw(twenty: Project, tmp_path: Path, codebook) -> None:  # type: ignore[no-untyped-def]
    assign(twenty, overlap=0.3, seed=42)
    first = {name: {twenty.text(d) for d in docs} for name, docs in pairs(twenty).items()}
    other = Project.create(tmp_path / "other.ictool", codebook)
    import_documents(other, [tmp_path / "docs"])
    add_coders(other, ["Amira", "Jonas", "Lena"])
    assign(other, overlap=0.3, seed=42)
    second = {name: {other.text(d) for d in docs} for name, docs in pairs(other).items()}
    other.close()
    assert first == second
    assign(twenty, overlap=0.3, seed=43)
    third = {name: {twenty.text(d) for d in docs} for name, docs in pairs(twenty).items()}
    assert third != first


def test_reassigning_never_takes_issued_or_coded_documents(twenty: Project, tmp_path: Path) -> None:
    assign(twenty)  # everyone everything
    build_package(twenty, "Amira", tmp_path / "amira.ictcoder")
    jonas = twenty.coder("Jonas")
    coded = twenty.documents()[7]
    coding.set_value(twenty, jonas.uuid, coded.uuid, twenty.codebook.get("gender").uuid, 1)  # type: ignore[union-attr]
    result = assign(twenty, overlap=0.2, seed=1)
    got = pairs(twenty)
    assert got["Amira"] == {d.uuid for d in twenty.documents()}  # her package holds all of them
    assert coded.uuid in got["Jonas"]
    assert result.kept > 0


@pytest.mark.parametrize("overlap", [0.0, -0.5, 1.5])
def test_overlap_must_be_a_fraction(twenty: Project, overlap: float) -> None:
    with pytest.raises(UserError, match="fraction"):
        assign(twenty, overlap=overlap)


def test_assign_needs_coders_and_documents(fresh_project: Project) -> None:
    with pytest.raises(UserError, match="no coders"):
        assign(fresh_project)


def test_rerun_after_hand_out_says_what_it_would_add_and_needs_extend(
    twenty: Project, tmp_path: Path
) -> None:
    assign(twenty, overlap=0.2, seed=1)
    build_package(twenty, "Amira", tmp_path / "amira.ictcoder")
    before = pairs(twenty)
    with pytest.raises(UserError, match=r"would add \d+ documents? to coders .*run it again with --extend"):
        assign(twenty, overlap=0.2, seed=2)
    assert pairs(twenty) == before  # nothing changed
    assign(twenty, overlap=0.2, seed=2, extend=True)
    after = pairs(twenty)
    assert after["Amira"] >= before["Amira"]  # her issued documents stay
    assert sum(map(len, after.values())) > sum(map(len, before.values()))


def test_rerun_before_any_hand_out_simply_redraws(twenty: Project) -> None:
    assign(twenty, overlap=0.2, seed=1)
    assign(twenty, overlap=0.2, seed=2)  # nothing issued yet: no --extend needed
    assert sum(map(len, pairs(twenty).values())) == 4 * 3 + 16  # 4 shared by 3 coders, 16 split
