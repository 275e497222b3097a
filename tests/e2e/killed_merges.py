"""What both killed-merge tests share: a coded study, and merges killed at fractions of a full one's time.

Why fractions of a measured merge: the early kills land before or inside the transaction, the late ones
after its commit, whatever the machine's speed.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ictool.core import coding
from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.coding import ValueChange
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package

FRACTIONS = (0.3, 0.6, 0.75, 0.85, 0.9, 0.95, 1.5)


def big_codebook(n: int = 120) -> Codebook:
    variables = []
    for i in range(n):
        if i % 2:
            variables.append(Variable(f"v{i}", Level.RATIO, minimum=0, maximum=1000))
        else:
            variables.append(Variable(f"v{i}", Level.NOMINAL, choices=(Category(1, "a"), Category(2, "b"))))
    return Codebook(tuple(variables))


def coded_study(src: Path, text: str = "transcript", passphrase: str | None = None) -> tuple[Path, Path, int]:
    """A project of 60 transcripts and Amira's package with every variable coded: (project, package,
    values coded)."""
    docs = src / "docs"
    docs.mkdir(parents=True)
    for i in range(60):
        (docs / f"D{i:03d}.txt").write_text(f"{text} {i}\n" * 50, encoding="utf-8")
    project_path = src / "project.ictool"
    package = src / "amira.ictcoder"
    with Project.create(project_path, big_codebook(), actor="lead", passphrase=passphrase) as p:
        import_documents(p, [docs])
        add_coders(p, ["Amira", "Jonas"])
        assign(p)
        build_package(p, "Amira", package, passphrase=passphrase)
    with CoderPackage.open(package) as pkg:
        me = pkg.owner
        changes = [
            ValueChange(me.uuid, d.uuid, v.uuid, 1 if v.level is Level.NOMINAL else 7)
            for d in pkg.documents()
            for v in pkg.codebook
        ]
        coding.apply(pkg, changes)
    return project_path, package, len(changes)


def killed_merges(project: Path, package: Path, tmp_path: Path, env: dict[str, str]) -> Iterator[Path]:
    """Copies of ``project`` into which ``ictool merge package`` was SIGKILLed at each of ``FRACTIONS``
    of a full merge's time (the last ones after it ended): yielded in turn, each after its kill."""
    command = [sys.executable, "-m", "ictool.cli.main", "merge"]
    timed = tmp_path / "timed"
    timed.mkdir()
    shutil.copy(project, timed / "project.ictool")
    started = time.perf_counter()
    subprocess.run(
        [*command, str(timed / "project.ictool"), str(package)], env=env, check=True, capture_output=True
    )
    full = time.perf_counter() - started
    for k, fraction in enumerate(FRACTIONS):
        work = tmp_path / f"run{k}"
        work.mkdir()
        path = work / "project.ictool"
        shutil.copy(project, path)
        proc = subprocess.Popen(
            [*command, str(path), str(package)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(full * fraction)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        yield path


def merged(project: Project) -> tuple[int, int]:
    """(Amira's values in the project, merges recorded): (0, 0) or (all, 1) if the merge was atomic."""
    amira = project.coder("Amira")
    n = project.db.execute("SELECT count(*) FROM codings WHERE coder_uuid = ?", [amira.uuid]).fetchone()[0]
    return int(n), int(project.db.execute("SELECT count(*) FROM merges").fetchone()[0])
