"""Backup copies rotate and are real, openable files; the hand-back check catches what it should."""

from __future__ import annotations

from pathlib import Path

from ictool.core.project import Project
from ictool.core.store.backups import list_backups, make_backup
from ictool.core.team.hand_back import prepare_for_sending
from ictool.core.team.hand_out import build_package


def test_backups_rotate_and_open(populated_project: Project) -> None:
    p = populated_project
    made = [make_backup(p.db.conn, p.path, keep=3) for _ in range(5)]
    kept = list_backups(p.path)
    assert kept == made[-3:]
    amira = p.coder("Amira")
    p.coding.set_value(amira.uuid, p.documents()[0].uuid, p.codebook.get("age_join").uuid, 44)  # type: ignore[union-attr]
    newest = make_backup(p.db.conn, p.path, keep=3)
    with Project.open(newest) as copy:
        assert copy.coding.value(amira.uuid, p.documents()[0].uuid, p.codebook.get("age_join").uuid) == 44  # type: ignore[union-attr]


def test_prepare_for_sending_package(populated_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "amira.ictcoder"
    build_package(populated_project, "Amira", out)
    with Project.open(out) as pkg:
        me = pkg.package_coder()
        doc = pkg.documents()[0]
        pkg.coding.set_value(me.uuid, doc.uuid, pkg.codebook.get("gender").uuid, 1)  # type: ignore[union-attr]
        pkg.coding.set_status(me.uuid, doc.uuid, "done")
        report = prepare_for_sending(pkg)
    assert report.ok, report.problems
    assert report.path == out and report.coder == "Amira"
    assert (report.documents, report.done) == (3, 1)
    assert report.uncoded_in_done == 3  # age_join, disillusion, motives (text is optional)


def test_prepare_for_sending_flags_project_and_leftover_journal(populated_project: Project) -> None:
    report = prepare_for_sending(populated_project)
    assert not report.ok and "project file" in report.problems[0]
    journal = populated_project.path.with_name(populated_project.path.name + "-journal")
    journal.write_bytes(b"x" * 10)
    try:
        report = prepare_for_sending(populated_project)
        assert any("-journal" in p for p in report.problems)
    finally:
        journal.unlink(missing_ok=True)
