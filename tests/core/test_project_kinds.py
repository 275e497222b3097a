"""The two kinds of file are two types: a lead's ``Project`` and a coder's ``CoderPackage``.

Lead-only use cases accept only a ``Project`` (mypy keeps them apart in the code); where a person
chose the file, the kind is checked once, on opening, with one wording, and the file is untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project, open_study_file
from ictool.core.team.hand_out import build_package


@pytest.fixture
def package(populated_project: Project, tmp_path: Path) -> Path:
    out = tmp_path / "amira.ictcoder"
    build_package(populated_project, "Amira", out)
    return out


def test_a_package_opened_as_a_project_is_refused_untouched(package: Path) -> None:
    before = package.read_bytes()
    with pytest.raises(UserError, match=r"is a coder package; this needs the lead's project file"):
        Project.open(package)
    assert package.read_bytes() == before
    assert not package.with_name(package.name + "-journal").exists()


def test_a_project_opened_as_a_package_is_refused_untouched(populated_project: Project) -> None:
    path = populated_project.path
    populated_project.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match=r"is a project file; this needs a coder package"):
        CoderPackage.open(path)
    assert path.read_bytes() == before


def test_open_study_file_returns_the_kind_the_file_is(populated_project: Project, package: Path) -> None:
    populated_project.close()
    with open_study_file(populated_project.path) as lead:
        assert type(lead) is Project
    with open_study_file(package) as coder_file:
        assert isinstance(coder_file, CoderPackage)
        assert coder_file.owner.name == "Amira"
        assert coder_file.actor == "Amira"  # the person acting in a package is its coder


def test_only_a_package_counts_revisions(populated_project: Project, package: Path) -> None:
    with CoderPackage.open(package) as pkg:
        start = pkg.revision
        with pkg.transaction():
            pkg.audit("touch")
        assert pkg.revision == start + 1
    with populated_project.transaction():
        populated_project.audit("touch")
    assert populated_project.meta("package_revision") is None
