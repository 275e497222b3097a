"""``ictool codebook update`` through a real subprocess: export, edit, update, and the refusals."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.project import Project
from ictool.core.store import audit_repo, codings_repo
from ictool.core.team.hand_out import build_package
from tests.e2e.conftest import Cli


@pytest.fixture
def project_file(populated_project: Project) -> Path:
    amira = populated_project.coder("Amira").uuid
    doc = populated_project.document("INT-001").uuid
    var = {v.name: v.uuid for v in populated_project.codebook}
    coding.set_value(populated_project, amira, doc, var["gender"], 2)
    coding.set_value(populated_project, amira, doc, var["motives"], (1, 3))
    path = populated_project.path
    populated_project.close()
    return path


def exported(cli: Cli, project: Path, out: Path) -> list[dict[str, str]]:
    result = cli("codebook", "export", project, "-o", out)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def fingerprint(path: Path) -> tuple[object, ...]:
    with Project.open(path, readonly=True) as project:
        return (
            project.full_codebook(),
            project.codebook_version,
            codings_repo.all_codings(project.db),
            audit_repo.count(project.db),
        )


def test_help(cli: Cli) -> None:
    result = cli("codebook", "update", "--help")
    assert result.returncode == 0
    assert "--allow-remove" in result.stdout
    assert "matched by name" in " ".join(result.stdout.split())


def test_exported_codebook_reads_back_unchanged(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    exported(cli, project_file, tmp_path / "cb.csv")
    before = fingerprint(project_file)
    result = cli("codebook", "update", project_file, tmp_path / "cb.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "cb.csv matches the codebook: nothing changed (version 1)\n"
    assert fingerprint(project_file) == before


def test_add_a_variable_and_a_category(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    rows = exported(cli, project_file, tmp_path / "cb.csv")
    for row in rows:
        if row["name"] == "motives":
            row["choices"] += " | 4, Revenge"
    rows.insert(0, {**rows[0], "name": "exit_year", "label": "Year of exit", "level": "interval"})
    rows[0].update(choices="", missing="", multiple="", min="1950", max="2030", group="Exit")
    result = cli("--as", "lead", "codebook", "update", project_file, write(tmp_path / "v2.csv", rows))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "codebook of study.ictool is now version 2:",
        "  added variable 'exit_year'",
        "  'motives': added category 4 'Revenge'",
    ]  # a new variable in front moves no kept variable: no reorder is reported
    with Project.open(project_file, readonly=True) as project:
        assert project.codebook_version == 2
        assert project.codebook.variables[0].name == "exit_year"
        motives = project.codebook.get("motives")
        assert motives is not None and [c.code for c in motives.choices] == [1, 2, 3, 4]
        entries = [e for e in audit_repo.entries(project.db) if e.action.startswith("codebook:")]
        assert {e.actor for e in entries} == {"lead"}


def test_removal_needs_allow_remove(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    rows = [r for r in exported(cli, project_file, tmp_path / "cb.csv") if r["name"] != "gender"]
    sheet = write(tmp_path / "v2.csv", rows)
    before = fingerprint(project_file)
    refused = cli("codebook", "update", project_file, sheet)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "error: v2.csv: the variable 'gender' is not in the sheet but has 1 value; use --allow-remove "
        "to retire it (its values are kept, but no longer coded)"
    ]
    assert fingerprint(project_file) == before

    allowed = cli("codebook", "update", project_file, sheet, "--allow-remove")
    assert allowed.returncode == 0, allowed.stderr
    assert "  removed variable 'gender' (retired; its 1 stored value is kept)" in allowed.stdout.splitlines()
    with Project.open(project_file, readonly=True) as project:
        assert project.codebook.get("gender") is None
        gender = project.full_codebook().get("gender")
        assert gender is not None
        amira = project.coder("Amira").uuid
        assert coding.value(project, amira, project.document("INT-001").uuid, gender.uuid) == 2


def test_kind_change_is_refused(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    rows = exported(cli, project_file, tmp_path / "cb.csv")
    for row in rows:
        if row["name"] == "motives":
            row["multiple"] = "no"
    before = fingerprint(project_file)
    result = cli("codebook", "update", project_file, write(tmp_path / "v2.csv", rows), "--allow-remove")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: 'motives' would change from multi to single, which its 1 stored value cannot follow; "
        "add a new variable instead"
    ]
    assert fingerprint(project_file) == before


def test_a_package_is_refused(cli: Cli, populated_project: Project, tmp_path: Path) -> None:
    package = tmp_path / "amira.ictcoder"
    build_package(populated_project, "Amira", package)
    populated_project.close()
    rows = exported(cli, package, tmp_path / "cb.csv")
    result = cli("codebook", "update", package, write(tmp_path / "v2.csv", rows))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "this needs the lead's project file" in result.stderr
