"""A merge killed part-way (a real process, SIGKILL) leaves the project as before or fully merged."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.coding import ValueChange
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def big_codebook(n: int = 120) -> Codebook:
    variables = []
    for i in range(n):
        if i % 2:
            variables.append(Variable(f"v{i}", Level.RATIO, minimum=0, maximum=1000))
        else:
            variables.append(Variable(f"v{i}", Level.NOMINAL, choices=(Category(1, "a"), Category(2, "b"))))
    return Codebook(tuple(variables))


def test_killed_merge_is_all_or_nothing(tmp_path: Path) -> None:
    src = tmp_path / "src"
    docs = src / "docs"
    docs.mkdir(parents=True)
    for i in range(60):
        (docs / f"D{i:03d}.txt").write_text(f"transcript {i}\n" * 50, encoding="utf-8")
    project_path = src / "project.ictool"
    with Project.create(project_path, big_codebook(), actor="lead") as p:
        import_documents(p, [docs])
        add_coders(p, ["Amira", "Jonas"])
        assign(p)
        build_package(p, "Amira", src / "amira.ictcoder")
    with CoderPackage.open(src / "amira.ictcoder") as pkg:
        me = pkg.owner
        changes = [
            ValueChange(me.uuid, d.uuid, v.uuid, 1 if v.level is Level.NOMINAL else 7)
            for d in pkg.documents()
            for v in pkg.codebook
        ]
        coding.apply(pkg, changes)
    expected = len(changes)

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    # Time one full merge, then kill others at fractions of that time: the early ones land
    # before or inside the transaction, the late ones after its commit, whatever the machine speed.
    command = [sys.executable, "-m", "ictool.cli.main", "merge"]
    timed = tmp_path / "timed"
    timed.mkdir()
    shutil.copy(project_path, timed / "project.ictool")
    started = time.perf_counter()
    subprocess.run(
        [*command, str(timed / "project.ictool"), str(src / "amira.ictcoder")],
        env=env,
        check=True,
        capture_output=True,
    )
    full = time.perf_counter() - started
    outcomes = set()
    delays = [full * f for f in (0.3, 0.6, 0.75, 0.85, 0.9, 0.95, 1.5)]
    for k, delay in enumerate(delays):
        work = tmp_path / f"run{k}"
        work.mkdir()
        shutil.copy(project_path, work / "project.ictool")
        proc = subprocess.Popen(
            [*command, str(work / "project.ictool"), str(src / "amira.ictcoder")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        with Project.open(work / "project.ictool") as after:
            assert after.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            amira = after.coder("Amira")
            n = after.db.execute(
                "SELECT count(*) FROM codings WHERE coder_uuid = ?", [amira.uuid]
            ).fetchone()[0]
            merges = after.db.execute("SELECT count(*) FROM merges").fetchone()[0]
            assert (n, merges) in {(0, 0), (expected, 1)}, (delay, n, merges)
            outcomes.add(n == expected)
        conn = sqlite3.connect(work / "project.ictool")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    # The delays must have caught the merge both before and after its commit at least once,
    # otherwise the test proved nothing about the middle of it.
    assert outcomes == {True, False}, outcomes
