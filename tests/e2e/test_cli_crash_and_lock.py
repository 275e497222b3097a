"""After a crashed writer, and while another program holds the file: sentences, never tracebacks.

A writer killed mid-transaction leaves a hot journal; read-only commands recover it (as the next
writer would) and work. A file locked by another program is waited for, then reported as in use —
not as a drive problem — and nothing is changed.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ictool.core.demo.build import build_demo
from tests.core.test_packages_merge import data_hash
from tests.e2e.conftest import Cli

KILLED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE meta SET value = 'HALF-SAVED' WHERE key = 'title'")
conn.execute("CREATE TABLE junk(x)")
for _ in range(40):
    conn.execute("INSERT INTO junk VALUES (zeroblob(100000))")  # spills pages: the journal goes hot
os.kill(os.getpid(), 9)
"""

LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return build_demo(tmp_path / "demo.ictool")


def test_read_only_commands_work_after_a_killed_writer(cli: Cli, demo: Path, tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(demo)], check=False)
    assert demo.with_name(demo.name + "-journal").stat().st_size > 0  # a hot journal is left
    for args in (
        ["info", demo],
        ["report", demo],
        ["disagreements", demo],
        ["export", demo, "-o", tmp_path / "f.csv"],
    ):
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    info = cli("info", demo)
    assert "HALF-SAVED" not in info.stdout  # the interrupted change was rolled back, not half-applied


def test_a_locked_file_is_reported_as_in_use(cli: Cli, demo: Path) -> None:
    before = data_hash(demo)
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(demo), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = cli("resolve", demo, "INT-001", "gender", "1")
        waited = time.monotonic() - started
    finally:
        locker.kill()
        locker.wait()
    assert result.returncode == 2
    assert "in use by another program" in result.stderr
    assert "drive" not in result.stderr and "Traceback" not in result.stderr
    assert waited >= 5  # it waited for the other program before giving up
    assert data_hash(demo) == before


def test_tampered_packages_give_error_lines_not_tracebacks(cli: Cli, demo: Path, tmp_path: Path) -> None:
    package = tmp_path / "amira.ictcoder"
    assert cli("package", demo, "--coder", "Amira", "-o", package).returncode == 0
    tamperings = [
        'UPDATE evidence SET start = "end" + 3',
        "UPDATE evidence SET variable_uuid = 'unknown'",
        "DELETE FROM documents",
        "UPDATE codings SET coder_uuid = 'nobody'",
        "UPDATE meta SET value = 'x' WHERE key = 'package_revision'",
    ]
    before = data_hash(demo)
    for n, sql in enumerate(tamperings):
        copy = tmp_path / f"tampered-{n}.ictcoder"
        copy.write_bytes(package.read_bytes())
        conn = sqlite3.connect(copy)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(sql)
        conn.commit()
        conn.close()
        result = cli("merge", demo, copy)
        assert result.returncode == 2, (sql, result.stdout)
        assert "Traceback" not in result.stderr, sql
        assert all(line.startswith("error: ") for line in result.stderr.splitlines()), result.stderr
        assert str(copy) in result.stderr
    assert data_hash(demo) == before
    assert not list(demo.with_name(demo.name + ".backups").glob("*before-merge*"))
