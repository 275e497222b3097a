"""A merge killed part-way (a real process, SIGKILL) in an encrypted project (issue 15): opened with the
passphrase afterwards, the project is as before or fully merged, whole, and its journal was encrypted."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ictool.core.project import Project
from ictool.core.store import cipher
from tests.e2e.killed_merges import coded_study, killed_merges, merged

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

PASS = "killed merge passphrase"
TEXT = "Transkriptgeheimnis"


def test_a_killed_merge_of_an_encrypted_project_is_all_or_nothing(tmp_path: Path) -> None:
    project_path, package, expected = coded_study(tmp_path / "src", TEXT, passphrase=PASS)
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "ICTOOL_PASSPHRASE": PASS,
    }
    outcomes = set()
    journals = 0
    for path in killed_merges(project_path, package, tmp_path, env):
        work = path.parent
        for left in [path, *work.rglob("*-journal"), *(work / "project.ictool.backups").glob("*")]:
            raw = left.read_bytes()
            assert TEXT.encode() not in raw and b"Amira" not in raw, left
            journals += left.name.endswith("-journal")
        cipher.remember(path, PASS)
        with Project.open(path) as after:  # the writable open rolls a hot journal back
            assert after.encrypted
            assert after.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            n, merges = merged(after)
            assert (n, merges) in {(0, 0), (expected, 1)}, (path, n, merges)
            outcomes.add(n == expected)
        assert not path.read_bytes().startswith(b"SQLite format 3")
    # caught both before and after the commit, else the test proved nothing about the middle
    assert outcomes == {True, False}, (outcomes, journals)
