"""Blind coder packages and safe merges: no value lost, none attributed to the wrong coder."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.store.backups import list_backups
from ictool.core.team.hand_out import build_package
from ictool.core.team.merge import merge_packages


def data_hash(path: Path) -> str:
    """Hash of every row of every table: equal means the project's data did not change."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def var(project: Project, name: str) -> str:
    v = project.codebook.get(name)
    assert v is not None
    return v.uuid


@pytest.fixture
def team(populated_project: Project, tmp_path: Path) -> tuple[Project, Path, Path]:
    """Amira and Jonas each have a package; the lead already typed a value for Jonas."""
    p = populated_project
    jonas, doc = p.coder("Jonas"), p.documents()[0]
    coding.set_value(p, jonas.uuid, doc.uuid, var(p, "gender"), 2)
    coding.set_memo(p, jonas.uuid, doc.uuid, "JONAS-SECRET-MEMO")
    amira_pkg = tmp_path / "amira.ictcoder"
    jonas_pkg = tmp_path / "jonas.ictcoder"
    build_package(p, "Amira", amira_pkg)
    build_package(p, "Jonas", jonas_pkg)
    return p, amira_pkg, jonas_pkg


def test_package_holds_only_its_coder(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    jonas = p.coder("Jonas")
    raw = amira_pkg.read_bytes()
    assert jonas.uuid.encode() not in raw
    assert b"JONAS-SECRET-MEMO" not in raw
    assert b"Jonas" not in raw
    conn = sqlite3.connect(amira_pkg)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            assert jonas.uuid not in map(str, row), (table, row)
    assert conn.execute("SELECT count(*) FROM resolutions").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM coders").fetchone()[0] == 1
    conn.close()


def test_package_knows_its_coder_and_counts_revisions(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    with CoderPackage.open(amira_pkg) as pkg:
        assert isinstance(pkg, CoderPackage) and pkg.actor == "Amira"
        me = pkg.owner
        assert me.uuid == p.coder("Amira").uuid
        assert len(pkg.documents()) == 3
        start = pkg.revision
        coding.set_value(pkg, me.uuid, pkg.documents()[0].uuid, var(pkg, "age_join"), 19)
        coding.set_value(pkg, me.uuid, pkg.documents()[0].uuid, var(pkg, "age_join"), 20)
        assert pkg.revision == start + 2
        with pytest.raises(UserError, match="another coder"):
            coding.set_value(pkg, p.coder("Jonas").uuid, pkg.documents()[0].uuid, var(pkg, "age_join"), 20)


def test_merge_brings_values_and_keeps_other_coders(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    amira, jonas = p.coder("Amira"), p.coder("Jonas")
    docs = p.documents()
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, docs[0].uuid, var(pkg, "gender"), 1)
        coding.set_value(pkg, amira.uuid, docs[1].uuid, var(pkg, "motives"), (1, 3))
        coding.set_value(pkg, amira.uuid, docs[2].uuid, var(pkg, "age_join"), 999)
        ev = coding.add_evidence(pkg, amira.uuid, docs[0].uuid, var(pkg, "gender"), 0, 10)
        coding.set_memo(pkg, amira.uuid, docs[0].uuid, "her memo")
        coding.set_status(pkg, amira.uuid, docs[0].uuid, "done")
    (report,) = merge_packages(p, [amira_pkg])
    assert (report.added, report.changed, report.removed) == (3, 0, 0)
    assert report.documents_done == 1
    assert coding.value(p, amira.uuid, docs[0].uuid, var(p, "gender")) == 1
    assert coding.value(p, amira.uuid, docs[1].uuid, var(p, "motives")) == (1, 3)
    assert coding.value(p, amira.uuid, docs[2].uuid, var(p, "age_join")) == 999
    assert coding.value(p, jonas.uuid, docs[0].uuid, var(p, "gender")) == 2  # untouched
    assert [e.uuid for e in coding.evidence(p, amira.uuid)] == [ev.uuid]
    assert coding.memo(p, amira.uuid, docs[0].uuid) == "her memo"
    assert coding.memo(p, jonas.uuid, docs[0].uuid) == "JONAS-SECRET-MEMO"
    assert coding.status(p, amira.uuid, docs[0].uuid).value == "done"
    merged = p.db.execute("SELECT count(*) FROM audit WHERE origin = 'merged'").fetchone()[0]
    assert merged >= 6


def test_cleared_values_and_removed_evidence_are_cleared(
    team: tuple[Project, Path, Path], tmp_path: Path
) -> None:
    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "gender"), 1)
        ev = coding.add_evidence(pkg, amira.uuid, doc.uuid, var(pkg, "gender"), 0, 5)
    merge_packages(p, [amira_pkg])
    with CoderPackage.open(amira_pkg) as pkg:
        coding.clear_value(pkg, amira.uuid, doc.uuid, var(pkg, "gender"))
        coding.remove_evidence(pkg, ev.uuid)
    (report,) = merge_packages(p, [amira_pkg])
    assert report.removed == 1 and report.evidence_removed == 1
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "gender")) is None
    assert coding.evidence(p, amira.uuid) == []


