"""A project set up in one step, built beside its target and renamed in: nothing half-made is ever left."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.setup.coders import name_problems
from ictool.core.team.assign import sizes
from ictool.core.team.new_project import new_project
from tests.conftest import make_codebook, write_transcripts


def test_everything_is_set_up(tmp_path: Path) -> None:
    docs = write_transcripts(tmp_path / "docs", 10)
    steps: list[tuple[int, int, str]] = []
    made = new_project(
        tmp_path / "study.ictool",
        make_codebook(),
        title="Study",
        actor="lead",
        transcripts=[tmp_path / "docs"],
        coders=["Amira", "Jonas"],
        overlap=0.3,
        seed=7,
        progress=lambda *a: steps.append(a),
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "study.ictool"]  # no temporary left
    assert len(made.imported.imported) == len(docs) and made.assignment is not None
    assert made.assignment.seed == 7 and len(made.assignment.reliability_sample) == 3
    with Project.open(made.path) as p:
        assert p.title == "Study" and [c.name for c in p.coders()] == ["Amira", "Jonas"]
        assert len(p.documents()) == 10
    assert steps[-1][:2] == (4, 4)


def test_a_problem_creates_nothing(tmp_path: Path) -> None:
    write_transcripts(tmp_path / "docs", 2)
    with pytest.raises(UserError):
        new_project(
            tmp_path / "study.ictool", make_codebook(), transcripts=[tmp_path / "docs"], coders=["A", "a"]
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "study.ictool"
    target.write_bytes(b"mine")
    with pytest.raises(UserError, match="already exists"):
        new_project(target, make_codebook())
    assert target.read_bytes() == b"mine"


def test_without_transcripts_or_coders_only_the_codebook(tmp_path: Path) -> None:
    made = new_project(tmp_path / "s.ictool", make_codebook())
    assert made.assignment is None and made.imported.imported == []
    with Project.open(made.path) as p:
        assert p.title == "s" and len(p.codebook) == len(make_codebook())


def test_sizes_match_what_assign_draws() -> None:
    assert sizes(10, 2, 0.3) == sizes(10, 2, 0.3)
    s = sizes(10, 3, 0.2)
    assert (s.shared, s.fewest, s.most) == (2, 4, 5)
    assert sizes(10, 3, None).shared == 10 and sizes(0, 3, 0.2).shared == 0


def test_name_problems() -> None:
    assert name_problems(["Amira", " Jonas "]) == []
    assert name_problems(["", "A", "a", "x" * 81, "Lena"], existing=["lena"]) == [
        "a coder name cannot be empty",
        "coder 'a' is named twice",
        f"coder name '{'x' * 20}…' is longer than 80 characters",
        "a coder named 'Lena' already exists",
    ]


def test_an_encrypted_project_is_never_plaintext_and_opens_without_asking_again(tmp_path: Path) -> None:
    from ictool.core.store import cipher

    target = tmp_path / "secret.ictool"
    try:
        made = new_project(
            target,
            make_codebook(),
            transcripts=[write_transcripts(tmp_path / "docs", 3)[0].parent],
            coders=["Amira"],
            passphrase="correct horse",
        )
        assert not target.read_bytes().startswith(b"SQLite format 3")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "secret.ictool"]  # no temporary left
        with Project.open(made.path) as project:  # remembered for this path in this process
            assert project.encrypted and len(project.documents()) == 3
        cipher.forget(target)
        with pytest.raises(UserError):
            Project.open(target)  # and without it, refused
    finally:
        cipher.forget(target)
    with pytest.raises(UserError, match="empty passphrase"):
        new_project(tmp_path / "empty.ictool", make_codebook(), passphrase="")
    assert not (tmp_path / "empty.ictool").exists()
