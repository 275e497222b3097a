"""``ictool import-codes`` through a real subprocess: exit codes, one ``error:`` line per problem."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ictool.core import coding
from ictool.core.project import CoderPackage, Project, open_study_file
from ictool.core.store import audit_repo, codings_repo
from ictool.core.team.hand_out import build_package
from tests.e2e.conftest import Cli


def read_back(path: Path, coder: str, doc_id: str) -> dict[str, object]:
    with open_study_file(path, readonly=True) as project:
        who = project.owner if isinstance(project, CoderPackage) else project.coder(coder)
        names = {v.uuid: v.name for v in project.codebook}
        got = coding.values(project, who.uuid, project.document(doc_id).uuid)
        return {names[k]: v for k, v in got.items()}


def fingerprint(path: Path) -> tuple[object, ...]:
    with Project.open(path, readonly=True) as project:
        return codings_repo.all_codings(project.db), audit_repo.count(project.db)


@pytest.fixture
def project_file(populated_project: Project) -> Path:
    path = populated_project.path
    populated_project.close()
    return path


def test_help_describes_the_layout(cli: Cli) -> None:
    result = cli("import-codes", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for phrase in ("'document' column", "one column per variable", "separated by |", "[] for", "blank cell"):
        assert phrase in text


def test_csv_into_a_project(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "codes.csv"
    sheet.write_bytes(
        b"\xef\xbb\xbfdocument;gender;age_join;motives;memo\r\n"
        b"INT-001;Man;34.0;Ideology|3;NA\r\nINT-002;01;;[];\r\n"
    )
    result = cli("--as", "lead", "import-codes", project_file, "--coder", "jonas", sheet)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "codes.csv: 6 values for Jonas on 2 documents: 6 changed, 0 unchanged"
    assert read_back(project_file, "Jonas", "INT-001") == {
        "gender": 2,
        "age_join": 34,
        "motives": (1, 3),
        "memo": "NA",
    }
    assert read_back(project_file, "Jonas", "INT-002") == {"gender": 1, "motives": ()}
    assert read_back(project_file, "Amira", "INT-001") == {}


def test_xlsx_with_numeric_cells(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Document", "Gender", "disillusion"])
    sheet.append(["INT-003", 9.0, 4])
    book.save(tmp_path / "codes.xlsx")
    result = cli("import-codes", project_file, tmp_path / "codes.xlsx", "--coder", "Amira")
    assert result.returncode == 0, result.stderr
    assert read_back(project_file, "Amira", "INT-003") == {"gender": 9, "disillusion": 4}


def test_every_problem_is_an_error_line_and_nothing_is_imported(
    cli: Cli, project_file: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "codes.csv"
    sheet.write_text(
        "document,gender,age_join,hobby\nINT-001,1,30,\nINT-404,2,,\nINT-002,1,230,\nINT-001,2,,\n",
        encoding="utf-8",
    )
    before = fingerprint(project_file)
    result = cli("import-codes", project_file, sheet, "--coder", "Amira")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: codes.csv row 1, column 'hobby': no variable named 'hobby' in the codebook",
        "error: codes.csv row 3, column 'document': no document 'INT-404' in study.ictool",
        "error: codes.csv row 4, column 'age_join': 230 is outside the range of ‘age_join’ (10 to 80); "
        "missing codes: 999",
        "error: codes.csv row 5, column 'document': document 'INT-001' is already in row 2",
    ]
    assert fingerprint(project_file) == before


def test_project_needs_a_known_coder(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "codes.csv"
    sheet.write_text("document,gender\nINT-001,1\n", encoding="utf-8")
    missing = cli("import-codes", project_file, sheet)
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: ") and "--coder" in missing.stderr
    unknown = cli("import-codes", project_file, sheet, "--coder", "Zoe")
    assert unknown.returncode == 2
    assert "no coder named 'Zoe'" in unknown.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr


def test_package_with_and_without_coder(cli: Cli, populated_project: Project, tmp_path: Path) -> None:
    package = tmp_path / "amira.ictcoder"
    build_package(populated_project, "Amira", package)
    populated_project.close()
    sheet = tmp_path / "codes.csv"
    sheet.write_text("document\tmotives\nINT-002\tBelonging | Money\n", encoding="utf-8")

    wrong = cli("import-codes", package, sheet, "--coder", "Jonas")
    assert wrong.returncode == 2
    assert wrong.stderr.splitlines() == [
        f"error: {package}: this coder package belongs to Amira, not to 'Jonas'; values can only be "
        "imported for the package's own coder"
    ]
    assert read_back(package, "Amira", "INT-002") == {}

    result = cli("import-codes", package, sheet)
    assert result.returncode == 0, result.stderr
    assert read_back(package, "Amira", "INT-002") == {"motives": (2, 3)}
    again = cli("import-codes", package, sheet, "--coder", "AMIRA")
    assert again.returncode == 0, again.stderr
    assert "0 changed, 1 unchanged" in again.stdout


def test_unreadable_sheet(cli: Cli, project_file: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "codes.xls"
    sheet.write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("import-codes", project_file, sheet, "--coder", "Amira")
    assert result.returncode == 2
    assert result.stderr == "error: codes.xls is in the old .xls format: save it from Excel as .xlsx\n"
