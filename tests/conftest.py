"""Shared fixtures. Qt runs offscreen: without it pytest aborts (exit 134) on a headless machine."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from collections.abc import Iterator
from pathlib import Path

import pytest

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents


def make_codebook() -> Codebook:
    """A small codebook with one variable of each kind, built in code (no sheet parsing)."""
    return Codebook(
        (
            Variable(
                "gender",
                Level.NOMINAL,
                label="Gender",
                group="Demographics",
                choices=(Category(1, "Woman"), Category(2, "Man"), Category(9, "Not mentioned")),
                missing=(9,),
            ),
            Variable(
                "age_join",
                Level.RATIO,
                label="Age at joining",
                group="Demographics",
                minimum=10,
                maximum=80,
                missing=(999,),
            ),
            Variable(
                "disillusion",
                Level.ORDINAL,
                label="Degree of disillusionment",
                group="Exit",
                choices=tuple(Category(i, lab) for i, lab in enumerate(["None", "Low", "Medium", "High"], 1)),
            ),
            Variable(
                "motives",
                Level.NOMINAL,
                label="Motivations",
                group="Motivations",
                multiple=True,
                choices=(Category(1, "Ideology"), Category(2, "Belonging"), Category(3, "Money")),
            ),
            Variable("memo", Level.TEXT, label="Notable quote", group="Exit"),
        )
    )


@pytest.fixture
def codebook() -> Codebook:
    return make_codebook()


@pytest.fixture
def fresh_project(tmp_path: Path) -> Iterator[Project]:
    project = Project.create(tmp_path / "study.ictool", make_codebook(), title="Study", actor="lead")
    try:
        yield project
    finally:
        project.close()


def write_transcripts(folder: Path, n: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        p = folder / f"INT-{i:03d}.txt"
        p.write_text(f"I: Tell me about yourself.\nR: I am respondent {i}. مرحبا 🙂\n", encoding="utf-8")
        paths.append(p)
    return paths


@pytest.fixture
def populated_project(fresh_project: Project, tmp_path: Path) -> Project:
    """Three documents and two coders, everyone assigned everything."""
    from ictool.core.team.assign import assign

    import_documents(fresh_project, write_transcripts(tmp_path / "docs"))
    add_coders(fresh_project, ["Amira", "Jonas"])
    assign(fresh_project)
    return fresh_project