def test_merging_twice_changes_nothing(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "disillusion"), 3)
    merge_packages(p, [amira_pkg])
    before = data_hash(p.path)
    (again,) = merge_packages(p, [amira_pkg])
    assert again.already_merged
    assert data_hash(p.path) == before


def test_older_revision_is_refused(team: tuple[Project, Path, Path], tmp_path: Path) -> None:
    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "disillusion"), 1)
    old_copy = tmp_path / "amira-old.ictcoder"
    shutil.copy(amira_pkg, old_copy)
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "disillusion"), 4)
    merge_packages(p, [amira_pkg])
    before = data_hash(p.path)
    with pytest.raises(UserError, match="older than revision"):
        merge_packages(p, [old_copy])
    assert data_hash(p.path) == before
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "disillusion")) == 4


def test_renamed_variable_and_coder_still_merge(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "age_join"), 31)
    with p.transaction():
        p.db.execute("UPDATE variables SET name = 'age_at_joining' WHERE name = 'age_join'")
        p.db.execute("UPDATE coders SET name = 'Amira K.' WHERE uuid = ?", [amira.uuid])
    p.invalidate_codebook()
    merge_packages(p, [amira_pkg])
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "age_at_joining")) == 31


def test_bad_packages_are_refused_and_project_unchanged(
    team: tuple[Project, Path, Path], tmp_path: Path, codebook
) -> None:
    p, amira_pkg, _ = team
    other = Project.create(tmp_path / "other.ictool", codebook, title="Other study")
    import_documents(other, [tmp_path / "docs"])
    add_coders(other, ["Amira"])
    from ictool.core.team.assign import assign

    assign(other)
    foreign = tmp_path / "foreign.ictcoder"
    build_package(other, "Amira", foreign)
    other.close()
    truncated = tmp_path / "truncated.ictcoder"
    truncated.write_bytes(amira_pkg.read_bytes()[:4096])
    junk = tmp_path / "junk.ictcoder"
    junk.write_bytes(b"\x00\x01garbage" * 100)
    cases = {
        foreign: "another project",
        p.path: "project file, not a coder package",
        truncated: "damaged|truncated",
        junk: "not a SQLite database",
        tmp_path / "missing.ictcoder": "no such file",
    }
    before = data_hash(p.path)
    for path, message in cases.items():
        with pytest.raises(UserError, match=message):
            merge_packages(p, [path])
        assert data_hash(p.path) == before, path
    # one bad package in a batch refuses the whole batch
    with pytest.raises(UserError):
        merge_packages(p, [amira_pkg, junk])
    assert data_hash(p.path) == before


