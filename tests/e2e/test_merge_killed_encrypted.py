"""A merge killed part-way (a real process, SIGKILL) in an encrypted project (issue 15): opened with the
passphrase afterwards, the project is as before or fully merged, whole, and its journal was encrypted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.codebook.model import Level
from ictool.core.coding import ValueChange
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.store import cipher
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from tests.e2e.test_merge_killed import big_codebook

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")

PASS = "killed merge passphrase"
TEXT = "Transkriptgeheimnis"


def test_a_killed_merge_of_an_encrypted_project_is_all_or_nothing(tmp_path: Path) -> None:
    src = tmp_path / "src"
    docs = src / "docs"
    docs.mkdir(parents=True)
    for i in range(60):
        (docs / f"D{i:03d}.txt").write_text(f"{TEXT} {i}\n" * 50, encoding="utf-8")
    project_path = src / "project.ictool"
    with Project.create(project_path, big_codebook(), actor="lead", passphrase=PASS) as p:
        import_documents(p, [docs])
        add_coders(p, ["Amira", "Jonas"])
        assign(p)
        build_package(p, "Amira", src / "amira.ictcoder", passphrase=PASS)
    with CoderPackage.open(src / "amira.ictcoder") as pkg:
        me = pkg.owner
        changes = [
            ValueChange(me.uuid, d.uuid, v.uuid, 1 if v.level is Level.NOMINAL else 7)
            for d in pkg.documents()
            for v in pkg.codebook
        ]
        coding.apply(pkg, changes)
    expected = len(changes)

    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "ICTOOL_PASSPHRASE": PASS,
    }
    # As in test_merge_killed: time one full merge, then kill others at fractions of that time.
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
    journals = 0
    delays = [full * f for f in (0.3, 0.6, 0.75, 0.85, 0.9, 0.95, 1.5)]
    for k, delay in enumerate(delays):
        work = tmp_path / f"run{k}"
        work.mkdir()
        path = work / "project.ictool"
        shutil.copy(project_path, path)
        proc = subprocess.Popen(
            [*command, str(path), str(src / "amira.ictcoder")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        for left in [path, *work.rglob("*-journal"), *(work / "project.ictool.backups").glob("*")]:
            raw = left.read_bytes()
            assert TEXT.encode() not in raw and b"Amira" not in raw, left
            journals += left.name.endswith("-journal")
        cipher.remember(path, PASS)
        with Project.open(path) as after:  # the writable open rolls a hot journal back
            assert after.encrypted
            assert after.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            amira = after.coder("Amira")
            n = after.db.execute(
                "SELECT count(*) FROM codings WHERE coder_uuid = ?", [amira.uuid]
            ).fetchone()[0]
            merges = after.db.execute("SELECT count(*) FROM merges").fetchone()[0]
            assert (n, merges) in {(0, 0), (expected, 1)}, (delay, n, merges)
            outcomes.add(n == expected)
        assert not path.read_bytes().startswith(b"SQLite format 3")
    # caught both before and after the commit, else the test proved nothing about the middle
    assert outcomes == {True, False}, (outcomes, journals)
