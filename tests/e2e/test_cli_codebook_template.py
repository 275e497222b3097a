"""``ictool codebook template``: a workbook that ``ictool new`` takes as it is, never over a file."""

from __future__ import annotations

from pathlib import Path

from ictool.core.codebook.sheet import read_codebook
from ictool.core.codebook.template import TEMPLATE
from ictool.core.project import Project
from tests.e2e.conftest import Cli


def test_the_template_starts_a_project(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "codebook.xlsx"
    result = cli("codebook", "template", out)
    assert result.returncode == 0, result.stderr
    assert f"7 example variables to {out}" in result.stdout
    assert read_codebook(out) == TEMPLATE
    project = tmp_path / "study.ictool"
    result = cli("new", project, "--codebook", out)
    assert result.returncode == 0, result.stderr
    with Project.open(project, readonly=True) as opened:
        assert [v.name for v in opened.codebook] == [v.name for v in TEMPLATE]


def test_an_existing_file_needs_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "codebook.xlsx"
    out.write_bytes(b"my own codebook")
    result = cli("codebook", "template", out)
    assert result.returncode == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == b"my own codebook"
    result = cli("codebook", "template", out, "--force")
    assert result.returncode == 0, result.stderr
    assert read_codebook(out) == TEMPLATE


def test_only_xlsx(cli: Cli, tmp_path: Path) -> None:
    result = cli("codebook", "template", tmp_path / "codebook.csv")
    assert result.returncode == 2
    assert "must end in .xlsx" in result.stderr
    assert not (tmp_path / "codebook.csv").exists()