def test_merge_keeps_a_backup(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "gender"), 1)
    before = data_hash(p.path)
    (report,) = merge_packages(p, [amira_pkg])
    backups = list_backups(p.path, "before-merge")
    assert len(backups) == 1 and str(backups[0]) in report.notes[0]
    assert data_hash(backups[0]) == before


def test_reissued_package_supersedes_the_old_one(team: tuple[Project, Path, Path], tmp_path: Path) -> None:
    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "gender"), 1)
    merge_packages(p, [amira_pkg])
    second = tmp_path / "amira-2.ictcoder"
    build_package(p, "Amira", second)
    with CoderPackage.open(second) as pkg:
        assert coding.value(pkg, amira.uuid, doc.uuid, var(pkg, "gender")) == 1  # carried over
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "gender"), 2)
    merge_packages(p, [second])
    with CoderPackage.open(amira_pkg) as pkg:  # the coder keeps working in the old file by mistake
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "gender"), 9)
    with pytest.raises(UserError, match="superseded"):
        merge_packages(p, [amira_pkg])
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "gender")) == 2


def test_package_from_an_older_codebook_still_merges(
    team: tuple[Project, Path, Path], tmp_path: Path
) -> None:
    """The lead adds a variable and a category after packages went out; old packages still merge."""
    from ictool.core.codebook.export import write_codebook_csv
    from ictool.core.codebook.model import Category, Level, Variable
    from ictool.core.setup.codebook_update import update_codebook

    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "disillusion"), 4)
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "motives"), (2,))
    old = p.codebook
    motives = old.get("motives")
    assert motives is not None
    from dataclasses import replace

    newer = replace(
        old,
        variables=(
            *[replace(v, choices=(*v.choices, Category(4, "Adventure"))) if v is motives else v for v in old],
            Variable("exit_year", Level.INTERVAL, label="Year of exit", minimum=1990, maximum=2030),
        ),
    )
    sheet = tmp_path / "codebook-v2.csv"
    write_codebook_csv(newer, sheet)
    update_codebook(p, sheet)
    assert p.codebook_version == 2
    (report,) = merge_packages(p, [amira_pkg])
    assert report.added == 2 and not report.refused
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "disillusion")) == 4
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "exit_year")) is None
    # a package issued now carries the new variable and the new category
    new_pkg = tmp_path / "amira-v2.ictcoder"
    build_package(p, "Amira", new_pkg)
    with CoderPackage.open(new_pkg) as pkg:
        assert pkg.codebook_version == 2
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "exit_year"), 2019)
        coding.set_value(pkg, amira.uuid, doc.uuid, var(pkg, "motives"), (2, 4))
    merge_packages(p, [new_pkg])
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "exit_year")) == 2019
    assert coding.value(p, amira.uuid, doc.uuid, var(p, "motives")) == (2, 4)


def test_values_of_a_removed_variable_still_merge_and_stay(
    team: tuple[Project, Path, Path], tmp_path: Path
) -> None:
    from ictool.core.codebook.export import write_codebook_csv
    from ictool.core.codebook.model import Codebook
    from ictool.core.setup.codebook_update import update_codebook

    p, amira_pkg, _ = team
    amira, doc = p.coder("Amira"), p.documents()[0]
    memo_uuid = var(p, "age_join")
    with CoderPackage.open(amira_pkg) as pkg:
        coding.set_value(pkg, amira.uuid, doc.uuid, memo_uuid, 33)
    sheet = tmp_path / "codebook-v2.csv"
    write_codebook_csv(Codebook(tuple(v for v in p.codebook if v.name != "age_join")), sheet)
    update_codebook(p, sheet, allow_remove=True)
    assert p.codebook.get("age_join") is None
    (report,) = merge_packages(p, [amira_pkg])
    assert not report.refused
    assert coding.value(p, amira.uuid, doc.uuid, memo_uuid) == 33  # kept for the audit and exports
    assert p.full_codebook().by_uuid(memo_uuid) is not None
