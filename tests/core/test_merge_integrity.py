"""Integrity of merging: provenance, lineage (forks), whole-batch refusal, content validation.

Each case is a file a field team really produces (a package copied to two laptops, a project restored
from an old backup) or a package edited with ``sqlite3`` as a hostile-but-fair tester would. In every
refused case the project's data hash is unchanged and no backup was written.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project
from ictool.core.store.backups import list_backups
from ictool.core.team.hand_out import build_package
from ictool.core.team.merge import merge_packages
from tests.core.test_packages_merge import data_hash, team, var

__all__ = ["team"]


def edit(path: Path, *statements: str) -> None:
    """Tamper with a file as a tester would, with plain SQL."""
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def code(package: Path, doc_index: int, name: str, value: object) -> None:
    with CoderPackage.open(package) as pkg:
        doc = pkg.documents()[doc_index]
        coding.set_value(pkg, pkg.owner.uuid, doc.uuid, var(pkg, name), value)  # type: ignore[arg-type]


def refused(project: Project, paths: list[Path], match: str) -> list[str]:
    """Merge must refuse with ``match`` among the problems, leaving data and backups untouched."""
    before = data_hash(project.path)
    backups = list_backups(project.path, "before-merge")
    with pytest.raises(UserError) as caught:
        merge_packages(project, paths)
    text = "\n".join(caught.value.problems)
    assert match in text, text
    assert data_hash(project.path) == before
    assert list_backups(project.path, "before-merge") == backups
    return caught.value.problems


def test_impersonation_is_refused(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    code(amira_pkg, 0, "gender", 1)
    amira, jonas = p.coder("Amira").uuid, p.coder("Jonas").uuid
    edit(
        amira_pkg,
        f"UPDATE meta SET value = '{jonas}' WHERE key = 'coder_uuid'",
        "UPDATE meta SET value = 'Jonas' WHERE key = 'coder_name'",
        f"UPDATE coders SET uuid = '{jonas}', name = 'Jonas' WHERE uuid = '{amira}'",
        f"UPDATE codings SET coder_uuid = '{jonas}'",
        f"UPDATE assignments SET coder_uuid = '{jonas}'",
        f"UPDATE document_status SET coder_uuid = '{jonas}'",
    )
    refused(p, [amira_pkg], "was issued to Amira, but it says it belongs to Jonas")
    assert coding.value(p, jonas, p.documents()[0].uuid, var(p, "gender")) == 2  # Jonas's value stays


def test_a_package_this_project_never_issued_is_refused(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    edit(amira_pkg, "UPDATE meta SET value = 'made-up-0000' WHERE key = 'package_uuid'")
    refused(p, [amira_pkg], "this project never issued a package with this id")


def test_a_project_restored_from_before_the_package_refuses_it(
    team: tuple[Project, Path, Path], tmp_path: Path
) -> None:
    p, _, _ = team
    old_copy = tmp_path / "restored.ictool"
    shutil.copy(p.path, old_copy)  # the lead's backup, taken before the next package went out
    newer = tmp_path / "amira-2.ictcoder"
    build_package(p, "Amira", newer)
    code(newer, 0, "gender", 1)
    with Project.open(old_copy) as restored:
        refused(restored, [newer], "never issued")


def test_fork_is_refused_naming_both_copies(team: tuple[Project, Path, Path], tmp_path: Path) -> None:
    p, amira_pkg, _ = team
    laptop1, laptop2 = tmp_path / "laptop1.ictcoder", tmp_path / "laptop2.ictcoder"
    shutil.copy(amira_pkg, laptop1)
    shutil.copy(amira_pkg, laptop2)
    code(laptop1, 0, "gender", 1)  # revision 1 on laptop 1
    for value in (10, 11, 12):
        code(laptop2, 1, "age_join", value)  # revision 3 on laptop 2
    merge_packages(p, [laptop1])
    problems = refused(p, [laptop2], "a fork")
    assert "laptop2.ictcoder" in problems[0] and "laptop1.ictcoder" in problems[0]
    assert "ictool merge PROJECT FILE --fork" in problems[0]
    amira, doc = p.coder("Amira").uuid, p.documents()[0].uuid
    assert coding.value(p, amira, doc, var(p, "gender")) == 1  # laptop 1's work is still there


def test_a_copy_that_continues_the_merged_one_merges(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    code(amira_pkg, 0, "gender", 1)
    merge_packages(p, [amira_pkg])
    code(amira_pkg, 0, "gender", 2)
    (report,) = merge_packages(p, [amira_pkg])
    assert report.changed == 1
    (again,) = merge_packages(p, [amira_pkg])
    assert again.already_merged


def test_a_refused_package_refuses_the_whole_batch(team: tuple[Project, Path, Path], tmp_path: Path) -> None:
    p, amira_pkg, jonas_pkg = team
    code(amira_pkg, 0, "gender", 1)
    code(jonas_pkg, 0, "gender", 1)
    foreign = tmp_path / "foreign.ictcoder"
    foreign.write_bytes(b"not a database at all" * 10)
    refused(p, [amira_pkg, jonas_pkg, foreign], "foreign.ictcoder")


def test_two_copies_of_one_package_in_a_batch_merge_nothing(
    team: tuple[Project, Path, Path], tmp_path: Path
) -> None:
    p, amira_pkg, _ = team
    old = tmp_path / "amira_old.ictcoder"
    shutil.copy(amira_pkg, old)
    code(amira_pkg, 0, "gender", 1)
    refused(p, [amira_pkg, old], "copies of Amira's one package in one batch")


@pytest.mark.parametrize(
    ("sql", "match"),
    [
        (
            "UPDATE codings SET value = '7' "
            "WHERE variable_uuid = (SELECT uuid FROM variables WHERE name = 'gender')",
            "variable gender",
        ),
        ("UPDATE codings SET value = '{not json'", "gender"),
        ('UPDATE evidence SET "end" = 10000000', "lies outside the document"),
        ('UPDATE evidence SET start = "end" + 5', "lies outside the document"),
        ("UPDATE evidence SET start = -3", "lies outside the document"),
        ("UPDATE evidence SET quote = 'words nobody said'", "quotes text that is not the document's"),
        ("UPDATE evidence SET variable_uuid = 'nope'", "variable unknown to the project"),
        (
            "UPDATE meta SET value = 'three' WHERE key = 'package_revision'",
            "package_revision is not a number",
        ),
        ("UPDATE document_status SET status = 'finished'", "unknown document status 'finished'"),
    ],
)
def test_tampered_content_refuses_the_package(team: tuple[Project, Path, Path], sql: str, match: str) -> None:
    p, amira_pkg, _ = team
    with CoderPackage.open(amira_pkg) as pkg:
        doc = pkg.documents()[0]
        me = pkg.owner.uuid
        coding.set_value(pkg, me, doc.uuid, var(pkg, "gender"), 1)
        coding.add_evidence(pkg, me, doc.uuid, var(pkg, "gender"), 0, 5)
        coding.set_status(pkg, me, doc.uuid, "done")
    edit(amira_pkg, "PRAGMA foreign_keys = OFF", "PRAGMA ignore_check_constraints = ON", sql)
    refused(p, [amira_pkg], match)


def test_a_package_with_its_documents_deleted_is_refused(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    code(amira_pkg, 0, "gender", 1)
    edit(amira_pkg, "PRAGMA foreign_keys = OFF", "DELETE FROM documents")
    refused(p, [amira_pkg], "a value for a document the package does not hold")


def test_values_of_a_coder_missing_from_the_package_are_refused(team: tuple[Project, Path, Path]) -> None:
    p, amira_pkg, _ = team
    code(amira_pkg, 0, "gender", 1)
    edit(amira_pkg, "PRAGMA foreign_keys = OFF", "UPDATE codings SET coder_uuid = 'stranger'")
    refused(p, [amira_pkg], "holds values of another coder")


def test_a_forked_copy_is_brought_in_value_by_value(team: tuple[Project, Path, Path], tmp_path: Path) -> None:
    from ictool.core.team.fork import merge_fork

    p, amira_pkg, _ = team
    laptop1, laptop2 = tmp_path / "laptop1.ictcoder", tmp_path / "laptop2.ictcoder"
    shutil.copy(amira_pkg, laptop1)
    shutil.copy(amira_pkg, laptop2)
    code(laptop1, 0, "gender", 1)
    code(laptop2, 0, "gender", 2)  # a conflict
    code(laptop2, 1, "age_join", 33)  # only on laptop 2
    merge_packages(p, [laptop1])
    report = merge_fork(p, laptop2)
    amira, docs = p.coder("Amira").uuid, p.documents()
    assert report.values_added == 1
    assert coding.value(p, amira, docs[1].uuid, var(p, "age_join")) == 33
    assert coding.value(p, amira, docs[0].uuid, var(p, "gender")) == 1  # conflict left as it was
    assert report.conflicts == [f"{docs[0].doc_id} gender: project has 1, this copy has 2"]
