"""An output never replaces the file a command reads, under any spelling of its name; Windows' device
names are refused before the work. Platforms other than Linux are simulated."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictool.cli.outputs import checked_output
from ictool.core.errors import UserError
from ictool.core.project import Project
from tests.e2e.conftest import Cli


def test_force_never_writes_over_the_file_being_read(cli: Cli, populated_project: Project) -> None:
    """Files are told apart by content, so a project may well be called ``study.csv``."""
    path = populated_project.path
    populated_project.close()
    disguised = path.rename(path.with_name("study.csv"))
    before = disguised.read_bytes()
    result = cli("export", disguised, "-o", disguised, "--force")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is the file being read" in result.stderr
    assert disguised.read_bytes() == before
    result = cli("codebook", "export", disguised, "-o", disguised.parent / "." / "study.csv", "--force")
    assert result.returncode == 2 and "is the file being read" in result.stderr
    assert disguised.read_bytes() == before


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_another_spelling_is_the_same_file_where_case_is_ignored(tmp_path: Path, platform: str) -> None:
    source = tmp_path / "Study.csv"  # not there (yet): only the names can be compared
    with pytest.raises(UserError, match="is the file being read"):
        checked_output(tmp_path / "study.CSV", (".csv",), "the export", reads=[source], platform=platform)
    assert checked_output(tmp_path / "study.CSV", (".csv",), "the export", reads=[source], platform="linux")


@pytest.mark.parametrize("name", ["CON.xlsx", "nul.csv", "Com1.xlsx", "lpt3.sav"])
def test_windows_device_names_are_refused_there(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    with pytest.raises(UserError, match="device name on Windows"):
        checked_output(out, (".xlsx", ".csv", ".sav"), "the export", platform="win32")
    assert checked_output(out, (".xlsx", ".csv", ".sav"), "the export", platform="linux") == out
    assert checked_output(tmp_path / "Console.xlsx", (".xlsx",), "the export", platform="win32")


def test_a_refusal_suggests_force_only_where_the_command_has_it(cli: Cli, populated_project: Project) -> None:
    path = populated_project.path
    populated_project.close()
    taken = path.with_name("amira.ictcoder")
    taken.write_bytes(b"someone's file")
    result = cli("package", path, "--coder", "Amira", "-o", taken)
    assert result.returncode == 2 and "already exists; choose another name" in result.stderr
    assert "--force" not in result.stderr  # package has no --force: the hint would be refused
    assert taken.read_bytes() == b"someone's file"
    export = path.with_name("final.xlsx")
    export.write_bytes(b"")
    result = cli("export", path, "-o", export)
    assert result.returncode == 2 and "add --force to replace it" in result.stderr
