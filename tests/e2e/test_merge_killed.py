"""A merge killed part-way (a real process, SIGKILL) leaves the project as before or fully merged."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from ictool.core.project import Project
from tests.e2e.killed_merges import coded_study, killed_merges, merged

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def test_killed_merge_is_all_or_nothing(tmp_path: Path) -> None:
    project_path, package, expected = coded_study(tmp_path / "src")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    outcomes = set()
    for path in killed_merges(project_path, package, tmp_path, env):
        with Project.open(path) as after:
            assert after.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            n, merges = merged(after)
            assert (n, merges) in {(0, 0), (expected, 1)}, (path, n, merges)
            outcomes.add(n == expected)
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    # The delays must have caught the merge both before and after its commit at least once,
    # otherwise the test proved nothing about the middle of it.
    assert outcomes == {True, False}, outcomes
