"""The project store: identity checks before writing, atomic creation, transactions, one-file saves."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import struct
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import NewerSchemaError, NotAnIctoolFile, StorageError, UserError
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.store.files import inspect_file
from ictool.core.store.schema import APPLICATION_ID, SCHEMA_VERSION


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_create_and_reopen_keeps_codebook_and_identity(tmp_path: Path, codebook) -> None:
    path = tmp_path / "p.ictool"
    with Project.create(path, codebook, title="Exit study", actor="lead") as project:
        project_uuid = project.uuid
        uuids = [v.uuid for v in project.codebook]
    with Project.open(path) as again:
        assert again.uuid == project_uuid
        assert again.title == "Exit study"
        assert again.codebook == codebook
        assert [v.uuid for v in again.codebook] == uuids
        age = again.codebook.get("AGE_JOIN")
        assert age is not None and age.minimum == 10 and isinstance(age.minimum, int)
        assert again.codebook.get("gender").choices[2].code == 9  # type: ignore[union-attr]
        assert again.info.schema_version == SCHEMA_VERSION


def test_header_identifies_ictool_files(tmp_path: Path, fresh_project: Project) -> None:
    header = fresh_project.path.read_bytes()[:100]
    assert struct.unpack(">I", header[68:72])[0] == APPLICATION_ID


def test_create_refuses_to_overwrite(tmp_path: Path, codebook) -> None:
    target = tmp_path / "exists.ictool"
    target.write_bytes(b"precious")
    with pytest.raises(StorageError, match="already exists"):
        Project.create(target, codebook)
    assert target.read_bytes() == b"precious"
    assert siblings(target) == {"exists.ictool"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (os.urandom(4096).replace(b"SQLite", b"xxxxxx"), "not a SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "truncated"),
        (b"hello, I am a text file\n" * 50, "not a SQLite database"),
    ],
)
def test_non_ictool_files_are_refused_untouched(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "thing.ictool"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(NotAnIctoolFile, match=message):
        Project.open(path)
    assert digest(path) == before
    assert siblings(path) == {"thing.ictool"}


def test_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nope.ictool"
    with pytest.raises(NotAnIctoolFile, match="no such file"):
        Project.open(path)
    assert not path.exists()


def test_other_applications_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "firefox.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAnIctoolFile, match="another application"):
        Project.open(path)
    assert digest(path) == before
    assert siblings(path) == {"firefox.sqlite"}


def test_newer_schema_is_refused_untouched(tmp_path: Path, fresh_project: Project) -> None:
    path = fresh_project.path
    fresh_project.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerSchemaError, match="newer version of ictool"):
        Project.open(path)
    assert digest(path) == before


def test_unknown_migration_means_newer_file(tmp_path: Path, fresh_project: Project) -> None:
    path = fresh_project.path
    fresh_project.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('ictool', '0099_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerSchemaError):
        Project.open(path)
    assert digest(path) == before


def test_ictool_header_but_missing_tables_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "fake.ictool"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAnIctoolFile, match="missing tables"):
        Project.open(path)
    assert digest(path) == before


def test_truncated_project_is_refused_untouched(tmp_path: Path, populated_project: Project) -> None:
    path = populated_project.path
    populated_project.close()
    data = path.read_bytes()
    cut = tmp_path / "cut.ictool"
    cut.write_bytes(data[: len(data) // 2])
    before = digest(cut)
    with pytest.raises(NotAnIctoolFile):
        Project.open(cut)
    assert digest(cut) == before


def test_saved_values_live_in_the_single_file(tmp_path: Path, populated_project: Project) -> None:
    p = populated_project
    coder = p.coder("Amira")
    doc = p.documents()[0]
    var = p.codebook.get("age_join")
    assert var is not None
    coding.set_value(p, coder.uuid, doc.uuid, var.uuid, 23)
    p.close()
    assert not any(name.endswith(("-wal", "-journal", "-shm")) for name in siblings(p.path))
    mailed = tmp_path / "mailed"
    mailed.mkdir()
    shutil.copy(p.path, mailed / "copy.ictool")  # the file alone, as a coder would e-mail it
    with Project.open(mailed / "copy.ictool") as copy:
        assert coding.value(copy, coder.uuid, doc.uuid, var.uuid) == 23


def test_copy_while_open_and_idle_holds_committed_values(tmp_path: Path, populated_project: Project) -> None:
    p = populated_project
    coder, doc = p.coder("Jonas"), p.documents()[1]
    var = p.codebook.get("gender")
    assert var is not None
    coding.set_value(p, coder.uuid, doc.uuid, var.uuid, 2)
    shutil.copy(p.path, tmp_path / "snapshot.ictool")  # project still open
    with Project.open(tmp_path / "snapshot.ictool") as snap:
        assert coding.value(snap, coder.uuid, doc.uuid, var.uuid) == 2


def test_failed_action_rolls_back_everything(populated_project: Project) -> None:
    p = populated_project
    coder, doc = p.coder("Amira"), p.documents()[0]
    var = p.codebook.get("age_join")
    assert var is not None
    audit_before = len(p.db.execute("SELECT * FROM audit").fetchall())
    with pytest.raises(RuntimeError), p.transaction():
        coding.set_value(p, coder.uuid, doc.uuid, var.uuid, 30)
        raise RuntimeError("crash in the middle of an action")
    assert coding.value(p, coder.uuid, doc.uuid, var.uuid) is None
    assert len(p.db.execute("SELECT * FROM audit").fetchall()) == audit_before


def test_audit_is_append_only(populated_project: Project) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        populated_project.db.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        populated_project.db.execute("UPDATE audit SET actor = 'mallory'")


_AUDIT_ROW = "INSERT INTO audit (at, actor, action, origin) VALUES ('2026-01-01', 'lead', 'note', ?)"
_ORIGINS = ("typed", "imported", "merged", "resolved", "system")


def _origins_taken(conn: sqlite3.Connection) -> list[str]:
    """Which origins (the five known ones and three others) the audit takes, rolled back after."""
    taken = []
    for origin in (*_ORIGINS, "Typed", "", "forged"):
        try:
            conn.execute("SAVEPOINT probe")
            conn.execute(_AUDIT_ROW, [origin])
            taken.append(origin)
        except sqlite3.IntegrityError:
            pass
        finally:
            conn.execute("ROLLBACK TO probe")
            conn.execute("RELEASE probe")
    return taken


def test_audit_takes_only_the_known_origins(populated_project: Project) -> None:
    assert _origins_taken(populated_project.db.conn) == list(_ORIGINS)


def test_a_file_with_the_audit_rule_as_a_list_is_upgraded_keeping_the_trail(
    populated_project: Project,
) -> None:
    """Files of format 3 state the origin rule as an ``IN`` list; 0004 restates it (faster merges)."""
    path = populated_project.path
    trail = populated_project.db.execute("SELECT * FROM audit ORDER BY id").fetchall()
    populated_project.close()
    as_list = "CHECK (origin IN ('typed', 'imported', 'merged', 'resolved', 'system'))"
    conn = sqlite3.connect(path)
    (cookie,) = conn.execute("PRAGMA schema_version").fetchone()
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit'").fetchone()
    assert as_list not in sql  # the current format states it otherwise
    start = sql.index("CHECK (origin")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = ? WHERE name = 'audit'",
        [sql[:start] + as_list + sql[sql.index(")", sql.index("'system'")) + 1 :]],
    )
    conn.execute(f"PRAGMA schema_version = {cookie + 1}")
    conn.execute("PRAGMA writable_schema = OFF")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_audit_origin_tests'")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    assert inspect_file(path).schema_version == 3

    with Project.open(path, actor="lead") as upgraded:
        assert upgraded.info.schema_version == SCHEMA_VERSION
        (now,) = upgraded.db.execute("SELECT sql FROM sqlite_master WHERE name = 'audit'").fetchone()
        assert as_list not in now and "origin = 'system'" in now
        assert upgraded.db.execute("SELECT * FROM audit ORDER BY id").fetchall() == trail
        assert _origins_taken(upgraded.db.conn) == list(_ORIGINS)
        assert upgraded.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            upgraded.db.execute("DELETE FROM audit")
    assert path.with_name(f"{path.name}.format3.bak").exists()


def test_every_change_is_audited_with_actor(populated_project: Project) -> None:
    p = populated_project
    coder, doc = p.coder("Amira"), p.documents()[0]
    var = p.codebook.get("disillusion")
    assert var is not None
    coding.set_value(p, coder.uuid, doc.uuid, var.uuid, 2)
    coding.set_value(p, coder.uuid, doc.uuid, var.uuid, 3)
    coding.clear_value(p, coder.uuid, doc.uuid, var.uuid)
    rows = p.db.execute(
        "SELECT actor, action, old, new, origin FROM audit WHERE variable_uuid = ? ORDER BY id", [var.uuid]
    ).fetchall()
    assert rows == [
        ("lead", "set value", None, "2", "typed"),
        ("lead", "set value", "2", "3", "typed"),
        ("lead", "clear value", "3", None, "typed"),
    ]


def test_unchanged_value_writes_nothing(populated_project: Project) -> None:
    p = populated_project
    coder, doc = p.coder("Amira"), p.documents()[0]
    var = p.codebook.get("gender")
    assert var is not None
    assert coding.set_value(p, coder.uuid, doc.uuid, var.uuid, 1) is True
    n = len(p.db.execute("SELECT * FROM audit").fetchall())
    assert coding.set_value(p, coder.uuid, doc.uuid, var.uuid, 1) is False
    assert len(p.db.execute("SELECT * FROM audit").fetchall()) == n


def test_readonly_open_refuses_changes(populated_project: Project) -> None:
    path = populated_project.path
    populated_project.close()
    with Project.open(path, readonly=True) as ro, pytest.raises(UserError, match="read-only"):
        add_coders(ro, ["Lena"])


def test_inspect_reports_role(populated_project: Project) -> None:
    info = inspect_file(populated_project.path)
    assert info.role.value == "project"
    assert info.project_uuid == populated_project.uuid


def test_hot_journal_is_recovered_on_open(tmp_path: Path, populated_project: Project) -> None:
    """A crash mid-transaction leaves a hot journal; the next open rolls it back."""
    p = populated_project
    path = p.path
    coder = p.coder("Amira")
    p.close()
    # Simulate the crash: a connection that began a write and died before committing.
    import subprocess
    import sys

    script = (
        "import sqlite3, os\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode=DELETE')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        f"c.execute(\"UPDATE coders SET name = 'CORRUPTED' WHERE uuid = '{coder.uuid}'\")\n"
        'c.execute("CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n '
        'WHERE i < 20000) SELECT i, hex(randomblob(64)) AS b FROM n")\n'
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    with Project.open(path) as again:
        assert again.coder("Amira").uuid == coder.uuid
        assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
