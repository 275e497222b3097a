"""``ictool disagreements``, ``resolve`` and ``export`` run as a user would run them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pyreadstat
import pytest

from ictool.core import coding
from ictool.core.project import Project
from ictool.core.store import audit_repo
from ictool.core.team.hand_out import build_package
from tests.e2e.conftest import Cli


def var(p: Project, name: str) -> str:
    v = p.codebook.get(name)
    assert v is not None
    return v.uuid


@pytest.fixture
def project(populated_project: Project) -> Path:
    """Two disagreements (gender on INT-001, motives on INT-002), then closed for the CLI."""
    p = populated_project
    a, j = p.coder("Amira").uuid, p.coder("Jonas").uuid
    d1, d2, _ = (d.uuid for d in p.documents())
    coding.set_value(p, a, d1, var(p, "gender"), 1)
    coding.set_value(p, j, d1, var(p, "gender"), 2)
    coding.set_value(p, a, d1, var(p, "age_join"), 30)
    coding.set_value(p, j, d1, var(p, "age_join"), 30)
    coding.set_value(p, a, d2, var(p, "motives"), (1,))
    coding.set_value(p, j, d2, var(p, "motives"), (1, 3))
    coding.set_memo(p, j, d2, "=cmd|' /C calc'!A0")
    path = p.path
    p.close()
    return path


def test_disagreements_table_json_and_csv(cli: Cli, project: Path) -> None:
    table = cli("disagreements", project)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["document", "variable", "status", "Amira", "Jonas", "resolution"]
    assert "INT-001" in lines[1] and "1 (Woman)" in lines[1] and "2 (Man)" in lines[1]
    assert "1|3 (Ideology|Money)" in lines[2]
    assert lines[-1] == "2 disagreements, 2 unresolved"

    data = json.loads(cli("disagreements", project, "--json").stdout)["disagreements"]
    assert [(d["document"], d["variable"]) for d in data] == [("INT-001", "gender"), ("INT-002", "motives")]
    assert data[0]["values"] == {"Amira": 1, "Jonas": 2}
    assert data[0]["labels"] == {"Amira": "Woman", "Jonas": "Man"}
    assert data[1]["values"] == {"Amira": [1], "Jonas": [1, 3]}
    assert data[1]["memo"] == {"Jonas": "=cmd|' /C calc'!A0"}
    assert data[0]["status"] == "unresolved" and data[0]["resolution"] is None

    out = cli("disagreements", project, "--csv", "--variable", "motives")
    rows = list(csv.DictReader(io.StringIO(out.stdout, newline="")))
    assert len(rows) == 1 and rows[0]["value (Jonas)"] == "1|3"
    assert rows[0]["memos"] == "[Jonas] =cmd|' /C calc'!A0"  # starts with '[': no quote needed

    bad = cli("disagreements", project, "--variable", "nope")
    assert bad.returncode == 2 and bad.stderr.startswith("error: no variable named 'nope'")


def test_resolve_set_change_clear(cli: Cli, project: Path) -> None:
    first = cli("--as", "Lead", "resolve", project, "INT-001", "gender", "Man", "--note", "=she says so")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "INT-001 gender: resolved as 2 (Man)"
    again = cli("resolve", project, "int-001", "GENDER", "2", "--note", "=she says so")
    assert again.stdout.strip() == "INT-001 gender: unchanged, still 2 (Man)"
    changed = cli("resolve", project, "INT-001", "gender", "1")
    assert changed.stdout.strip() == "INT-001 gender: resolution changed from 2 (Man) to 1 (Woman)"
    multi = cli("resolve", project, "INT-002", "motives", "Ideology | 3")
    assert multi.stdout.strip() == "INT-002 motives: resolved as 1|3 (Ideology|Money)"
    none = cli("resolve", project, "INT-003", "motives", "[]")
    assert none.returncode == 0 and "resolved as []" in none.stdout

    data = json.loads(cli("disagreements", project, "--json").stdout)["disagreements"]
    assert data[0]["status"] == "resolved" and data[0]["resolution"] == 1
    assert data[0]["note"] == "=she says so"  # a change of value without --note keeps the note
    assert data[1]["resolution"] == [1, 3] and data[1]["resolved_by"]
    unresolved = json.loads(cli("disagreements", project, "--json", "--unresolved").stdout)
    assert unresolved == {"disagreements": []}

    cleared = cli("resolve", project, "INT-001", "gender", "--clear")
    assert cleared.stdout.strip() == "INT-001 gender: resolution cleared"
    assert cli("resolve", project, "INT-001", "gender", "--clear").stdout.strip() == (
        "INT-001 gender: had no resolution"
    )
    with Project.open(project) as p:
        assert [r.value for r in coding.all_values(p) if r.variable_uuid == var(p, "gender")] == [1, 2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("INT-001", "gender", "7"), "‘7’ is not a choice of ‘gender’"),
        (("INT-001", "age_join", "200"), "200 is outside the range of ‘age_join’"),
        (("INT-001", "age_join", "old"), "‘old’ is not a number"),
        (("INT-009", "gender", "1"), "no document with id 'INT-009'"),
        (("INT-001", "nope", "1"), "no variable named 'nope'"),
        (("INT-001", "gender", "1", "--clear"), "--clear removes a resolution"),
        (("INT-001", "gender"), "give the final VALUE"),
        (("INT-001", "gender", " "), "the value is empty"),
    ],
)
def test_resolve_refuses_bad_input(cli: Cli, project: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("resolve", project, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_resolve_and_export_refused_in_a_coder_package(cli: Cli, project: Path, tmp_path: Path) -> None:
    package = tmp_path / "amira.ictool"
    with Project.open(project) as p:
        build_package(p, "Amira", package)
    result = cli("resolve", package, "INT-001", "gender", "1")
    assert result.returncode == 2 and "coder package" in result.stderr
    exported = cli("export", package, "-o", tmp_path / "x.csv")
    assert exported.returncode == 2 and "coder package" in exported.stderr


def test_export_all_formats(cli: Cli, project: Path, tmp_path: Path) -> None:
    xlsx = cli("export", project, "-o", tmp_path / "out.xlsx", "--bootstrap", "50", "--seed", "3")
    assert xlsx.returncode == 0, xlsx.stderr
    assert xlsx.stdout.startswith(f"wrote {tmp_path / 'out.xlsx'} (Final 3, Codings 6,")
    assert "2 unresolved cells of the final dataset marked UNRESOLVED" in xlsx.stderr
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb["Final"]["B2"].value == "UNRESOLVED"

    out_csv = tmp_path / "out.csv"
    result = cli("export", project, "-o", out_csv, "--bom", "--labels")
    assert result.returncode == 0 and "2 unresolved cells of the final dataset left empty" in result.stderr
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8-sig", newline="")))
    assert [r["gender"] for r in rows] == ["", "", ""] and rows[0]["age_join"] == "30"

    sav = cli("export", project, "-o", tmp_path / "out.sav")
    assert sav.returncode == 0, sav.stderr
    df, meta = pyreadstat.read_sav(str(tmp_path / "out.sav"), user_missing=True)
    assert list(df["document"]) == ["INT-001", "INT-002", "INT-003"]
    assert meta.variable_value_labels["gender"][9.0] == "Not mentioned"


def test_export_strict_and_bad_options(cli: Cli, project: Path, tmp_path: Path) -> None:
    strict = cli("export", project, "-o", tmp_path / "out.xlsx", "--strict")
    assert strict.returncode == 2 and "2 cells of the final dataset are still unresolved" in strict.stderr
    assert "INT-001 gender" in strict.stderr and not (tmp_path / "out.xlsx").exists()
    assert cli("resolve", project, "INT-001", "gender", "1").returncode == 0
    assert cli("resolve", project, "INT-002", "motives", "1").returncode == 0
    ok = cli("export", project, "-o", tmp_path / "out.xlsx", "--strict")
    assert ok.returncode == 0 and ok.stderr == ""
    for args, message in [
        (("-o", tmp_path / "out.txt"), "the export must end in .xlsx or .csv or .sav"),
        (("-o", tmp_path / "out.sav", "--bom"), "--bom applies to a .csv export only"),
        (("-o", tmp_path / "out.csv", "--bootstrap", "10"), "--bootstrap applies to the .xlsx"),
    ]:
        bad = cli("export", project, *args)
        assert bad.returncode == 2 and message in bad.stderr


def test_a_second_resolve_without_note_keeps_the_note(cli: Cli, project: Path) -> None:
    assert cli("resolve", project, "INT-001", "gender", "1", "--note", "R. says so at 14:02").returncode == 0
    assert cli("resolve", project, "INT-001", "gender", "2").returncode == 0
    shown = json.loads(cli("disagreements", project, "--json").stdout)
    item = next(d for d in shown["disagreements"] if d["document"] == "INT-001" and d["variable"] == "gender")
    assert item["note"] == "R. says so at 14:02"
    assert cli("resolve", project, "INT-001", "gender", "2", "--note", "").returncode == 0
    shown = json.loads(cli("disagreements", project, "--json").stdout)
    item = next(d for d in shown["disagreements"] if d["document"] == "INT-001" and d["variable"] == "gender")
    assert item["note"] in ("", None)
    with Project.open(project, readonly=True) as p:
        notes = [e.new for e in audit_repo.entries(p.db) if e.action.endswith("resolution")]
    assert len(notes) == 3 and all(n is not None and "14:02" in n for n in notes[:2])


def test_exports_never_replace_a_file_without_force(cli: Cli, project: Path, tmp_path: Path) -> None:
    for name in ("mine.xlsx", "mine.csv", "mine.sav", "codebook.xlsx"):
        target = tmp_path / name
        target.write_bytes(b"someone's unrelated work")
        command = ("codebook", "export", project) if name == "codebook.xlsx" else ("export", project)
        refused = cli(*command, "-o", target)
        assert refused.returncode == 2 and "already exists" in refused.stderr and "--force" in refused.stderr
        assert target.read_bytes() == b"someone's unrelated work"
        replaced = cli(*command, "-o", target, "--force")
        assert replaced.returncode == 0, replaced.stderr
        assert target.read_bytes() != b"someone's unrelated work"


def test_package_and_project_names_are_checked(cli: Cli, project: Path, tmp_path: Path) -> None:
    bad = cli("package", project, "--coder", "Amira", "-o", tmp_path / "amira.txt")
    assert bad.returncode == 2 and "a coder package must end in .ictcoder" in bad.stderr
    assert not (tmp_path / "amira.txt").exists()
    bad_new = cli("new", tmp_path / "study.db", "--codebook", tmp_path / "nothing.csv")
    assert bad_new.returncode == 2 and "a project file must end in .ictool" in bad_new.stderr


@pytest.mark.parametrize("command", ["disagreements", "resolve", "export"])
def test_help(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.returncode == 0 and f"usage: ictool {command}" in result.stdout
