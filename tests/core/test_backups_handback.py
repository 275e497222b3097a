"""Backup copies rotate and are real, openable files; the hand-back check catches what it should."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import StorageError
from ictool.core.project import CoderPackage, Project
from ictool.core.store import backups
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


def test_failed_backups_never_count_and_never_rotate_good_ones_away(
    populated_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: each copy starts a file and fails. Earlier good copies must all survive."""
    p = populated_project
    good = [make_backup(p.db.conn, p.path, keep=5) for _ in range(5)]

    def disk_full(conn: sqlite3.Connection, target: Path, *, pages: int = -1) -> None:
        target.write_bytes(b"")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "copy_database", disk_full)
    for _ in range(4):
        with pytest.raises(StorageError, match=r"could not write a backup copy .*earlier backups are kept"):
            make_backup(p.db.conn, p.path, keep=5)
    assert list_backups(p.path) == good
    assert not [b for b in backups.backup_folder(p.path).iterdir() if b.stat().st_size == 0]
    monkeypatch.undo()
    newest = make_backup(p.db.conn, p.path, keep=5)
    assert list_backups(p.path) == [*good[1:], newest]


def test_empty_files_left_by_an_older_version_are_swept(populated_project: Project) -> None:
    p = populated_project
    first = make_backup(p.db.conn, p.path)
    empty = first.with_name(first.name.replace("session-", "session-0000"))
    empty.write_bytes(b"")
    assert list_backups(p.path) == [first]
    make_backup(p.db.conn, p.path)
    assert not empty.exists()


def test_a_session_copy_is_made_again_only_after_a_change(populated_project: Project) -> None:
    """Opening and closing a file nobody changed reuses the newest copy; any commit makes a new one."""
    from ictool.core.project import open_for_work

    path = populated_project.path
    populated_project.close()

    def session_copies() -> list[Path]:
        with open_for_work(path, actor="lead") as file:
            assert not file.readonly
        return list_backups(path)

    first = session_copies()
    assert session_copies() == first  # nothing changed: the same copy stands for this session
    with open_for_work(path, actor="lead") as again:
        amira = again.coder("Amira")
        doc = again.documents()[0].uuid
        coding.set_value(again, amira.uuid, doc, again.codebook.get("age_join").uuid, 51)  # type: ignore[union-attr]
    after_edit = session_copies()
    assert len(after_edit) == len(first) + 1
    with Project.open(after_edit[-1]) as copy:
        assert coding.value(copy, amira.uuid, doc, copy.codebook.get("age_join").uuid) == 51  # type: ignore[union-attr]
    # a change made by another program counts too: SQLite's header counter moves with any commit
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE documents SET title = title || ' (revised)' WHERE uuid = ?", [doc])
    conn.close()
    assert len(session_copies()) == len(first) + 2
