"""Backup copies rotate and are real, openable files; the hand-back check catches what it should."""

from __future__ import annotations

from pathlib import Path

from ictool.core import coding
from ictool.core.project import CoderPackage, Project
from ictool.core.store.backups import list_backups, make_backup
from ictool.core.team.hand_back import check_hand_back
from ictool.core.team.hand_out import build_package


def test_backups_rotate_and_open(populated_project: Project) -> None:
    p = populated_project
    made = [make_backup(p.db.conn, p.path, keep=3) for _ in range(5)]
    kept = list_backups(p.path)
    assert kept == made[-3:]
    amira = p.coder("Amira")
    coding.set_value(p, amira.uuid, p.documents()[0].uuid, p.codebook.get("age_join").uuid, 44)  # type: ignore[union-attr]
    newest = make_backup(p.db.conn, p.path, keep=3)
    with Project.open(newest) as copy:
        assert coding.value(copy, amira.uuid, p.documents()[0].uuid, p.codebook.get("age_join").uuid) == 44  # type: ignore[union-attr]


def test_hand_back_package(populated_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "amira.ictcoder"
    build_package(populated_project, "Amira", out)
    with CoderPackage.open(out) as pkg:
        me = pkg.owner
        doc = pkg.documents()[0]
        coding.set_value(pkg, me.uuid, doc.uuid, pkg.codebook.get("gender").uuid, 1)  # type: ignore[union-attr]
        coding.set_status(pkg, me.uuid, doc.uuid, "done")
        report = check_hand_back(pkg)
    assert report.ok, report.problems
    assert report.path == out and report.coder == "Amira"
    assert (report.documents, report.done) == (3, 1)
    assert report.uncoded_in_done == 3  # age_join, disillusion, motives (text is optional)


def test_hand_back_flags_a_leftover_journal(populated_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "amira.ictcoder"
    build_package(populated_project, "Amira", out)
    with CoderPackage.open(out) as pkg:
        journal = out.with_name(out.name + "-journal")
        journal.write_bytes(b"x" * 10)
        try:
            report = check_hand_back(pkg)
            assert not report.ok
            assert any("-journal" in p for p in report.problems)
        finally:
            journal.unlink(missing_ok=True)
